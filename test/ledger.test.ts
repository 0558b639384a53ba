import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { audit, type AuditState } from '../src/audit/auditor.ts';
import {
  decodeLeaf,
  leafHash,
  openCheckpoint,
  parseVerifierKey,
  verifyBundle,
  verifyConsistency,
  verifyInclusion,
  type PassportBundle,
} from '../src/ledger/index.ts';
import { ENGINE, enrol, fileModel, testRegistry, unitBody, type Enrolled, type TestRegistry } from './harness.ts';

let r: TestRegistry;
let url: string;
let maker: Enrolled;
let model: string;
const b64 = (s: string) => Buffer.from(s, 'base64');

before(async () => {
  r = await testRegistry();
  url = await r.app.listen({ port: 0, host: '127.0.0.1' });
  maker = await enrol(r, ['manufacturer']);
  model = await fileModel(r, maker);
  await r.call('POST', '/v1/robots/batch', { token: maker.token, body: { units: Array.from({ length: 37 }, () => unitBody(model)) } });
});
after(() => r.dispose());

async function checkpoint() {
  const note = (await r.call('GET', '/v1/log/checkpoint')).body as string;
  return openCheckpoint(note, parseVerifierKey(r.verifierKey));
}

test(`[${ENGINE}] the key and the signed checkpoint are served as text and verify`, async () => {
  const key = await r.call('GET', '/v1/log/key');
  assert.equal(key.status, 200);
  assert.match(String(key.headers['content-type']), /^text\/plain/);
  assert.equal(String(key.body).trim(), r.verifierKey);
  const cp = await checkpoint();
  assert.equal(cp.size, 37);
  const [head] = await r.ctx.store.query<{ size: number; root: Buffer }>('SELECT size, root FROM log_head');
  assert.equal(cp.size, head!.size);
  assert.ok(cp.root.equals(head!.root));
});

test(`[${ENGINE}] every entry has an inclusion proof to the checkpoint`, async () => {
  const cp = await checkpoint();
  const { body } = await r.call('GET', `/v1/log/entries?start=0&limit=1000`);
  assert.equal(body.entries.length, cp.size);
  for (const e of body.entries) {
    const leaf = decodeLeaf(b64(e.leaf));
    assert.equal(leaf.v, 2, 'every new event is written as a version 2 leaf');
    const { body: p } = await r.call('GET', `/v1/log/proof/inclusion?index=${e.index}&size=${cp.size}`);
    verifyInclusion(e.index, cp.size, leafHash(b64(e.leaf)), p.proof.map(b64), cp.root);
  }
});

test(`[${ENGINE}] each event in the API carries its log index, and that leaf is the event`, async () => {
  const reg = await r.call('POST', '/v1/robots', { token: maker.token, body: unitBody(model) });
  const { body } = await r.call('GET', `/v1/log/entries?start=${reg.body.logIndex}&limit=1`);
  const leaf = decodeLeaf(b64(body.entries[0].leaf));
  assert.equal(leaf.robot, reg.body.code);
  assert.equal(leaf.type, 'registered');
  assert.equal(leaf.seq, 1);
});

test(`[${ENGINE}] consistency proofs link any two checkpoints`, async () => {
  const before = await checkpoint();
  await r.call('POST', '/v1/robots/batch', { token: maker.token, body: { units: Array.from({ length: 5 }, () => unitBody(model)) } });
  const now = await checkpoint();
  assert.equal(now.size, before.size + 5);
  const { body } = await r.call('GET', `/v1/log/proof/consistency?from=${before.size}&to=${now.size}`);
  verifyConsistency(before.size, now.size, body.proof.map(b64), before.root, now.root);
  assert.throws(() => verifyConsistency(before.size, now.size, body.proof.map(b64), now.root, now.root));
});

test(`[${ENGINE}] proof ranges outside the log are LOG_PROOF_RANGE problems`, async () => {
  const { size } = await checkpoint();
  for (const q of [
    `inclusion?index=${size}&size=${size}`,
    `inclusion?index=0&size=${size + 1}`,
    `consistency?from=0&to=${size}`,
    `consistency?from=${size}&to=${size + 1}`,
    `consistency?from=3&to=2`,
  ]) {
    const res = await r.call('GET', `/v1/log/proof/${q}`);
    assert.equal(res.status, 400, q);
    assert.equal(res.body.code, 'LOG_PROOF_RANGE', q);
  }
  const page = await r.call('GET', '/v1/log/entries?start=0&limit=1001');
  assert.equal(page.status, 400);
  const neg = await r.call('GET', '/v1/log/proof/inclusion?index=-1');
  assert.equal(neg.status, 400);
});

test(`[${ENGINE}] a passport bundle verifies offline, and fails when touched`, async () => {
  const reg = await r.call('POST', '/v1/robots', { token: maker.token, body: unitBody(model) });
  const bundle = (await r.call('GET', `/v1/robots/${reg.body.code}/bundle`)).body as PassportBundle;
  const ok = verifyBundle(bundle, r.verifierKey);
  assert.equal(ok.events.length, 1);
  assert.equal(ok.events[0]!.robot, reg.body.code);
  assert.equal(ok.events[0]!.actor, undefined, 'the public bundle proves the public header only');
  const leaf = JSON.parse(b64(bundle.entries[0]!.leaf).toString());
  leaf.type = 'scrapped';
  const forged = { ...bundle, entries: [{ ...bundle.entries[0]!, leaf: Buffer.from(JSON.stringify(leaf)).toString('base64') }] };
  assert.throws(() => verifyBundle(forged, r.verifierKey), /entry 0/);
  // The maker may read the event: its bundle opens the leaf, and a changed opening fails.
  const mine = (await r.call('GET', `/v1/robots/${reg.body.code}/bundle`, { token: maker.token })).body as PassportBundle;
  const opened = verifyBundle(mine, r.verifierKey);
  assert.equal(opened.events[0]!.actor, maker.id);
  assert.equal((opened.events[0]!.data as { model: string }).model, model);
  const o = mine.entries[0]!.opening!;
  const changed = { ...mine, entries: [{ ...mine.entries[0]!, opening: { ...o, data: { ...o.data, firmware: 'evil-1.0' } } }] };
  assert.throws(() => verifyBundle(changed, r.verifierKey), /entry 0: the opening of event 1 does not match/);
  const other = (await import('../src/ledger/index.ts')).generateSignerKey('test.humanoid-registry.local/log');
  assert.throws(() => verifyBundle(bundle, other.verifierKey), /checkpoint/);
});

test(`[${ENGINE}] the auditor recomputes the tree and proves later checkpoints consistent`, async () => {
  const first = await audit({ url, verifierKey: r.verifierKey });
  assert.deepEqual(first.findings, []);
  assert.ok(first.ok);
  await r.call('POST', '/v1/robots/batch', { token: maker.token, body: { units: Array.from({ length: 3 }, () => unitBody(model)) } });
  const second = await audit({ url, verifierKey: r.verifierKey, previous: first.state });
  assert.ok(second.ok, JSON.stringify(second.findings));
  assert.equal(second.size, first.size + 3);
  const wrongKey = (await import('../src/ledger/index.ts')).generateSignerKey('test.humanoid-registry.local/log').verifierKey;
  const forged = await audit({ url, verifierKey: wrongKey });
  assert.equal(forged.ok, false);
  assert.equal(forged.findings[0]!.kind, 'signature');
  const fake: AuditState = { ...first.state!, root: Buffer.alloc(32, 7).toString('base64') };
  const fork = await audit({ url, verifierKey: r.verifierKey, previous: fake });
  assert.equal(fork.ok, false);
  assert.ok(fork.findings.some((f) => f.kind === 'fork'));
});
