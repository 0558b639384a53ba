/**
 * Migration 008 (issue #11, item 2): component rows from before canonical
 * identities get theirs from the one TypeScript definition; rows that collide
 * are ranked and reported in component_identity_conflicts, never merged; the
 * rules then treat every spelling of a part as that part.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ENGINE, freshDatabase, TEST_ORIGIN, type TestDatabase } from './harness.ts';
import { migrate } from '../src/store/migrate.ts';
import { generateSignerKey } from '../src/ledger/index.ts';
import { createLogSigner } from '../src/registry/log/log-signer.ts';
import { FactsCache } from '../src/registry/robots/facts-cache.ts';
import { registryContext, type RegistryContext } from '../src/registry/context.ts';
import { registerRobots } from '../src/registry/robots/register-robots.ts';
import { listIdentityConflicts, lookupComponent } from '../src/registry/components/component-lookup.ts';
import { RegistryError } from '../src/errors.ts';
import type { Principal } from '../src/access/principal.ts';

const AT = new Date('2026-11-20T08:00:00Z');
const MAKER = '00000000-0000-4000-8000-000000000001';
const REGULATOR: Principal = {
  participantId: '00000000-0000-4000-8000-000000000002',
  name: 'Regulator',
  roles: ['regulator'],
  enterpriseCode: null,
};
const maker: Principal = { participantId: MAKER, name: 'Maker', roles: ['manufacturer'], enterpriseCode: '0001' };
const code = (n: number) => `CN0001000001260101${String(n).padStart(10, '0')}Z`;

let db: TestDatabase;
let ctx: RegistryContext;
let applied: number[];

/** Rows as a registry at version 7 held them: each spelling its own part. */
const OLD_ROWS: [string, string, string, number, string, string][] = [
  ['main_controller', 'ACME', 'MC-1', 1, 'installed', '2026-01-01'],
  ['main_controller', 'acme ', 'mc1', 2, 'scrapped', '2026-02-01'],
  ['main_controller', 'ACME', 'MC-2', 3, 'installed', '2026-01-01'],
  ['battery_pack', 'Cells', 'BP-1', 3, 'removed', '2026-01-01'],
  ['battery_pack', 'ＣＥＬＬＳ', 'bp 1', 2, 'removed', '2026-03-01'],
  ['main_controller', 'Acme', 'MC-3', 4, 'installed', '2026-01-01'],
  ['main_controller', 'ACME', 'mc\u200b3', 5, 'installed', '2026-04-01'],
];

before(async () => {
  db = await freshDatabase('007');
  const q = db.store;
  await q.query(
    `INSERT INTO participants (id, name, country, roles, enterprise_code) VALUES ($1, 'Maker', 'CN', '{manufacturer}', '0001'), ($2, 'Regulator', 'CN', '{regulator}', NULL)`,
    [MAKER, REGULATOR.participantId],
  );
  await q.query(
    `INSERT INTO models (enterprise_code, model_code, name, category, parameters, component_types, status, filed_at)
                 VALUES ('0001', '000001', 'M', 'humanoid', '{}', '{main_controller,battery_pack}', 'approved', $1)`,
    [new Date('2026-01-01T00:00:00Z')],
  );
  for (let n = 1; n <= 5; n++) {
    await q.query(
      `INSERT INTO robots (code, enterprise_code, model_code, production_date, sequence, status, owner_id, version, registered_at, updated_at)
                   VALUES ($1, '0001', '000001', '2026-01-01', $2, 'registered', $3, 1, $4, $4)`,
      [code(n), n, MAKER, new Date('2026-01-01T00:00:00Z')],
    );
  }
  for (const [t, m, s, unit, state, at] of OLD_ROWS) {
    await q.query(
      'INSERT INTO components (component_type, maker, serial, lot, robot_code, state, updated_at) VALUES ($1, $2, $3, NULL, $4, $5, $6)',
      [t, m, s, code(unit), state, new Date(`${at}T00:00:00Z`)],
    );
  }
  applied = await migrate(q);
  const { signerKey } = generateSignerKey(TEST_ORIGIN);
  ctx = registryContext({ store: q, signer: createLogSigner(TEST_ORIGIN, signerKey), now: () => AT, facts: new FactsCache() });
});
after(() => db.dispose());

test(`[${ENGINE}] 008 gives every old row its canonical identity and keeps its spelling`, async () => {
  assert.ok(applied.includes(8), `applied ${applied}`);
  const rows = await db.store.query<{ maker: string; serial: string; canonical_maker: string; canonical_serial: string }>(
    'SELECT maker, serial, canonical_maker, canonical_serial FROM components ORDER BY maker, serial',
  );
  assert.equal(rows.length, OLD_ROWS.length, 'no row merged or lost');
  for (const r of rows) {
    assert.ok(['acme', 'cells'].includes(r.canonical_maker), JSON.stringify(r));
    assert.match(r.canonical_serial, /^(mc[123]|bp1)$/);
  }
  assert.deepEqual(rows.map((r) => r.maker).sort(), OLD_ROWS.map((r) => r[1]).sort(), 'the declared spellings stay for display');
});

test(`[${ENGINE}] rows that collide are ranked (scrapped, then installed, then removed, then oldest) and reported, not merged`, async () => {
  const ranks = await db.store.query<{ serial: string; identity_rank: number }>(
    'SELECT serial, identity_rank FROM components ORDER BY serial',
  );
  assert.deepEqual(Object.fromEntries(ranks.map((r) => [r.serial, r.identity_rank])), {
    'BP-1': 0,
    'MC-1': 1,
    'MC-2': 0,
    'MC-3': 0,
    'bp 1': 1,
    mc1: 0,
    'mc\u200b3': 1,
  });
  const reported = await listIdentityConflicts(ctx, REGULATOR, { limit: 100, offset: 0 });
  assert.deepEqual(
    reported.map((c) => [c.part.serial, c.rank, c.serial, c.unit, c.state]),
    [
      ['bp1', 0, 'BP-1', code(3), 'removed'],
      ['bp1', 1, 'bp 1', code(2), 'removed'],
      ['mc1', 0, 'mc1', code(2), 'scrapped'],
      ['mc1', 1, 'MC-1', code(1), 'installed'],
      ['mc3', 0, 'MC-3', code(4), 'installed'],
      ['mc3', 1, 'mc\u200b3', code(5), 'installed'],
    ],
  );
  await assert.rejects(
    listIdentityConflicts(ctx, maker, { limit: 100, offset: 0 }),
    (e: unknown) => e instanceof RegistryError && e.code === 'FORBIDDEN_ROLE',
  );
  const [holdings] = await db.store.query<{ n: number }>('SELECT count(*)::int AS n FROM component_holdings');
  assert.equal(holdings!.n, OLD_ROWS.length, 'each old row is a holding of its unit');
});

test(`[${ENGINE}] after 008 the rules see every spelling: a collided scrapped part is refused, and so is one still installed under its other spelling`, async () => {
  const unit = (serial: string, battery = `BP-new-${serial}`) => ({
    model: '000001',
    productionDate: '2026-11-20',
    components: [
      { type: 'main_controller', maker: 'Ａｃｍｅ', serial },
      { type: 'battery_pack', maker: 'Cells', serial: battery },
    ],
  });
  const refusedWith = (want: string) => (e: unknown) => e instanceof RegistryError && e.code === want;
  await assert.rejects(registerRobots(ctx, maker, [unit('MC 1')]), refusedWith('SCRAPPED_COMPONENT'));
  // The rank-0 spelling of mc3 is removed by a repair; the rank-1 spelling is still installed in unit 5.
  await db.store.query(`UPDATE components SET state = 'removed' WHERE serial = 'MC-3'`);
  await assert.rejects(registerRobots(ctx, maker, [unit('mc-3')]), refusedWith('DUPLICATE_COMPONENT'));
  // Both spellings of bp1 were removed: the part is free to fit again.
  const [ok] = await registerRobots(ctx, maker, [unit('MC-9', 'B-P-1')]);
  const found = await lookupComponent(ctx, REGULATOR, { type: 'battery_pack', maker: 'cells', serial: 'bp1' });
  assert.deepEqual([found.state, found.unit, found.spelling.serial], ['installed', ok!.code, 'B-P-1']);
  assert.deepEqual(
    found.conflicts.map((c) => [c.serial, c.state]),
    [['bp 1', 'removed']],
  );
  assert.deepEqual(
    found.holdings.map((h) => h.unit),
    [code(3), code(2), ok!.code],
  );
});
