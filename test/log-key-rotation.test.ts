// Rotating the log's signing key (issue #17, item 5): start puts a new key beside the old one and the
// checkpoints carry both signatures and name the new key; finish retires the old key. Verifiers holding
// the old key keep working, hreg audit and witnesses follow the handover, /v1/log/keys lists the keys
// with their validity, and the key files and the database must agree for a registry to open.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { audit, type AuditState } from '../src/audit/auditor.ts';
import { witnessRound } from '../src/audit/witness.ts';
import { buildApp, type App } from '../src/http/app.ts';
import { generateSignerKey, parseNote, parseVerifierKey, verifyBundle, type PassportBundle } from '../src/ledger/index.ts';
import { generateCosignerKey, openCheckpointWith, parseCosignerSigner } from '../src/ledger/cosignature.ts';
import { registryContext, type RegistryContext } from '../src/registry/context.ts';
import { initRegistry } from '../src/registry/init.ts';
import { checkLogKeys, finishRotation, loadLogSigner, startRotation } from '../src/registry/log/log-keys.ts';
import { FactsCache } from '../src/registry/robots/facts-cache.ts';
import { ENGINE, freshDatabase, TEST_ORIGIN, type TestDatabase, unitBody, MODEL_PARAMETERS, COMPONENT_TYPES } from './harness.ts';

let db: TestDatabase;
let dir: string;
let keyPath: string;
let server: { ctx: RegistryContext; app: App; url: string } | undefined;
let regulatorToken: string;
let maker: { token: string; enterpriseCode: string };
let model: string;

/** serve opens the registry on the key files as they are now, as a restarted server would. */
async function serve(): Promise<string> {
  if (server) await server.app.close();
  const ctx = registryContext({
    store: db.store,
    signer: loadLogSigner(keyPath, TEST_ORIGIN),
    now: () => new Date(),
    facts: new FactsCache(),
  });
  await checkLogKeys(db.store, ctx.signer, new Date());
  const app = await buildApp(ctx, { publicRateLimit: 1_000_000 });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  server = { ctx, app, url };
  return url;
}

// biome-ignore lint/suspicious/noExplicitAny: the answers are read field by field in the test and checked by its assertions.
async function call(method: string, path: string, body?: unknown, token?: string): Promise<any> {
  const res = await fetch(`${server?.url}${path}`, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (res.headers.get('content-type') ?? '').includes('json') ? JSON.parse(text) : text };
}

async function register(n: number): Promise<string> {
  const res = await call('POST', '/v1/robots/batch', { units: Array.from({ length: n }, () => unitBody(model)) }, maker.token);
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body.units?.[0]?.code ?? res.body.items?.[0]?.code ?? res.body.robots?.[0]?.code;
}

const K1 = generateSignerKey(TEST_ORIGIN);

before(async () => {
  db = await freshDatabase();
  dir = mkdtempSync(join(tmpdir(), 'hreg-rotation-'));
  keyPath = join(dir, 'log-signer.key');
  writeFileSync(keyPath, `${K1.signerKey}\n`, { mode: 0o600 });
  regulatorToken = (await initRegistry(db.store, new Date())).regulatorToken;
  await serve();
  const p = await call('POST', '/v1/participants', { name: 'Rotation Maker', country: 'CN', roles: ['manufacturer'] }, regulatorToken);
  const t = await call('POST', `/v1/participants/${p.body.id}/tokens`, {}, regulatorToken);
  maker = { token: t.body.token, enterpriseCode: p.body.enterpriseCode };
  const m = await call(
    'POST',
    '/v1/models',
    { name: 'Rotor', category: 'general-purpose humanoid', parameters: MODEL_PARAMETERS, componentTypes: COMPONENT_TYPES },
    maker.token,
  );
  model = m.body.modelCode;
  assert.equal((await call('POST', `/v1/models/${maker.enterpriseCode}/${model}/approve`, undefined, regulatorToken)).status, 200);
  await register(3);
});
after(async () => {
  await server?.app.close();
  await db.dispose();
});

test(`[${ENGINE}] a rotation keeps every verifier working, lists the keys with validity, and audit and witnesses follow it`, async () => {
  const url = () => server?.url ?? '';
  const keys0 = await call('GET', '/v1/log/keys');
  assert.equal(keys0.body.keys.length, 1);
  assert.deepEqual([keys0.body.keys[0].key, keys0.body.keys[0].status, keys0.body.keys[0].from.size], [K1.verifierKey, 'active', 0]);
  const before1 = await audit({ url: url(), verifierKey: K1.verifierKey });
  assert.ok(before1.ok, JSON.stringify(before1.findings));
  const witness = parseCosignerSigner(generateCosignerKey('witness.rotation.example').signerKey);
  const getJson = async (p: string) => (await fetch(`${url()}${p}`)).json();
  const witnessOn = (note: string, state?: Parameters<typeof witnessRound>[0]['state']) =>
    witnessRound({
      note,
      state,
      logKeys: [K1.verifierKey],
      signer: witness,
      now: Math.floor(Date.now() / 1000),
      consistencyProof: async (from, to) => (await getJson(`/v1/log/proof/consistency?from=${from}&to=${to}`)).proof,
      keyList: () => getJson('/v1/log/keys'),
    });
  const w0 = await witnessOn((await call('GET', '/v1/log/checkpoint')).body);
  assert.ok(w0.ok);

  // Start: the new key is made beside the old one (mode 0600), recorded, and the head is signed by both.
  const started = await startRotation(db.store, keyPath, TEST_ORIGIN, new Date());
  const nextFile = join(dir, 'log-signer.next.key');
  assert.equal(statSync(nextFile).mode & 0o777, 0o600);
  const K2 = started.key;
  assert.notEqual(K2, K1.verifierKey);
  await assert.rejects(startRotation(db.store, keyPath, TEST_ORIGIN, new Date()), { code: 'DUPLICATE' });
  await serve();
  const keys1 = (await call('GET', '/v1/log/keys')).body.keys;
  assert.deepEqual(
    keys1.map((k: { status: string }) => k.status),
    ['active', 'incoming'],
  );
  assert.equal(keys1[1].from.size, started.size);
  assert.equal(keys1[1].handover, started.checkpoint);
  assert.equal((await call('GET', '/v1/log/key')).body.trim(), K1.verifierKey, '/v1/log/key keeps its one-line shape: the key in charge');

  // During the rotation checkpoints carry both signatures: a bundle verifies with either key.
  const code = await register(2);
  const note = (await call('GET', '/v1/log/checkpoint')).body as string;
  assert.deepEqual(
    parseNote(note).signatures.map((s) => s.name),
    [TEST_ORIGIN, TEST_ORIGIN],
  );
  assert.match(note, /\nhreg\/next-key /);
  const bundle = (await call('GET', `/v1/robots/${code}/bundle`)).body as PassportBundle;
  assert.ok(verifyBundle(bundle, K1.verifierKey).ok);
  assert.ok(verifyBundle(bundle, K2).ok);

  // The auditor that trusted K1 takes K2 from the handover, and keeps both while the rotation runs.
  const during = await audit({ url: url(), verifierKey: K1.verifierKey, previous: before1.state });
  assert.ok(during.ok, JSON.stringify(during.findings));
  assert.deepEqual(
    during.rotated.map((x) => x.key),
    [K2],
  );
  assert.deepEqual(new Set(during.state?.keys), new Set([K1.verifierKey, K2]));

  // Finish: the new key signs alone; the old private key is moved aside, the new one takes its place.
  const finished = await finishRotation(db.store, keyPath, TEST_ORIGIN, new Date());
  assert.equal(finished.key, K2);
  assert.ok(!existsSync(nextFile));
  assert.ok(readdirSync(dir).some((f) => /^log-signer\.retired-[0-9a-f]{8}\.key$/.test(f)));
  await assert.rejects(finishRotation(db.store, keyPath, TEST_ORIGIN, new Date()), { code: 'NOT_FOUND' });
  await serve();
  await register(1);
  const after2 = (await call('GET', '/v1/log/checkpoint')).body as string;
  assert.equal(parseNote(after2).signatures.length, 1);
  assert.throws(() => openCheckpointWith(after2, [parseVerifierKey(K1.verifierKey)]), { code: 'LOG_VERIFICATION_FAILED' });
  const keys2 = (await call('GET', '/v1/log/keys')).body.keys;
  assert.deepEqual(
    keys2.map((k: { status: string; until: unknown }) => [k.status, k.until === null]),
    [
      ['retired', false],
      ['active', true],
    ],
  );
  assert.equal(keys2[0].until.size, finished.size);

  // The auditor that ran during the rotation now trusts K2 alone; one that only ever held K1 and last ran
  // before the rotation follows the listed handover; a witness does the same.
  const afterwards = await audit({ url: url(), verifierKey: K1.verifierKey, previous: during.state });
  assert.ok(afterwards.ok, JSON.stringify(afterwards.findings));
  assert.deepEqual(afterwards.state?.keys, [K2]);
  const late = await audit({ url: url(), verifierKey: K1.verifierKey, previous: before1.state });
  assert.ok(late.ok, JSON.stringify(late.findings));
  assert.deepEqual(
    late.rotated.map((x) => x.key),
    [K2],
  );
  assert.ok(w0.ok);
  const w1 = await witnessOn(after2, w0.state);
  assert.ok(w1.ok, JSON.stringify(w1));
  assert.deepEqual(w1.state.keys, [K2]);

  // A key list whose handover no trusted key signed is not followed: the audit fails on the signature.
  const forger = generateSignerKey(TEST_ORIGIN);
  const fake = (await import('../src/registry/log/log-signer.ts')).createLogSigner(
    TEST_ORIGIN,
    forger.signerKey,
    generateSignerKey(TEST_ORIGIN).signerKey,
  );
  const forgedList = { version: 1, origin: TEST_ORIGIN, keys: [{ key: K2, status: 'active', handover: fake.sign(1, Buffer.alloc(32)) }] };
  const fetchImpl: typeof fetch = async (input, init) =>
    String(input).endsWith('/v1/log/keys') ? new Response(JSON.stringify(forgedList), { status: 200 }) : fetch(input, init);
  const refused = await audit({ url: url(), verifierKey: K1.verifierKey, previous: before1.state, fetchImpl });
  assert.equal(refused.ok, false);
  assert.equal(refused.findings[0]?.kind, 'signature');
  const stateless: AuditState | undefined = undefined;
  assert.equal((await audit({ url: url(), verifierKey: forger.verifierKey, previous: stateless })).ok, false);
});

test(`[${ENGINE}] a registry opens only when its key files match the keys it recorded`, async () => {
  const wrong = join(dir, 'wrong.key');
  writeFileSync(wrong, `${generateSignerKey(TEST_ORIGIN).signerKey}\n`);
  await assert.rejects(checkLogKeys(db.store, loadLogSigner(wrong, TEST_ORIGIN), new Date()), {
    code: 'INVALID_ARGUMENT',
    message: /log signing key files: the key file holds .* but the registry's active key is/,
  });
  // A stray next-key file with no rotation under way.
  writeFileSync(join(dir, 'log-signer.next.key'), `${generateSignerKey(TEST_ORIGIN).signerKey}\n`);
  await assert.rejects(checkLogKeys(db.store, loadLogSigner(keyPath, TEST_ORIGIN), new Date()), {
    message: /the next-key file holds .* but no rotation is under way/,
  });
});
