// The browser's ledger verifier (web/ledger), run in Node on WebCrypto against real bundles from the API.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { enrol, fileModel, testRegistry, unitBody, type TestRegistry } from '../harness.ts';
import { acceptEachOther } from '../lifecycle/flow.ts';
import { renderIn } from '../../src/i18n/message.ts';
import { translator } from '../../src/i18n/translator.ts';
import { verifyPassportBundle } from '../../web/ledger/bundle.ts';
import { verifyInclusion, leafHash } from '../../web/ledger/merkle.ts';

let r: TestRegistry;
let code: string;
let bundle: any;
let key: string;
let opened: any;
let types: string[];

before(async () => {
  r = await testRegistry();
  const maker = await enrol(r, ['manufacturer', 'seller']);
  const model = await fileModel(r, maker);
  const res = await r.call('POST', '/v1/robots/batch', {
    token: maker.token,
    body: { units: [unitBody(model), unitBody(model), unitBody(model)] },
  });
  code = res.body.units[1].code;
  const op = await enrol(r, ['operator']);
  await acceptEachOther(r, [maker, op]);
  const sale = await r.call('POST', `/v1/robots/${code}/events`, {
    token: maker.token,
    body: { type: 'transferred', data: { to: op.id, sale: true } },
  });
  // A transfer to another organisation may be an offer its recipient accepts (DESIGN.md §2).
  if (sale.status === 202)
    assert.equal(
      (await r.call('POST', `/v1/robots/${code}/events`, { token: op.token, body: { type: 'transfer_accepted', data: {} } })).status,
      201,
    );
  else assert.equal(sale.status, 201);
  assert.equal(
    (
      await r.call('POST', `/v1/robots/${code}/events`, {
        token: op.token,
        body: { type: 'deployed', data: { site: { province: 'Zhejiang', city: 'Hangzhou' }, domain: 'logistics' } },
      })
    ).status,
    201,
  );
  bundle = (await r.call('GET', `/v1/robots/${code}/bundle`)).body;
  opened = (await r.call('GET', `/v1/robots/${code}/bundle`, { token: op.token })).body;
  key = (await r.call('GET', '/v1/log/key')).body as string;
  types = (await r.call('GET', `/v1/robots/${code}/events`, { token: op.token })).body.items.map((e: { type: string }) => e.type);
});
after(() => r.dispose());

test('a real bundle verifies: signature and every inclusion proof', async () => {
  const v = await verifyPassportBundle(bundle, key);
  assert.equal(v.signature, 'verified');
  assert.equal(v.verified, true);
  assert.equal(v.checkpoint!.size, types.length + 2);
  assert.deepEqual(types.slice(0, 2), ['registered', 'transferred']);
  assert.equal(types.at(-1), 'deployed');
  assert.deepEqual(
    v.entries.map((e) => [e.seq, e.type, e.included, e.opened]),
    types.map((t, i) => [i + 1, t, true, false]),
  );
});

test("the owner's bundle carries openings that verify; a changed opening fails, and only that event", async () => {
  assert.ok(opened.entries.every((e: any) => e.opening) && bundle.entries.every((e: any) => !e.opening));
  const v = await verifyPassportBundle(opened, key);
  assert.equal(v.verified, true);
  assert.deepEqual(
    v.entries.map((e) => e.opened),
    types.map(() => true),
  );
  const last = types.length - 1;
  for (const change of [
    (o: any) => ({ ...o, data: { ...o.data, site: { province: 'Zhejiang', city: 'Ningbo' } } }),
    (o: any) => ({ ...o, salt: Buffer.alloc(32, 1).toString('base64') }),
  ]) {
    const b = structuredClone(opened);
    b.entries[last].opening = change(b.entries[last].opening);
    const t = await verifyPassportBundle(b, key);
    assert.equal(t.verified, false);
    assert.deepEqual(
      t.entries.map((e) => e.included),
      types.map((_, i) => i !== last),
    );
    assert.match(t.entries[last]!.error!, /does not match its leaf's commitment/);
  }
});

test('a tampered leaf fails its proof, and only that event', async () => {
  const b = structuredClone(bundle);
  const leaf = JSON.parse(Buffer.from(b.entries[1].leaf, 'base64').toString());
  leaf.type = 'stolen_reported';
  b.entries[1].leaf = Buffer.from(JSON.stringify(leaf)).toString('base64');
  const v = await verifyPassportBundle(b, key);
  assert.equal(v.verified, false);
  assert.deepEqual(
    v.entries.map((e) => e.included),
    types.map((_, i) => i !== 1),
  );
  assert.match(v.entries[1]!.error!, /root/);
  // The page shows the same reason in the reader's language: a catalogue message, Chinese in zh-CN.
  const reason = v.entries[1]?.reason;
  assert.ok(reason !== undefined && typeof reason !== 'string', 'the reason is a catalogue message');
  assert.equal(renderIn(translator('en'), reason), v.entries[1]?.error);
  assert.match(renderIn(translator('zh-CN'), reason), /\p{Script=Han}/u);
});

test('a forged checkpoint signature, a foreign key and a bundle for another robot are refused', async () => {
  const forged = {
    ...bundle,
    checkpoint: bundle.checkpoint.replace(
      /\n\n— (\S+) (\S+)\n$/,
      (_m: string, n: string, s: string) => `\n\n— ${n} ${s.slice(0, 10)}${s[10] === 'A' ? 'B' : 'A'}${s.slice(11)}\n`,
    ),
  };
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
  const size = types.length + 2;
  await verifyInclusion(crypto.subtle, e.index, size, leaf, proof, root);
  await assert.rejects(verifyInclusion(crypto.subtle, e.index + 1, size, leaf, proof, root));
  await assert.rejects(verifyInclusion(crypto.subtle, e.index, size - 2, leaf, proof, root));
});
