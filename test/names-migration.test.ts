/**
 * Migration 012 (issue #13): participants and models from before names in two
 * scripts get the comparison keys of their names from the one TypeScript
 * definition, so a new participant is checked against them and a search finds
 * them in any width or case.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ENGINE, freshDatabase, type TestDatabase } from './harness.ts';
import { migrate } from '../src/store/migrate.ts';
import { FactsCache } from '../src/registry/robots/facts-cache.ts';
import { registryContext, type RegistryContext } from '../src/registry/context.ts';
import { createParticipant, listParticipants } from '../src/registry/participants/participants.ts';
import { listModels } from '../src/registry/models/models.ts';
import { RegistryError } from '../src/errors.ts';
import type { Principal } from '../src/access/principal.ts';
import { createLogSigner } from '../src/registry/log/log-signer.ts';
import { generateSignerKey } from '../src/ledger/index.ts';

const REGULATOR: Principal = {
  participantId: '00000000-0000-4000-8000-000000000002',
  name: 'Regulator',
  roles: ['regulator'],
  enterpriseCode: null,
};
const MAKER = '00000000-0000-4000-8000-000000000001';

let db: TestDatabase;
let ctx: RegistryContext;
let applied: number[];

before(async () => {
  db = await freshDatabase('011');
  await db.store.query(
    `INSERT INTO participants (id, name, country, roles, enterprise_code)
     VALUES ($1, 'ＵＢＴＥＣＨ Robotics', 'CN', '{manufacturer}', '0001'), ($2, '国家机器人登记管理机构', 'CN', '{regulator}', NULL)`,
    [MAKER, REGULATOR.participantId],
  );
  await db.store.query(
    `INSERT INTO models (enterprise_code, model_code, name, category, parameters, component_types, status)
     VALUES ('0001', '000001', 'Walker Ｘ', 'humanoid', '{}', '{main_controller}', 'approved')`,
  );
  applied = await migrate(db.store);
  const { signerKey } = generateSignerKey('test.local/log');
  ctx = registryContext({
    store: db.store,
    signer: createLogSigner('test.local/log', signerKey),
    now: () => new Date(),
    facts: new FactsCache(),
  });
});
after(() => db.dispose());

test(`[${ENGINE}] 012 fills the name keys of existing participants and models, and leaves English names empty`, async () => {
  assert.ok(applied.includes(12), `applied ${applied.join(', ')}`);
  const rows = await db.store.query<{ name_key: string; name_en: string | null }>('SELECT name_key, name_en FROM participants ORDER BY id');
  assert.deepEqual(
    rows.map((r) => [r.name_key, r.name_en]),
    [
      ['ubtechrobotics', null],
      ['国家机器人登记管理机构', null],
    ],
  );
  const [model] = await db.store.query<{ name_key: string }>('SELECT name_key FROM models');
  assert.equal(model?.name_key, 'walkerx');
});

test(`[${ENGINE}] after 012 a new participant is checked against names enrolled before it, and searches find them`, async () => {
  await assert.rejects(
    createParticipant(ctx, REGULATOR, { name: '优必选', nameEn: 'ubtech robotics', country: 'CN', roles: ['seller'] }),
    (e: unknown) => e instanceof RegistryError && e.code === 'DUPLICATE' && (e.extra.confusableWith as { id: string }).id === MAKER,
  );
  const found = await listParticipants(ctx, REGULATOR, { q: 'ubtech', limit: 10 });
  assert.deepEqual(
    found.map((p) => p.id),
    [MAKER],
  );
  const models = await listModels(ctx, { q: 'walker x', limit: 10 });
  assert.deepEqual(
    models.map((m) => [m.name, m.nameEn]),
    [['Walker Ｘ', null]],
  );
});
