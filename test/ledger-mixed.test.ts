// A log written before leaf version 2 keeps its version 1 leaves (the log is append-only):
// the auditor verifies a log of both versions from public data, /events and the bundle read
// both, and the auditor's per-unit sequence check catches a gap whatever the version.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { audit } from '../src/audit/auditor.ts';
import { decodeLeaf, verifyBundle, type PassportBundle } from '../src/ledger/index.ts';
import { writeEvents, type LeafVersion } from '../src/registry/events/event-writer.ts';
import Fastify from 'fastify';
import { PassportBundleSchema } from '../src/contract/responses.ts';
import { passportBundleAnswer } from '../src/registry/log/log-read.ts';
import { ENGINE, enrol, fileModel, testRegistry, unitBody, type Enrolled, type TestRegistry } from './harness.ts';

let r: TestRegistry;
let url: string;
let maker: Enrolled;
let codes: string[];

/** writeDirect appends one serviced event to a unit through the registry's own writer, in the given leaf version. */
async function writeDirect(code: string, seq: number, leafVersion: LeafVersion): Promise<number> {
  const [index] = await r.ctx.store.readWrite((tx) =>
    writeEvents(
      tx,
      r.ctx.signer,
      [
        {
          robotCode: code,
          seq,
          type: 'serviced',
          occurredAt: new Date('2026-11-21T08:00:00Z'),
          recordedAt: new Date('2026-11-21T08:00:01Z'),
          actorId: maker.id,
          ownerId: maker.id,
          data: { kind: 'inspection', firmware: `legacy-${seq}` },
        },
      ],
      leafVersion,
    ),
  );
  return index!;
}

before(async () => {
  r = await testRegistry();
  url = await r.app.listen({ port: 0, host: '127.0.0.1' });
  maker = await enrol(r, ['manufacturer']);
  const model = await fileModel(r, maker);
  const res = await r.call('POST', '/v1/robots/batch', { token: maker.token, body: { units: [unitBody(model), unitBody(model)] } });
  codes = res.body.units.map((u: { code: string }) => u.code);
  // Two events of the first unit written as version 1 leaves, as a registry before version 2 did.
  await writeDirect(codes[0]!, 2, 1);
  await writeDirect(codes[0]!, 3, 1);
  await r.call('POST', '/v1/robots/batch', { token: maker.token, body: { units: [unitBody(model)] } });
});
after(() => r.dispose());

test(`[${ENGINE}] hreg audit passes on a log of version 1 and version 2 leaves`, async () => {
  const { body } = await r.call('GET', '/v1/log/entries?start=0&limit=1000');
  const versions = body.entries.map((e: { leaf: string }) => decodeLeaf(Buffer.from(e.leaf, 'base64')).v);
  assert.deepEqual(versions, [2, 2, 1, 1, 2]);
  const result = await audit({ url, verifierKey: r.verifierKey });
  assert.deepEqual(result.findings, []);
  assert.equal(result.size, 5);
});

test(`[${ENGINE}] version 1 events read back through /events and verify in bundles beside version 2 ones; their public leaves stay readable by anyone`, async () => {
  const events = await r.call('GET', `/v1/robots/${codes[0]}/events`, { token: maker.token });
  assert.deepEqual(
    events.body.items.map((e: { type: string; data: { firmware?: string } }) => [e.type, e.data.firmware ?? null]),
    [
      ['registered', null],
      ['serviced', 'legacy-2'],
      ['serviced', 'legacy-3'],
    ],
  );
  const own = verifyBundle(
    (await r.call('GET', `/v1/robots/${codes[0]}/bundle`, { token: maker.token })).body as PassportBundle,
    r.verifierKey,
  );
  assert.deepEqual(
    own.events.map((e) => [e.leafVersion, e.actor]),
    [
      [2, maker.id],
      [1, maker.id],
      [1, maker.id],
    ],
  );
  const pub = (await r.call('GET', `/v1/robots/${codes[0]}/bundle`)).body as PassportBundle;
  assert.deepEqual(
    pub.entries.map((e) => e.opening === undefined),
    [true, true, true],
  );
  // The honest exposure of a version 1 leaf: its event is public, as it always was.
  assert.deepEqual(
    verifyBundle(pub, r.verifierKey).events.map((e) => e.actor ?? null),
    [null, maker.id, maker.id],
  );
});

test(`[${ENGINE}] the auditor names an entry that skips a unit's event number, in either version`, async () => {
  const gap = await writeDirect(codes[1]!, 3, 2);
  const result = await audit({ url, verifierKey: r.verifierKey });
  assert.equal(result.ok, false);
  assert.deepEqual(
    result.findings.map((f) => [f.kind, f.index]),
    [['sequence', gap]],
  );
  assert.match(result.findings[0]!.message, new RegExp(`event 3 of ${codes[1]} where event 2 was due`));
});

test(`[${ENGINE}] a bundle written out as JSON text is byte for byte what the route's schema serializer makes of it, witnessed or not`, async () => {
  // The schema serializer on its own: a route that answers the bundle it is sent, through PassportBundleSchema.
  const serializer = Fastify();
  serializer.post('/', { schema: { response: { 200: PassportBundleSchema } } }, async (req) => req.body);
  const serialized = async (text: string) => {
    const res = await serializer.inject({ method: 'POST', url: '/', payload: JSON.parse(text) });
    return { body: res.body, type: res.headers['content-type'] };
  };
  for (const code of codes) {
    for (const token of [undefined, maker.token]) {
      const res = await r.app.inject({
        method: 'GET',
        url: `/v1/robots/${code}/bundle`,
        headers: token ? { authorization: `Bearer ${token}` } : {},
      });
      assert.equal(res.statusCode, 200);
      assert.deepEqual({ body: res.body, type: res.headers['content-type'] }, await serialized(res.body));
    }
  }
  // The witnessed part, which this log has none of, and a checkpoint with what JSON must escape.
  const witnessedOf = async () => ({ checkpoint: 'witness.example/log\n5\n"quoted" \\ 检查点\n\n— w AAAA\n', proof: ['AAAA', 'BBBB'] });
  for (const code of codes) {
    const answer = await passportBundleAnswer(r.ctx, undefined, code, witnessedOf);
    assert.ok('json' in answer, 'a public bundle is written out');
    const text = answer.json.toString('utf8');
    assert.equal(text, (await serialized(text)).body);
    assert.match(text, /"witnessed":\{"checkpoint":"witness\.example/);
    const caller = { participantId: maker.id, name: 'maker', roles: ['manufacturer' as const], enterpriseCode: maker.enterpriseCode };
    const entitled = await passportBundleAnswer(r.ctx, caller, code, async () => undefined);
    assert.ok('bundle' in entitled, "the maker's bundle carries openings, for the serializer");
  }
  await serializer.close();
});
