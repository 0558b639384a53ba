/**
 * hreg's commands for issue #16 against a real server over HTTP: mandates,
 * customs import, export and re-import, remanufacture, lineage, the certified
 * list and its certifications, the passport's lineage and customs, public
 * reports and their flood guard, and late reports. Each is driven with --json
 * and as a table, and each refusal exits non-zero with the problem's code.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { testRegistry, unitBody, type Enrolled, type TestRegistry } from '../harness.ts';
import { DAY, newUnit, ok, record } from '../lifecycle/flow.ts';
import { secondLifeCast } from '../second-life/fixture.ts';
import { json, runCli, type Run } from './run-cli.ts';

let r: TestRegistry;
let url: string;
let dir: string;
let maker: Enrolled;
let model: string;
let foreign: Enrolled;
let foreignModel: string;
let importer: Enrolled;
let outsider: Enrolled;
let buyer: Enrolled;
let recycler: Enrolled;
let reman: Enrolled;
let remanModel: string;

before(async () => {
  r = await testRegistry();
  r.ctx.reportPolicy = { powBits: 8, perAddressPerHour: 2, perCodePerHour: 50 };
  url = await r.app.listen({ port: 0, host: '127.0.0.1' });
  dir = mkdtempSync(join(tmpdir(), 'hreg-second-life-'));
  ({
    maker,
    model,
    foreign,
    foreignModel,
    importer,
    otherImporter: outsider,
    buyer,
    recycler,
    reman,
    remanModel,
  } = await secondLifeCast(r));
});
after(() => r.dispose());

const hreg = (token: string | undefined, ...args: string[]) => runCli(args, { url, ...(token ? { token } : {}) });

/** refusedWith asserts the registry refused a command: exit 1 and the problem's code on stderr. */
function refusedWith(run: Run, code: string): void {
  assert.equal(run.code, 1, `exit ${run.code}: ${run.stdout}${run.stderr}`);
  assert.match(run.stderr, new RegExp(code), run.stderr);
}

function file(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(content));
  return path;
}

async function partsOf(code: string) {
  return (
    await r.ctx.store.query<{ component_type: string; maker: string; serial: string }>(
      'SELECT component_type, maker, serial FROM components WHERE robot_code = $1 ORDER BY component_type',
      [code],
    )
  ).map((c) => ({ type: c.component_type, maker: c.maker, serial: c.serial }));
}

const robotCount = async () => (await r.ctx.store.query<{ n: number }>('SELECT count(*)::int AS n FROM robots'))[0]?.n;
const daysBefore = (n: number) => new Date(Date.now() - n * DAY).toISOString();

test('mandates, a customs import reported late, an export and a re-import, the passport with its crossings', async () => {
  const granted = json(await hreg(r.regulatorToken, 'mandates', 'grant', importer.id, '--maker', foreign.id, '--json'));
  assert.deepEqual(
    granted.map((m: { makerId: string; enterpriseCode: string; country: string }) => [m.makerId, m.enterpriseCode, m.country]),
    [[foreign.id, foreign.enterpriseCode, 'DE']],
  );
  refusedWith(await hreg(r.regulatorToken, 'mandates', 'grant', importer.id, '--maker', maker.id), 'DOMESTIC_MAKER');
  refusedWith(await hreg(importer.token, 'mandates', 'grant', outsider.id, '--maker', foreign.id), 'FORBIDDEN_ROLE');
  refusedWith(await hreg(outsider.token, 'mandates', 'list', importer.id), 'FORBIDDEN_ROLE');
  const table = await hreg(importer.token, 'mandates', 'list', importer.id, '--lang', 'en');
  assert.equal(table.code, 0, table.stderr);
  assert.match(table.stdout, new RegExp(`Roboter Werke GmbH.*${foreign.enterpriseCode}.*DE`));

  // Cleared 20 days ago, over the 7 working days an import may take to report: accepted, and flagged late.
  const units = file('import.json', [unitBody(foreignModel)]);
  const args = ['customs', 'import', '--declaration', 'IM-0001', '--cleared-at', daysBefore(20), '--origin', 'de', '--file', units];
  const before = await robotCount();
  refusedWith(await hreg(outsider.token, ...args, '--maker', foreign.enterpriseCode ?? ''), 'NOT_MANDATED');
  refusedWith(await hreg(maker.token, ...args, '--maker', foreign.enterpriseCode ?? ''), 'FORBIDDEN_ROLE');
  refusedWith(
    await hreg(
      importer.token,
      ...args.slice(0, 4),
      '--cleared-at',
      new Date(Date.now() + DAY).toISOString(),
      '--file',
      units,
      '--maker',
      foreign.enterpriseCode ?? '',
    ),
    'EVENT_IN_FUTURE',
  );
  assert.equal(
    (await hreg(importer.token, 'customs', 'import', '--maker', foreign.enterpriseCode ?? '')).code,
    2,
    'missing flags are a usage error',
  );
  assert.equal(await robotCount(), before, 'no refused import registered a unit');
  // The maker's enterprise code in lower case is the same maker.
  const [unit] = json(await hreg(importer.token, ...args, '--maker', (foreign.enterpriseCode ?? '').toLowerCase(), '--json'));
  const code = unit.code as string;
  assert.equal(code.slice(0, 6), `DE${foreign.enterpriseCode}`);
  const late = json(await hreg(importer.token, 'late', '--json'));
  assert.equal(late.scope, 'own');
  assert.ok(
    late.latest.some((e: { code: string; type: string }) => e.code === code && e.type === 'imported'),
    JSON.stringify(late),
  );

  ok(await record(r, importer.token, code, 'transferred', { to: buyer.id, sale: true }));
  refusedWith(await hreg(buyer.token, 'customs', 'export', code, '--to', 'cn', '--declaration', 'EX-1'), 'UNKNOWN_COUNTRY');
  refusedWith(await hreg(importer.token, 'customs', 'export', code, '--to', 'VN', '--declaration', 'EX-1'), 'NOT_ENTITLED');
  const exported = json(await hreg(buyer.token, 'customs', 'export', code, '--to', 'vn', '--declaration', 'EX-0002', '--json'));
  assert.equal(exported.robot.status, 'exported');
  refusedWith(await hreg(buyer.token, 'customs', 'export', code, '--to', 'TH', '--declaration', 'EX-3'), 'INVALID_TRANSITION');

  // Brought back as a "new" import, or re-registered by the maker, its parts name the exported unit.
  const parts = (await partsOf(code)).map((p) => ({ ...p, serial: p.serial.toLowerCase() }));
  refusedWith(
    await hreg(
      importer.token,
      ...args.slice(0, 6),
      '--file',
      file('again.json', [{ ...unitBody(foreignModel), components: parts }]),
      '--maker',
      foreign.enterpriseCode ?? '',
    ),
    'UNIT_EXPORTED',
  );
  const display = `${code.slice(0, 2)}-${code.slice(2, 6)}-${code.slice(6, 12)}-${code.slice(12)}`.toLowerCase();
  const back = json(await hreg(outsider.token, 'customs', 'reimport', display, '--declaration', 'IM-0003', '--origin', 'VN', '--json'));
  assert.equal(back.robot.code, code);
  assert.equal(back.robot.ownerId, outsider.id);
  refusedWith(await hreg(outsider.token, 'customs', 'reimport', code, '--declaration', 'IM-4'), 'NOT_ENTITLED');

  // The passport: every crossing for the regulator, in order; none for the public.
  const passport = json(await hreg(r.regulatorToken, 'robots', 'show', code, '--json'));
  assert.deepEqual(
    passport.customs.map((c: { direction: string; country: string; declaration: string }) => [c.direction, c.country, c.declaration]),
    [
      ['import', 'DE', 'IM-0001'],
      ['export', 'VN', 'EX-0002'],
      ['import', 'VN', 'IM-0003'],
    ],
  );
  assert.equal(json(await hreg(undefined, 'robots', 'show', code, '--json')).customs, undefined);
});

test('remanufacture from held decommissioned units; lineage for anyone; refused for a used predecessor, a scrapped part, a unit not held', async () => {
  const held: string[] = [];
  for (let i = 0; i < 3; i++) {
    const code = await newUnit(r, maker, model);
    ok(await record(r, maker.token, code, 'transferred', { to: buyer.id, sale: true }));
    ok(await record(r, buyer.token, code, 'decommissioned', {}));
    held.push(code);
  }
  const [a, b, c] = held as [string, string, string];
  for (const code of [a, b]) {
    const handed = await hreg(buyer.token, 'transfer', code, '--to', reman.id, '--json');
    assert.equal(handed.code, 0, handed.stderr);
  }
  // c goes to the recycler and is scrapped: its parts never come back.
  ok(await record(r, buyer.token, c, 'transferred', { to: recycler.id, sale: false }));
  ok(await record(r, recycler.token, c, 'recycling_received', {}));
  ok(await record(r, recycler.token, c, 'scrapped', {}));
  const [scrappedPart] = await partsOf(c);
  const heldParts = await partsOf(a);
  const before = await robotCount();
  const withScrap = heldParts.map((p) =>
    p.type === scrappedPart?.type ? { ...scrappedPart, maker: ` ${scrappedPart.maker.toUpperCase()}` } : p,
  );
  refusedWith(
    await hreg(reman.token, 'remanufacture', '--from', a, '--file', file('scrap.json', { ...unitBody(remanModel), components: withScrap })),
    'SCRAPPED_COMPONENT',
  );
  refusedWith(
    await hreg(reman.token, 'remanufacture', '--from', `${a},${c}`, '--file', file('u.json', unitBody(remanModel))),
    'PREDECESSOR_NOT_HELD',
  );
  refusedWith(await hreg(maker.token, 'remanufacture', '--from', a, '--file', file('u.json', unitBody(remanModel))), 'FORBIDDEN_ROLE');
  assert.equal(await robotCount(), before, 'no refused remanufacture registered a unit');

  const unitFile = file('reman.json', { ...unitBody(remanModel), components: heldParts });
  const built = json(await hreg(reman.token, 'remanufacture', '--from', `${a}, ${b.toLowerCase()}`, '--file', unitFile, '--json'));
  assert.equal(built.code.slice(2, 6), reman.enterpriseCode);
  assert.deepEqual(built.remanufacturedFrom, [a, b]);
  refusedWith(
    await hreg(reman.token, 'remanufacture', '--from', b, '--file', file('u2.json', unitBody(remanModel))),
    'UNIT_REMANUFACTURED',
  );

  const lineage = json(await hreg(undefined, 'lineage', built.code, '--json'));
  assert.deepEqual(lineage, { code: built.code, remanufacturedFrom: [a, b].sort(), remanufacturedInto: null, brands: ['remanufactured'] });
  const into = await hreg(undefined, 'lineage', a, '--lang', 'en');
  assert.equal(into.code, 0, into.stderr);
  assert.match(into.stdout, /REMANUFACTURED INTO/);
  assert.ok(into.stdout.includes(built.code));
  const zh = await hreg(undefined, 'lineage', built.code, '--lang', 'zh-CN');
  assert.equal(zh.code, 0, zh.stderr);
  assert.ok(!zh.stdout.includes('REMANUFACTURED FROM'), 'the table speaks Chinese');
  const shown = json(await hreg(undefined, 'robots', 'show', a, '--json'));
  assert.equal(shown.remanufacturedInto, built.code);
  assert.equal(shown.status, 'remanufactured');
});

test('the certified list; a revoked recycler takes nothing until certified again', async () => {
  const listed = json(await hreg(undefined, 'certified', 'list', '--role', 'recycler', '--json'));
  assert.ok(listed.some((x: { participantId: string }) => x.participantId === recycler.id));
  const table = await hreg(undefined, 'certified', 'list', '--lang', 'en');
  assert.equal(table.code, 0, table.stderr);
  assert.match(table.stdout, /Green Recycling/);
  assert.match(table.stdout, /Second Life Robotics/);

  refusedWith(await hreg(buyer.token, 'certified', 'revoke', recycler.id, '--role', 'recycler'), 'FORBIDDEN_ROLE');
  const [revoked] = json(
    await hreg(r.regulatorToken, 'certified', 'revoke', recycler.id, '--role', 'recycler', '--reason', 'audit failed', '--json'),
  );
  assert.ok(revoked.revokedAt);
  refusedWith(await hreg(r.regulatorToken, 'certified', 'revoke', recycler.id, '--role', 'recycler'), 'NOT_FOUND');
  assert.ok(
    !json(await hreg(undefined, 'certified', 'list', '--json')).some((x: { participantId: string }) => x.participantId === recycler.id),
  );

  const code = await newUnit(r, maker, model);
  ok(await record(r, maker.token, code, 'transferred', { to: buyer.id, sale: true }));
  ok(await record(r, buyer.token, code, 'decommissioned', {}));
  refusedWith(await hreg(buyer.token, 'transfer', code, '--to', recycler.id), 'NOT_CERTIFIED');
  refusedWith(await hreg(buyer.token, 'transfer', code, '--to', maker.id), 'INVALID_TRANSITION');
  refusedWith(await hreg(r.regulatorToken, 'certified', 'certify', buyer.id, '--role', 'recycler'), 'INVALID_ARGUMENT');
  assert.equal((await hreg(r.regulatorToken, 'certified', 'certify', recycler.id)).code, 2, '--role is required');
  const [again] = json(
    await hreg(r.regulatorToken, 'certified', 'certify', recycler.id, '--role', 'recycler', '--province', 'Guangdong', '--json'),
  );
  assert.equal(again.province, 'Guangdong');
  assert.equal((await hreg(buyer.token, 'transfer', code, '--to', recycler.id)).code, 0);
  const inProvince = json(await hreg(undefined, 'certified', 'list', '--province', 'Guangdong', '--json'));
  assert.deepEqual(
    inProvince.map((x: { participantId: string }) => x.participantId),
    [recycler.id],
  );
});

test('a public report filed by the CLI, the flood from one address refused, the report triaged', async () => {
  const code = await newUnit(r, maker, model);
  const filed = [];
  for (let i = 0; i < 2; i++)
    filed.push(
      json(
        await hreg(
          undefined,
          'reports',
          'file',
          code,
          '--category',
          'counterfeit',
          '--description',
          `Label ${i} names another maker`,
          '--json',
        ),
      ),
    );
  const count = async () => (await r.ctx.store.query<{ n: number }>('SELECT count(*)::int AS n FROM public_reports'))[0]?.n;
  const n = await count();
  // A third from the same address within the hour, even about another unit: refused, nothing filed.
  const other = await newUnit(r, maker, model);
  refusedWith(await hreg(undefined, 'reports', 'file', other, '--category', 'complaint', '--description', 'again'), 'REPORT_FLOOD');
  assert.equal(await count(), n);
  refusedWith(await hreg(buyer.token, 'reports', 'triage', filed[0].id, '--outcome', 'dismissed'), 'FORBIDDEN_ROLE');
  const triaged = json(await hreg(r.regulatorToken, 'reports', 'triage', filed[0].id, '--outcome', 'dismissed', '--json'));
  assert.equal(triaged.state, 'dismissed');
  refusedWith(await hreg(r.regulatorToken, 'reports', 'triage', filed[0].id, '--outcome', 'dismissed'), 'REPORT_TRIAGED');
});
