// The browser's ledger verifier (web/ledger), run in Node on WebCrypto against real bundles from the API.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { enrol, fileModel, testRegistry, unitBody, type TestRegistry } from '../harness.ts';
import { verifyPassportBundle } from '../../web/ledger/bundle.ts';
import { verifyInclusion, leafHash } from '../../web/ledger/merkle.ts';

let r: TestRegistry;
let code: string;
let bundle: any;
let key: string;

before(async () => {
  r = await testRegistry();
  const maker = await enrol(r, ['manufacturer', 'seller']);
  const model = await fileModel(r, maker);
  const res = await r.call('POST', '/v1/robots/batch', { token: maker.token, body: { units: [unitBody(model), unitBody(model), unitBody(model)] } });
  code = res.body.units[1].code;
  const op = await enrol(r, ['operator']);
  assert.equal((await r.call('POST', `/v1/robots/${code}/events`, { token: maker.token, body: { type: 'transferred', data: { to: op.id, sale: true } } })).status, 201);
  assert.equal((await r.call('POST', `/v1/robots/${code}/events`, { token: op.token, body: { type: 'deployed', data: { site: { province: 'Zhejiang', city: 'Hangzhou' }, domain: 'logistics' } } })).status, 201);
  bundle = (await r.call('GET', `/v1/robots/${code}/bundle`)).body;
  key = (await r.call('GET', '/v1/log/key')).body as string;
});
after(() => r.dispose());

test('a real bundle verifies: signature and every inclusion proof', async () => {
  const v = await verifyPassportBundle(bundle, key);
  assert.equal(v.signature, 'verified');
  assert.equal(v.verified, true);
  assert.equal(v.checkpoint!.size, 5);
  assert.deepEqual(v.entries.map((e) => [e.seq, e.type, e.included]), [[1, 'registered', true], [2, 'transferred', true], [3, 'deployed', true]]);
});

test('a tampered leaf fails its proof, and only that event', async () => {
  const b = structuredClone(bundle);
  const leaf = JSON.parse(Buffer.from(b.entries[1].leaf, 'base64').toString());
  leaf.data.sale = false;
  b.entries[1].leaf = Buffer.from(JSON.stringify(leaf)).toString('base64');
  const v = await verifyPassportBundle(b, key);
  assert.equal(v.verified, false);
  assert.deepEqual(v.entries.map((e) => e.included), [true, false, true]);
  assert.match(v.entries[1]!.error!, /root/);
});

test('a forged checkpoint signature, a foreign key and a bundle for another robot are refused', async () => {
  const forged = { ...bundle, checkpoint: bundle.checkpoint.replace(/\n\n— (\S+) (\S+)\n$/, (_m: string, n: string, s: string) => `\n\n— ${n} ${s.slice(0, 10)}${s[10] === 'A' ? 'B' : 'A'}${s.slice(11)}\n`) };
  assert.equal((await verifyPassportBundle(forged, key)).signature, 'failed');
  const other = (await r.call('GET', '/v1/log/key')).body as string;
  const foreignKey = other.replace(/\+[0-9a-f]{8}\+/, '+00000000+');
  assert.equal((await verifyPassportBundle(bundle, foreignKey)).signature, 'failed');
  const v = await verifyPassportBundle({ ...bundle, code: 'CN' + bundle.code.slice(2, 28) + 'X' }, key);
  assert.ok(v.entries.every((e) => !e.included));
});

test('inclusion matches the server: a proof for the wrong index or size is refused', async () => {
  const e = bundle.entries[0];
  const leaf = await leafHash(crypto.subtle, Buffer.from(e.leaf, 'base64'));
  const proof = e.proof.map((h: string) => new Uint8Array(Buffer.from(h, 'base64')));
  const root = new Uint8Array(Buffer.from(bundle.checkpoint.split('\n')[2], 'base64'));
  await verifyInclusion(crypto.subtle, e.index, 5, leaf, proof, root);
  await assert.rejects(verifyInclusion(crypto.subtle, e.index + 1, 5, leaf, proof, root));
  await assert.rejects(verifyInclusion(crypto.subtle, e.index, 4, leaf, proof, root));
});
