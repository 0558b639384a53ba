import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { type PassportBundle, verifyBundle } from './bundle.ts';
import { signCheckpoint } from './checkpoint.ts';
import { type LeafEntry, encodeLeaf } from './leaf.ts';
import { MemoryHashStore } from './memory-hash-store.ts';
import { must } from '../must.ts';
import { generateSignerKey, parseSignerKey } from './note-keys.ts';
import { proveRecord } from './prove.ts';

const ORIGIN = 'registry.example/log';
const keys = generateSignerKey(ORIGIN);
const signer = parseSignerKey(keys.signerKey);
const ROBOT = 'CN0000000000000000000000000A1';
const OTHER = 'CN0000000000000000000000000B2';

const event = (robot: string, seq: number): LeafEntry => ({
  v: 1,
  robot,
  seq,
  type: seq === 1 ? 'registered' : 'serviced',
  occurredAt: '2025-01-01T00:00:00Z',
  recordedAt: '2025-01-01T00:00:01Z',
  actor: 'P-1',
  data: { n: seq },
});

// A log of 23 leaves with the robot's 5 events interleaved among another robot's.
const store = new MemoryHashStore();
const leaves: Buffer[] = [];
const ours: number[] = [];
const seq = new Map([
  [ROBOT, 0],
  [OTHER, 0],
]);
for (let i = 0; i < 23; i++) {
  const robot = i % 5 === 2 ? ROBOT : OTHER;
  const next = (seq.get(robot) ?? 0) + 1;
  seq.set(robot, next);
  if (robot === ROBOT) ours.push(i);
  const leaf = encodeLeaf(event(robot, next));
  leaves.push(leaf);
  await store.append(leaf);
}
const size = store.size;
const root = await store.root();
const checkpoint = signCheckpoint({ origin: ORIGIN, size, root }, signer);

async function bundleOf(indexes: number[], t = size): Promise<PassportBundle> {
  const entries = await Promise.all(
    indexes.map(async (index) => ({
      index,
      leaf: must(leaves[index], `leaf ${index} is in the log`).toString('base64'),
      proof: (await proveRecord(t, index, store)).map((h) => h.toString('base64')),
    })),
  );
  return { version: 1, code: ROBOT, checkpoint, entries };
}

const good = await bundleOf(ours);
const failsWith = (b: unknown, message: RegExp): void => {
  assert.throws(
    () => verifyBundle(b as PassportBundle, keys.verifierKey),
    (e: Error & { code?: string }) => {
      assert.equal(e.code, 'LOG_VERIFICATION_FAILED');
      assert.match(e.message, message);
      return true;
    },
  );
};

describe('verifyBundle', () => {
  it('accepts a genuine bundle and returns the events in order', () => {
    const result = verifyBundle(good, keys.verifierKey);
    const events = [1, 2, 3, 4, 5].map((s) => {
      const { v: _v, ...e } = event(ROBOT, s);
      return { ...e, leafVersion: 1 };
    });
    assert.deepEqual(result, { ok: true, size, root: root.toString('base64'), events });
  });
  it('refuses another registry key and a malformed key', () => {
    assert.throws(
      () => verifyBundle(good, generateSignerKey(ORIGIN).verifierKey),
      /checkpoint: invalid signature|checkpoint: note has no verifiable/,
    );
    assert.throws(() => verifyBundle(good, 'not a key'), { code: 'INVALID_ARGUMENT' });
  });
  it('names the entry whose leaf was altered', () => {
    const b = structuredClone(good);
    must(b.entries[2], 'the bundle has a third entry').leaf = encodeLeaf({ ...event(ROBOT, 3), type: 'scrapped' }).toString('base64');
    failsWith(b, /entry 2: not included in the checkpoint/);
  });
  it('names the entry whose proof was altered or is for another size', async () => {
    const b = structuredClone(good);
    must(b.entries[1], 'the bundle has a second entry').proof[0] = Buffer.alloc(32).toString('base64');
    failsWith(b, /entry 1: not included/);
    const stale = await bundleOf(ours.slice(0, 4), 20);
    failsWith(stale, /entry 0: not included/);
  });
  it('refuses an event of another robot even when it is in the log', () => {
    const fifth = must(good.entries[4], 'the bundle has five entries');
    failsWith({ ...good, entries: [...good.entries.slice(0, 4), { ...fifth, index: 23 }] }, /entry 4: index 23 is beyond/);
    const b = structuredClone(good);
    b.code = OTHER;
    failsWith(b, /entry 0: leaf is for robot CN0000000000000000000000000A1/);
  });
  it('refuses a gap, a repeat or a reordering of events', () => {
    failsWith({ ...good, entries: [good.entries[0], good.entries[2]] }, /entry 1: seq 3 where 2 was expected/);
    failsWith({ ...good, entries: good.entries.slice(1) }, /entry 0: seq 2 where 1 was expected/);
    failsWith({ ...good, entries: [good.entries[0], good.entries[0]] }, /entry 1: index 2 does not follow/);
    failsWith({ ...good, entries: [good.entries[1], good.entries[0]] }, /entry 0: seq 2 where 1 was expected/);
  });
  it('refuses malformed bundles without crashing', () => {
    const e0 = must(good.entries[0], 'the bundle has entries');
    const bad: [unknown, RegExp][] = [
      [null, /version 1/],
      [[], /version 1/],
      [{ ...good, version: 2 }, /version 1/],
      [{ ...good, entries: {} }, /missing/],
      [{ ...good, code: 5 }, /missing/],
      [{ ...good, entries: [] }, /no entries/],
      [{ ...good, checkpoint: 'garbage' }, /checkpoint: malformed note/],
      [{ ...good, checkpoint: good.checkpoint.replace(`\n${size}\n`, `\n0${size}\n`) }, /checkpoint:/],
      [{ ...good, entries: [null] }, /entry 0: not an object/],
      [{ ...good, entries: [{ ...e0, index: -1 }] }, /entry 0: index/],
      [{ ...good, entries: [{ ...e0, index: '2' }] }, /entry 0: index/],
      [{ ...good, entries: [{ ...e0, leaf: 'a b' }] }, /entry 0: leaf is not base64/],
      [{ ...good, entries: [{ ...e0, leaf: 7 }] }, /entry 0: leaf is not base64/],
      [{ ...good, entries: [{ ...e0, proof: 'x' }] }, /entry 0: proof/],
      [{ ...good, entries: [{ ...e0, proof: [...e0.proof, 3] }] }, /entry 0: proof holds/],
      [{ ...good, entries: [{ ...e0, proof: [...e0.proof.slice(1), 'AAAA'] }] }, /entry 0: proof holds/],
      [{ ...good, entries: [{ ...e0, proof: Array(65).fill(e0.proof[0]) }] }, /entry 0: proof/],
    ];
    for (const [b, message] of bad) failsWith(b, message);
  });
});
