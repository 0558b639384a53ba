import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { audit } from '../src/audit/auditor.ts';
import { verifyBundle, type PassportBundle } from '../src/ledger/index.ts';
import { ENGINE, enrol, fileModel, testRegistry, unitBody, type Enrolled, type TestRegistry } from './harness.ts';

// Someone with write access to the database — the operator included — edits
// or drops an event row. The auditor and the offline bundle check must both
// notice, and say where.
let r: TestRegistry;
let url: string;
let codes: string[];
let maker: Enrolled;

before(async () => {
  r = await testRegistry();
  url = await r.app.listen({ port: 0, host: '127.0.0.1' });
  maker = await enrol(r, ['manufacturer']);
  const model = await fileModel(r, maker);
  const res = await r.call('POST', '/v1/robots/batch', {
    token: maker.token,
    body: { units: Array.from({ length: 20 }, () => unitBody(model)) },
  });
  codes = res.body.units.map((u: { code: string }) => u.code);
});
after(() => r.dispose());

const bundleOf = async (code: string) => (await r.call('GET', `/v1/robots/${code}/bundle`)).body as PassportBundle;

test(`[${ENGINE}] an edited event row is caught by the auditor and the bundle check, at its index`, async () => {
  const clean = await audit({ url, verifierKey: r.verifierKey });
  assert.ok(clean.ok);
  const [row] = await r.ctx.store.query<{ leaf: Buffer; robot_code: string }>('SELECT leaf, robot_code FROM events WHERE log_index = 7');
  const edited = Buffer.from(row!.leaf.toString().replace('"type":"registered"', '"type":"scrapped"'));
  assert.notDeepEqual(edited, row!.leaf);
  await r.ctx.store.query('UPDATE events SET leaf = $1 WHERE log_index = 7', [edited]);

  const result = await audit({ url, verifierKey: r.verifierKey, previous: clean.state });
  assert.equal(result.ok, false);
  const mismatch = result.findings.find((f) => f.kind === 'root-mismatch');
  assert.equal(mismatch?.index, 7, JSON.stringify(result.findings));
  assert.ok(
    result.findings.some((f) => f.kind === 'fork'),
    'the earlier accepted root no longer matches either',
  );
  const bundle = await bundleOf(row!.robot_code);
  assert.throws(() => verifyBundle(bundle, r.verifierKey), /entry 0: .*not included/);
  await r.ctx.store.query('UPDATE events SET leaf = $1 WHERE log_index = 7', [row!.leaf]);
  assert.ok((await audit({ url, verifierKey: r.verifierKey })).ok, 'restoring the row restores the proofs');
});

test(`[${ENGINE}] an edited opening is refused by the API and caught by the entitled reader's bundle check; the JSON copy is never shown`, async () => {
  const [row] = await r.ctx.store.query<{ opening: Buffer; robot_code: string }>(
    'SELECT opening, robot_code FROM events WHERE log_index = 3',
  );
  const code = row!.robot_code.trim();
  const before = await r.call('GET', `/v1/robots/${code}/events`, { token: maker.token });
  assert.equal(before.status, 200);
  // The events table's JSON copy is not what clients see: editing it changes nothing.
  await r.ctx.store.query(`UPDATE events SET data = jsonb_set(data, '{firmware}', '"0wned"') WHERE log_index = 3`);
  assert.deepEqual((await r.call('GET', `/v1/robots/${code}/events`, { token: maker.token })).body, before.body);
  // The opening is checked against the leaf's commitment: an edit is refused, not shown.
  const opening = JSON.parse(row!.opening.toString());
  opening.data.firmware = '0wned';
  await r.ctx.store.query('UPDATE events SET opening = $1 WHERE log_index = 3', [Buffer.from(JSON.stringify(opening))]);
  const after = await r.call('GET', `/v1/robots/${code}/events`, { token: maker.token });
  assert.equal(after.status, 422);
  assert.equal(after.body.code, 'LOG_VERIFICATION_FAILED');
  const bundle = (await r.call('GET', `/v1/robots/${code}/bundle`, { token: maker.token })).body as PassportBundle;
  assert.throws(() => verifyBundle(bundle, r.verifierKey), /entry 0: the opening of event 1 does not match/);
  // The public log holds no opening, so the auditor has nothing to notice: its checks are of public data.
  assert.ok((await audit({ url, verifierKey: r.verifierKey })).ok);
  await r.ctx.store.query('UPDATE events SET opening = $1 WHERE log_index = 3', [row!.opening]);
  assert.deepEqual((await r.call('GET', `/v1/robots/${code}/events`, { token: maker.token })).body, before.body);
});

test(`[${ENGINE}] a deleted event row is caught by the auditor and the bundle check`, async () => {
  const [row] = await r.ctx.store.query<{ robot_code: string }>('SELECT robot_code FROM events WHERE log_index = 12');
  await r.ctx.store.query('DELETE FROM events WHERE log_index = 12');
  const result = await audit({ url, verifierKey: r.verifierKey });
  assert.equal(result.ok, false);
  assert.deepEqual(
    result.findings.map((f) => [f.kind, f.index]),
    [['missing-entry', 12]],
  );
  const bundle = await bundleOf(row!.robot_code);
  assert.throws(() => verifyBundle(bundle, r.verifierKey), /no entries/);
  assert.ok(codes.includes(row!.robot_code.trim()));
});
