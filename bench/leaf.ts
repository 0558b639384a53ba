/**
 * leaf: what leaf version 2 costs against version 1, measured in one run on
 * one database — bytes (public leaf, stored opening), encoding CPU, durable
 * appends (single-event transactions from concurrent writers, interleaved
 * v1/v2 rounds) and the read side (bundle build, offline verification with
 * and without openings, /events reads) on a 200-event unit of each version.
 */
import { randomUUID } from 'node:crypto';
import { commitPrivate, encodeLeaf, sealEvent, verifyBundle, type LedgerEvent, type PassportBundle } from '../src/ledger/index.ts';
import { writeEvents, type LeafVersion, type PendingEvent } from '../src/registry/events/event-writer.ts';
import { passportBundle } from '../src/registry/log/log-read.ts';
import { listEvents } from '../src/registry/robots/passport.ts';
import { registerRobots } from '../src/registry/robots/register-robots.ts';
import { migrate } from '../src/store/migrate.ts';
import { openPostgresStore } from '../src/store/postgres-store.ts';
import { approvedModel } from './approved-model.ts';
import { benchContext, recreateDatabase } from './database.ts';
import { scenarioDatabase, type Flags } from './flags.ts';
import { progress, type ResultTable } from './report.ts';
import { summarise } from './stats.ts';

const COMPONENT_TYPES = ['main_controller', 'battery_pack', 'joint_actuator', 'vision_sensor'];
const HISTORY = 200;

/** KINDS is a day in a unit's life with the data shapes the registry writes (personal data beside the event). */
const KINDS: { type: string; data: () => Record<string, unknown>; personal?: Record<string, unknown> }[] = [
  { type: 'transferred', data: () => ({ to: randomUUID(), sale: true }) },
  {
    type: 'deployed',
    data: () => ({ site: { province: 'Guangdong', city: 'Shenzhen' }, domain: 'warehouse logistics', operator: randomUUID() }),
    personal: { address: '88 Keyuan Road, Nanshan District', latitude: 22.54, longitude: 113.95 },
  },
  { type: 'service_granted', data: () => ({ service: randomUUID(), expiresAt: '2027-01-01T00:00:00.000Z' }) },
  {
    type: 'serviced',
    data: () => ({
      kind: 'repair',
      firmware: 'v2.1.0',
      replaced: [
        {
          type: 'battery_pack',
          removed: { maker: 'CATL', serial: 'BP-2026-000123' },
          installed: { maker: 'CATL', serial: 'BP-2026-004567' },
        },
      ],
    }),
    personal: { notes: 'Replaced the battery pack after a thermal warning' },
  },
  {
    type: 'incident_reported',
    data: () => ({ severity: 'minor', kind: 'malfunction' }),
    personal: { description: 'Stopped in an aisle; restarted by the operator' },
  },
];

/** ledgerEventOf is the event a PendingEvent becomes, for the in-memory byte and CPU figures. */
function ledgerEventOf(e: PendingEvent): LedgerEvent {
  return {
    robot: e.robotCode,
    seq: e.seq,
    type: e.type,
    occurredAt: e.occurredAt.toISOString(),
    recordedAt: e.recordedAt.toISOString(),
    actor: e.actorId,
    data: e.data,
    ...(e.personal ? { private: commitPrivate(Buffer.alloc(16), e.personal) } : {}),
  };
}

/** leafScenario measures versions 1 and 2 side by side on a fresh database. */
export async function leafScenario(flags: Flags): Promise<ResultTable[]> {
  const url = scenarioDatabase(flags, '_leaf');
  progress(`recreating ${url}`);
  await recreateDatabase(url);
  const store = await openPostgresStore(url, { poolSize: flags.pool });
  await migrate(store);
  const ctx = benchContext(store);
  const { regulator: reg, maker, modelCode } = await approvedModel(ctx, COMPONENT_TYPES);
  const units = (
    await registerRobots(
      ctx,
      maker,
      Array.from({ length: flags.writers + 2 }, (_, i) => ({
        model: modelCode,
        productionDate: '2026-01-01',
        firmware: 'v1.0.0',
        components: COMPONENT_TYPES.map((type) => ({ type, maker: 'Bench Parts', serial: `LEAF-${i}-${type}`, lot: 'LOT-1' })),
      })),
    )
  ).map((u) => u.code);
  const nextSeq = new Map(units.map((c) => [c, 2]));
  const pending = (code: string, k: number): PendingEvent => {
    const kind = KINDS[k % KINDS.length]!;
    const seq = nextSeq.get(code)!;
    nextSeq.set(code, seq + 1);
    return {
      robotCode: code,
      seq,
      type: kind.type,
      occurredAt: new Date(),
      recordedAt: new Date(),
      actorId: maker.participantId,
      ownerId: maker.participantId,
      data: kind.data(),
      ...(kind.personal ? { personal: kind.personal } : {}),
    };
  };

  // Bytes: each kind as a version 1 leaf, a version 2 leaf and the opening stored beside it.
  const bytes = KINDS.map((kind, k) => {
    const e = ledgerEventOf({ ...pending(units[0]!, k), seq: 1 });
    nextSeq.set(units[0]!, 2);
    const sealed = sealEvent(e);
    return {
      kind: kind.type,
      v1: encodeLeaf({ v: 1, ...e }).length,
      v2: sealed.leaf.length,
      opening: Buffer.byteLength(JSON.stringify(sealed.opening)),
    };
  });

  // Encoding CPU: what writeEvents spends per event on the leaf, in process.
  const sample = Array.from({ length: 20_000 }, (_, i) => ledgerEventOf({ ...pending(units[0]!, i), seq: 1 + i }));
  nextSeq.set(units[0]!, 2);
  const cpu = (fn: (e: LedgerEvent) => unknown): number => {
    for (const e of sample.slice(0, 2000)) fn(e);
    const t0 = performance.now();
    for (const e of sample) fn(e);
    return ((performance.now() - t0) * 1000) / sample.length;
  };
  const cpuV1 = cpu((e) => encodeLeaf({ v: 1, ...e }));
  const cpuV2 = cpu((e) => JSON.stringify(sealEvent(e).opening));

  // Appends: writers × single-event transactions, rounds alternating v1, v2, v1, v2 so drift hits both.
  const appends: Record<LeafVersion, number[]> = { 1: [], 2: [] };
  const ops: Record<LeafVersion, { n: number; s: number }> = { 1: { n: 0, s: 0 }, 2: { n: 0, s: 0 } };
  const round = Math.max(1, flags.duration / 4);
  for (const version of [1, 2, 1, 2] as LeafVersion[]) {
    progress(`leaf: ${flags.writers} writers × 1 event per transaction, leaf v${version}, ${round}s`);
    const start = performance.now();
    const end = start + round * 1000;
    await Promise.all(
      Array.from({ length: flags.writers }, async (_, w) => {
        for (let k = 0; performance.now() < end; k++) {
          const e = pending(units[w]!, k);
          const t0 = performance.now();
          await store.readWrite((tx) => writeEvents(tx, ctx.signer, [e], version));
          appends[version].push(performance.now() - t0);
        }
      }),
    );
    ops[version].n = appends[version].length;
    ops[version].s += (performance.now() - start) / 1000;
  }

  // The read side on a 200-event unit of each version: bundle build, offline verification, /events.
  const history: Record<LeafVersion, string> = { 1: units.at(-2)!, 2: units.at(-1)! };
  for (const version of [1, 2] as LeafVersion[]) {
    const events = Array.from({ length: HISTORY }, (_, k) => pending(history[version], k));
    await store.readWrite((tx) => writeEvents(tx, ctx.signer, events, version));
  }
  const reads: { measure: string; v1: number[]; v2: number[]; bytes?: [number, number] }[] = [
    { measure: `bundle build, public (${HISTORY + 1} events)`, v1: [], v2: [] },
    { measure: 'bundle build, entitled reader (with openings)', v1: [], v2: [] },
    { measure: 'verifyBundle, public bundle', v1: [], v2: [] },
    { measure: 'verifyBundle, entitled bundle (checks openings)', v1: [], v2: [] },
    { measure: `listEvents (/events, ${HISTORY + 1} events, checks openings)`, v1: [], v2: [] },
  ];
  for (let rep = 0; rep < 30; rep++) {
    for (const version of [1, 2] as LeafVersion[]) {
      const key = version === 1 ? 'v1' : 'v2';
      const time = async <T>(row: number, fn: () => Promise<T> | T): Promise<T> => {
        const t0 = performance.now();
        const out = await fn();
        if (rep > 2) reads[row]![key].push(performance.now() - t0);
        return out;
      };
      const pub = (await time(0, () => passportBundle(ctx, undefined, history[version]))) as PassportBundle;
      const full = (await time(1, () => passportBundle(ctx, reg, history[version]))) as PassportBundle;
      await time(2, () => verifyBundle(pub, ctx.verifierKey));
      await time(3, () => verifyBundle(full, ctx.verifierKey));
      await time(4, () => listEvents(ctx, reg, history[version], { after: 0, limit: 500 }));
      if (rep === 0) {
        reads[0]!.bytes = [...(reads[0]!.bytes ?? [0, 0])] as [number, number];
        reads[0]!.bytes[version - 1] = JSON.stringify(pub).length;
        reads[1]!.bytes = [...(reads[1]!.bytes ?? [0, 0])] as [number, number];
        reads[1]!.bytes[version - 1] = JSON.stringify(full).length;
      }
    }
  }
  await store.close();

  const a1 = summarise(appends[1]);
  const a2 = summarise(appends[2]);
  const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
  return [
    {
      title:
        'leaf — bytes per event kind (leaf v1 = the whole event in public; leaf v2 = header + commitment; the opening stays in the database)',
      rows: [
        ...bytes.map((b) => ({
          kind: b.kind,
          'v1 leaf': b.v1,
          'v2 leaf': b.v2,
          'v2 opening (stored)': b.opening,
          'v2 leaf ÷ v1': b.v2 / b.v1,
        })),
        {
          kind: 'mean',
          'v1 leaf': mean(bytes.map((b) => b.v1)),
          'v2 leaf': mean(bytes.map((b) => b.v2)),
          'v2 opening (stored)': mean(bytes.map((b) => b.opening)),
          'v2 leaf ÷ v1': mean(bytes.map((b) => b.v2)) / mean(bytes.map((b) => b.v1)),
        },
      ],
    },
    {
      title: `leaf — append: encoding CPU and ${flags.writers} writers × single-event transactions, 2 interleaved rounds of ${round}s per version`,
      rows: [
        { measure: 'encode per event (µs, in process)', v1: cpuV1, v2: cpuV2, 'v2 − v1': cpuV2 - cpuV1 },
        { measure: 'appends/s', v1: ops[1].n / ops[1].s, v2: ops[2].n / ops[2].s, 'v2 − v1': ops[2].n / ops[2].s - ops[1].n / ops[1].s },
        { measure: 'append p50 ms', v1: a1.p50, v2: a2.p50, 'v2 − v1': a2.p50 - a1.p50 },
        { measure: 'append p99 ms', v1: a1.p99, v2: a2.p99, 'v2 − v1': a2.p99 - a1.p99 },
      ],
      notes: [
        'v1 = the canonical event bytes; v2 = the canonical event bytes, 32 random bytes, one SHA-256, the canonical v2 leaf and the opening as JSON (stored beside the event)',
      ],
    },
    {
      title: 'leaf — proof and read side, p50 ms over 27 repetitions (regulator as the entitled reader)',
      notes: ["each unit's event 1 (its registration) is a v2 leaf in both columns; events 2..201 are of the column's version"],
      rows: reads.map((r) => ({
        measure: r.measure,
        'v1 p50': summarise(r.v1).p50,
        'v2 p50': summarise(r.v2).p50,
        'v1 bytes': r.bytes?.[0] ?? null,
        'v2 bytes': r.bytes?.[1] ?? null,
      })),
    },
  ];
}
