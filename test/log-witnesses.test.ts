// Witnesses of the log (issue #17, item 5): registration by the regulator, cosignatures over real HTTP,
// checkpoints published with their cosignatures, bundles that require a quorum, and a witness that
// refuses a split view, a rollback or an inconsistent checkpoint with both checkpoints as evidence.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { witnessRound, type WitnessState } from '../src/audit/witness.ts';
import { generateSignerKey, parseCheckpoint, parseNote, verifyBundle, type PassportBundle } from '../src/ledger/index.ts';
import { addSignatureLines, generateCosignerKey, parseCosignerSigner, type CosignerSigner } from '../src/ledger/cosignature.ts';
import { ENGINE, enrol, fileModel, testRegistry, unitBody, TEST_ORIGIN, type Enrolled, type TestRegistry } from './harness.ts';
import { json, runCli } from './cli/run-cli.ts';
import { verifyPassportBundle } from '../web/ledger/bundle.ts';

let r: TestRegistry;
let url: string;
let maker: Enrolled;
let model: string;
const provincial = generateCosignerKey('witness.gov-zj.example.cn');
const industry = generateCosignerKey('witness.industry.example.cn');
const stranger = generateCosignerKey('witness.stranger.example');
const A = parseCosignerSigner(provincial.signerKey);
const B = parseCosignerSigner(industry.signerKey);
const now = () => Math.floor(Date.now() / 1000);

before(async () => {
  r = await testRegistry();
  url = await r.app.listen({ port: 0, host: '127.0.0.1' });
  maker = await enrol(r, ['manufacturer']);
  model = await fileModel(r, maker);
  await addUnits(3);
});
after(() => r.dispose());

async function addUnits(n: number): Promise<void> {
  const res = await r.call('POST', '/v1/robots/batch', {
    token: maker.token,
    body: { units: Array.from({ length: n }, () => unitBody(model)) },
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
}

const getJson = async (path: string) => (await fetch(`${url}${path}`)).json();
const latest = async () => (await fetch(`${url}/v1/log/checkpoint`)).text();
const cosignatureCount = async () =>
  Number((await r.db.store.query<{ n: number }>('SELECT count(*)::int AS n FROM log_cosignatures'))[0]?.n);

function round(note: string, signer: CosignerSigner, state?: WitnessState) {
  return witnessRound({
    note,
    state,
    logKeys: [r.verifierKey],
    signer,
    now: now(),
    consistencyProof: async (from, to) => (await getJson(`/v1/log/proof/consistency?from=${from}&to=${to}`)).proof,
    keyList: () => getJson('/v1/log/keys'),
  });
}

test(`[${ENGINE}] only the regulator registers witnesses, each once, by a cosignature/v1 key`, async () => {
  const other = await enrol(r, ['manufacturer']);
  const refused = await r.call('POST', '/v1/log/witnesses', { token: other.token, body: { key: provincial.verifierKey } });
  assert.equal(refused.status, 403);
  assert.equal(refused.body.code, 'FORBIDDEN_ROLE');
  assert.equal((await r.call('POST', '/v1/log/witnesses', { body: { key: provincial.verifierKey } })).body.code, 'UNAUTHENTICATED');
  // A note-signing key (type 0x01), a malformed key, and the log's own name are refused.
  for (const key of [generateSignerKey('witness.x').verifierKey, 'witness.x+00000000+AAAA', generateCosignerKey(TEST_ORIGIN).verifierKey]) {
    const bad = await r.call('POST', '/v1/log/witnesses', { token: r.regulatorToken, body: { key } });
    assert.equal(bad.status, 400, key);
    assert.equal(bad.body.code, 'INVALID_ARGUMENT');
  }
  assert.deepEqual((await r.call('GET', '/v1/log/witnesses')).body, { items: [] });
  for (const key of [provincial.verifierKey, industry.verifierKey]) {
    const ok = await r.call('POST', '/v1/log/witnesses', { token: r.regulatorToken, body: { key } });
    assert.equal(ok.status, 201, JSON.stringify(ok.body));
  }
  const again = await r.call('POST', '/v1/log/witnesses', { token: r.regulatorToken, body: { key: provincial.verifierKey } });
  assert.equal(again.status, 409);
  assert.equal(again.body.code, 'DUPLICATE');
  // Another key under a registered name is the same witness name: refused too.
  const sameName = generateCosignerKey('witness.gov-zj.example.cn').verifierKey;
  assert.equal((await r.call('POST', '/v1/log/witnesses', { token: r.regulatorToken, body: { key: sameName } })).body.code, 'DUPLICATE');
  const listed = (await r.call('GET', '/v1/log/witnesses')).body.items.map((w: { name: string }) => w.name);
  assert.deepEqual(listed, ['witness.gov-zj.example.cn', 'witness.industry.example.cn']);
});

test(`[${ENGINE}] a witness cosigns over HTTP; the registry refuses strangers, forgeries and bad lines, changing nothing`, async () => {
  const note = await latest();
  const first = await round(note, A);
  assert.ok(first.ok);
  const sent = await r.call('POST', '/v1/log/cosignatures', { body: { checkpoint: first.cosigned } });
  assert.equal(sent.status, 200, JSON.stringify(sent.body));
  assert.deepEqual(sent.body, { size: parseCheckpoint(parseNote(note).text).size, witnesses: ['witness.gov-zj.example.cn'] });
  assert.equal(await cosignatureCount(), 1);

  const attempts: [string, string, number][] = [];
  // A witness the regulator did not register.
  const s = parseCosignerSigner(stranger.signerKey);
  attempts.push([addSignatureLines(note, [s.cosign(note, now())]), 'UNKNOWN_WITNESS', 403]);
  // A checkpoint the log's key signed, of this size, with another root: not this log's tree.
  const size = parseCheckpoint(parseNote(note).text).size;
  const forged = r.ctx.signer.sign(size, randomBytes(32));
  attempts.push([addSignatureLines(forged, [B.cosign(forged, now())]), 'FOREIGN_CHECKPOINT', 422]);
  // Larger than the log.
  const ahead = r.ctx.signer.sign(size + 10, randomBytes(32));
  attempts.push([addSignatureLines(ahead, [B.cosign(ahead, now())]), 'FOREIGN_CHECKPOINT', 422]);
  // Not signed by the log at all.
  const other = generateSignerKey(TEST_ORIGIN);
  const unsigned = (await import('../src/ledger/index.ts')).signNote(
    parseNote(note).text,
    (await import('../src/ledger/index.ts')).parseSignerKey(other.signerKey),
  );
  attempts.push([addSignatureLines(unsigned, [B.cosign(unsigned, now())]), 'FOREIGN_CHECKPOINT', 422]);
  // A registered witness's line moved onto another checkpoint text (another timestamp in the line).
  const line = B.cosign(note, now());
  const raw = Buffer.from(line.trim().split(' ')[2] ?? '', 'base64');
  raw.writeBigUInt64BE(BigInt(now() - 60), 4);
  attempts.push([addSignatureLines(note, [`— witness.industry.example.cn ${raw.toString('base64')}\n`]), 'LOG_VERIFICATION_FAILED', 422]);
  // Dated an hour ahead.
  attempts.push([addSignatureLines(note, [B.cosign(note, now() + 3600)]), 'INVALID_ARGUMENT', 400]);
  for (const [checkpoint, code, status] of attempts) {
    const res = await r.call('POST', '/v1/log/cosignatures', { body: { checkpoint } });
    assert.equal(res.status, status, `${code}: ${JSON.stringify(res.body)}`);
    assert.equal(res.body.code, code);
  }
  assert.equal(await cosignatureCount(), 1, 'no refused cosignature was stored');
});

test(`[${ENGINE}] checkpoints are published with their cosignatures; bundles meet a quorum or fail saying so`, async () => {
  const none = await r.call('GET', '/v1/log/checkpoint/witnessed?quorum=2');
  assert.equal(none.status, 404);
  const note = await latest();
  const b = await round(note, B);
  assert.ok(b.ok);
  assert.equal((await r.call('POST', '/v1/log/cosignatures', { body: { checkpoint: b.cosigned } })).status, 200);
  const both = await r.call('GET', '/v1/log/checkpoint/witnessed?quorum=2');
  assert.equal(both.status, 200);
  const lines = parseNote(both.body as string).signatures.map((x) => x.name);
  assert.deepEqual(lines, [TEST_ORIGIN, 'witness.gov-zj.example.cn', 'witness.industry.example.cn']);

  // The bundle of a unit registered since: its tree extends the witnessed one by a consistency proof.
  await addUnits(2);
  const code = (await r.db.store.query<{ code: string }>('SELECT robot_code AS code FROM events ORDER BY log_index DESC LIMIT 1'))[0]?.code;
  const bundle = (await r.call('GET', `/v1/robots/${code}/bundle`)).body as PassportBundle;
  assert.ok(bundle.witnessed);
  assert.ok(bundle.witnessed.proof.length > 0);
  const policy = { witnesses: [provincial.verifierKey, industry.verifierKey], quorum: 2 };
  const ok = verifyBundle(bundle, r.verifierKey, policy);
  assert.deepEqual(ok.witnessed?.witnesses, ['witness.gov-zj.example.cn', 'witness.industry.example.cn']);
  assert.throws(() => verifyBundle(bundle, r.verifierKey, { ...policy, quorum: 3 }), {
    code: 'LOG_VERIFICATION_FAILED',
    message: 'passport bundle: witnesses: witness quorum not met: 2 of 2 known witnesses cosigned, 3 required',
  });
  // Only one of the witnesses the verifier knows: quorum 2 fails.
  assert.throws(
    () => verifyBundle(bundle, r.verifierKey, { witnesses: [provincial.verifierKey, stranger.verifierKey], quorum: 2 }),
    /1 of 2 known/,
  );
  // Without the witnessed part, or with a proof that does not link, a quorum fails.
  const { witnessed, ...bare } = bundle;
  assert.throws(() => verifyBundle(bare, r.verifierKey, policy), /witness quorum not met: 0 of 2/);
  const broken = { ...bundle, witnessed: { ...witnessed, proof: witnessed.proof.map(() => Buffer.alloc(32, 1).toString('base64')) } };
  assert.throws(() => verifyBundle(broken, r.verifierKey, policy), /the witnessed checkpoint does not lead to this tree/);
  // No policy: the bundle verifies as before.
  assert.equal(verifyBundle(bundle, r.verifierKey).events.length, 1);
  // The passport page runs the same check (WebCrypto, src/ledger/check): met, or failed in the same words.
  const page = await verifyPassportBundle(bundle, r.verifierKey, globalThis.crypto.subtle, policy);
  assert.deepEqual(page.witnesses, { met: true, quorum: 2, names: ['witness.gov-zj.example.cn', 'witness.industry.example.cn'] });
  assert.equal(page.verified, true);
  const short = await verifyPassportBundle(bundle, r.verifierKey, globalThis.crypto.subtle, { ...policy, quorum: 3 });
  assert.equal(short.verified, false);
  assert.equal(short.witnesses?.error, 'witness quorum not met: 2 of 2 known witnesses cosigned, 3 required');
  const unlinked = await verifyPassportBundle(broken, r.verifierKey, globalThis.crypto.subtle, policy);
  assert.match(unlinked.witnesses?.error ?? '', /the witnessed checkpoint does not lead to this tree/);
});

test(`[${ENGINE}] a witness refuses a split view, a rollback and an inconsistent checkpoint, keeping its state`, async () => {
  const note = await latest();
  const first = await round(note, A);
  assert.ok(first.ok);
  const state = first.state;
  const size = state.size;
  // The same size, another root, signed with the log's own key: shown to this witness, another view to others.
  const split = r.ctx.signer.sign(size, randomBytes(32));
  const refusal = await round(split, A, state);
  assert.equal(refusal.ok, false);
  if (refusal.ok) return;
  assert.equal(refusal.refusal.kind, 'split-view');
  assert.deepEqual(refusal.refusal.evidence, { previous: note, offered: split });
  assert.equal(refusal.refusal.values.previous, state.root);
  const back = await round(r.ctx.signer.sign(size - 1, randomBytes(32)), A, state);
  assert.equal(back.ok ? 'cosigned' : back.refusal.kind, 'rollback');
  // A larger tree whose root the log's consistency proof cannot link.
  await addUnits(1);
  const later = parseCheckpoint(parseNote(await latest()).text).size;
  const fork = await round(r.ctx.signer.sign(later, randomBytes(32)), A, state);
  assert.equal(fork.ok ? 'cosigned' : fork.refusal.kind, 'inconsistent');
  // A checkpoint signed by some other key.
  const other = generateSignerKey(TEST_ORIGIN);
  const alien = (await import('../src/registry/log/log-signer.ts'))
    .createLogSigner(TEST_ORIGIN, other.signerKey)
    .sign(later, randomBytes(32));
  assert.equal(((await round(alien, A, state)) as { refusal: { kind: string } }).refusal.kind, 'signature');
  // The honest next checkpoint is cosigned, consistent with the last one.
  const next = await round(await latest(), A, state);
  assert.ok(next.ok);
  assert.equal(next.previousSize, size);
});

test(`[${ENGINE}] hreg witness: init, cosign and send, then refuse a forged checkpoint of the same size with evidence`, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hreg-witness-'));
  const keyFile = join(dir, 'witness.key');
  const state = join(dir, 'state.json');
  const evidence = join(dir, 'evidence.json');
  const made = json(await runCli(['witness', 'init', '--name', 'witness.cli.example', '--key-file', keyFile, '--json'], { url }));
  assert.match(made.verifierKey, /^witness\.cli\.example\+[0-9a-f]{8}\+/);
  const again = await runCli(['witness', 'init', '--name', 'witness.cli.example', '--key-file', keyFile], { url });
  assert.equal(again.code, 2, again.stderr);
  assert.match(again.stderr, /is never overwritten/);
  assert.equal((await r.call('POST', '/v1/log/witnesses', { token: r.regulatorToken, body: { key: made.verifierKey } })).status, 201);
  const args = ['witness', 'cosign', '--key-file', keyFile, '--state', state, '--evidence', evidence];
  const ok = await runCli([...args, '--log-key', r.verifierKey], { url });
  assert.equal(ok.code, 0, `${ok.stdout}\n${ok.stderr}`);
  assert.match(ok.stdout, /Cosigned the checkpoint of size \d+ \(the first checkpoint this witness saw\)/);
  assert.match(ok.stdout, /The registry accepted the cosignature/);
  const saved = JSON.parse(readFileSync(state, 'utf8')) as WitnessState;
  const forged = join(dir, 'forged.txt');
  writeFileSync(forged, r.ctx.signer.sign(saved.size, randomBytes(32)));
  const refused = await runCli([...args, '--checkpoint', forged], { url });
  assert.equal(refused.code, 1, refused.stderr);
  assert.match(refused.stderr, /WITNESS_REFUSED: refused to cosign: split view: the log shows a checkpoint of size \d+ with root/);
  const ev = JSON.parse(readFileSync(evidence, 'utf8'));
  assert.equal(ev.kind, 'split-view');
  assert.equal(ev.previous, saved.checkpoint);
  assert.equal(ev.offered, readFileSync(forged, 'utf8'));
  assert.deepEqual(JSON.parse(readFileSync(state, 'utf8')), saved, 'the state is unchanged');
  const zh = await runCli([...args, '--checkpoint', forged], { url, env: { LANG: 'zh_CN.UTF-8' } });
  assert.match(zh.stderr, /拒绝联署：分裂视图/);
  // hreg verify-bundle --witness … --quorum N: met by the two witnesses that cosigned one checkpoint, not by three.
  const code = (await r.db.store.query<{ code: string }>('SELECT robot_code AS code FROM events ORDER BY log_index DESC LIMIT 1'))[0]?.code;
  const bundleFile = join(dir, 'bundle.json');
  writeFileSync(bundleFile, JSON.stringify((await r.call('GET', `/v1/robots/${code}/bundle`)).body));
  const wargs = [
    'verify-bundle',
    bundleFile,
    '--key',
    r.verifierKey,
    '--witness',
    provincial.verifierKey,
    '--witness',
    industry.verifierKey,
  ];
  const met = await runCli(wargs, { url });
  assert.equal(met.code, 0, `${met.stdout}\n${met.stderr}`);
  assert.match(met.stdout, /Witnessed: witness.gov-zj.example.cn, witness.industry.example.cn cosigned the checkpoint of size \d+/);
  const short = await runCli([...wargs, '--witness', made.verifierKey, '--quorum', '3'], { url });
  assert.equal(short.code, 1);
  assert.match(short.stderr, /witness quorum not met: 2 of 3 known witnesses cosigned, 3 required/);
  const help = await runCli(['witness', 'cosign', '--help'], { url });
  assert.equal(help.code, 0);
  assert.match(help.stdout, /--key-file FILE/);
});
