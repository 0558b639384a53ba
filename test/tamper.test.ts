import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { audit } from '../src/audit/auditor.ts';
import { verifyBundle, type PassportBundle } from '../src/ledger/index.ts';
import { ENGINE, enrol, fileModel, testRegistry, unitBody, type TestRegistry } from './harness.ts';

// Someone with write access to the database — the operator included — edits
// or drops an event row. The auditor and the offline bundle check must both
// notice, and say where.
let r: TestRegistry;
let url: string;
let codes: string[];

before(async () => {
  r = await testRegistry();
  url = await r.app.listen({ port: 0, host: '127.0.0.1' });
  const maker = await enrol(r, ['manufacturer']);
  const model = await fileModel(r, maker);
  const res = await r.call('POST', '/v1/robots/batch', { token: maker.token, body: { units: Array.from({ length: 20 }, () => unitBody(model)) } });
  codes = res.body.units.map((u: { code: string }) => u.code);
});
after(() => r.dispose());

const bundleOf = async (code: string) => (await r.call('GET', `/v1/robots/${code}/bundle`)).body as PassportBundle;

test(`[${ENGINE}] an edited event row is caught by the auditor and the bundle check, at its index`, async () => {
  const clean = await audit({ url, verifierKey: r.verifierKey });
  assert.ok(clean.ok);
  const [row] = await r.ctx.store.query<{ leaf: Buffer; robot_code: string }>('SELECT leaf, robot_code FROM events WHERE log_index = 7');
  const edited = Buffer.from(row!.leaf.toString().replace('"firmware":null', '"firmware":"0wned"'));
  assert.notDeepEqual(edited, row!.leaf);
  await r.ctx.store.query('UPDATE events SET leaf = $1 WHERE log_index = 7', [edited]);

  const result = await audit({ url, verifierKey: r.verifierKey, previous: clean.state });
  assert.equal(result.ok, false);
  const mismatch = result.findings.find((f) => f.kind === 'root-mismatch');
  assert.equal(mismatch?.index, 7, JSON.stringify(result.findings));
  assert.ok(result.findings.some((f) => f.kind === 'fork'), 'the earlier accepted root no longer matches either');
  const bundle = await bundleOf(row!.robot_code);
  assert.throws(() => verifyBundle(bundle, r.verifierKey), /entry 0: .*not included/);
  await r.ctx.store.query('UPDATE events SET leaf = $1 WHERE log_index = 7', [row!.leaf]);
  assert.ok((await audit({ url, verifierKey: r.verifierKey })).ok, 'restoring the row restores the proofs');
});

test(`[${ENGINE}] a deleted event row is caught by the auditor and the bundle check`, async () => {
  const [row] = await r.ctx.store.query<{ robot_code: string }>('SELECT robot_code FROM events WHERE log_index = 12');
  await r.ctx.store.query('DELETE FROM events WHERE log_index = 12');
  const result = await audit({ url, verifierKey: r.verifierKey });
  assert.equal(result.ok, false);
  assert.deepEqual(result.findings.map((f) => [f.kind, f.index]), [['missing-entry', 12]]);
  const bundle = await bundleOf(row!.robot_code);
  assert.throws(() => verifyBundle(bundle, r.verifierKey), /no entries/);
  assert.ok(codes.includes(row!.robot_code.trim()));
});

