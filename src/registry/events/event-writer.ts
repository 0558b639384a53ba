import { randomBytes } from 'node:crypto';
import { commitPrivate, encodeLeaf, leafHash, type LedgerEvent, sealEvent } from '../../ledger/index.ts';
import type { Tx } from '../../store/store.ts';
import { lockLogHeadRoot, planAppend } from '../log/log-append.ts';
import type { LogSigner } from '../log/log-signer.ts';
import { flagLateEvents } from '../deadlines/late-events.ts';
import { must } from '../../must.ts';

/** PendingEvent is an accepted event about to be written with its leaf. */
export interface PendingEvent {
  robotCode: string;
  seq: number;
  type: string;
  occurredAt: Date;
  recordedAt: Date;
  actorId: string;
  /** ownerId is the unit's owner once the event is applied: the outbox tells it. */
  ownerId: string;
  /** recipientId is the participant a transfer offer this event makes names: it hears the offer too. */
  recipientId?: string | null;
  /** data goes into the event the leaf commits to (version 2) or publishes (version 1). */
  data: Record<string, unknown>;
  /** personal is kept outside the leaf behind a salted hash, so it can be erased. */
  personal?: Record<string, unknown>;
  /** party is how the actor stands to the unit (owner, service, …): the deadline table may differ by party. */
  party?: string;
}

/** LeafVersion is the leaf encoding writeEvents uses: 2 for every event the registry accepts; 1 only where tests and the benchmark compare it with the old one. */
export type LeafVersion = 1 | 2;

/**
 * writeEvents appends events to the log and stores them in one transaction:
 * it takes the log head lock, so call it last, after every check. It returns
 * each event's log index, in order. Each leaf is version 2: the public log
 * gets the event's header and a salted commitment, the opening stays here.
 *
 * Under the lock it sends at most three statements: the lock (which returns
 * the head's size and root), the frontier read when this process does not
 * know that head (planAppend), and one statement that writes the events,
 * their outbox and personal rows, the new stored hashes and the new head.
 * The leaves and their hashes are computed before the lock: they do not
 * depend on the log index (bench/README.md, issue #14).
 */
export async function writeEvents(
  tx: Tx,
  signer: LogSigner,
  events: readonly PendingEvent[],
  leafVersion: LeafVersion = 2,
): Promise<number[]> {
  if (events.length === 0) return [];
  const leaves: Buffer[] = [];
  const openings: (Buffer | null)[] = [];
  const personal: ({ salt: Buffer; data: string } | null)[] = [];
  for (const e of events) {
    let commitment: string | undefined;
    if (e.personal) {
      const salt = randomBytes(16);
      commitment = commitPrivate(salt, e.personal);
      personal.push({ salt, data: JSON.stringify(e.personal) });
    } else personal.push(null);
    const event: LedgerEvent = {
      robot: e.robotCode,
      seq: e.seq,
      type: e.type,
      occurredAt: e.occurredAt.toISOString(),
      recordedAt: e.recordedAt.toISOString(),
      actor: e.actorId,
      data: e.data,
      ...(commitment ? { private: commitment } : {}),
    };
    if (leafVersion === 1) {
      leaves.push(encodeLeaf({ v: 1, ...event }));
      openings.push(null);
      continue;
    }
    const sealed = sealEvent(event);
    leaves.push(sealed.leaf);
    // Stored as plain JSON: openLeaf re-encodes the event canonically when it checks it.
    openings.push(Buffer.from(JSON.stringify(sealed.opening), 'utf8'));
  }
  const leafHashes = leaves.map((l) => leafHash(l));
  const head = await lockLogHeadRoot(tx);
  const start = head.size;
  const plan = await planAppend(tx, head, leafHashes, signer);
  const indexes = events.map((_, i) => start + i);
  // One JSON parameter carries every row (leaf, opening and salt as hex), and
  // the drivers encode one string instead of many arrays.
  const rows = events.map((e, i) => {
    const p = personal[i];
    return {
      i: start + i,
      c: e.robotCode,
      s: e.seq,
      t: e.type,
      o: e.occurredAt.toISOString(),
      r: e.recordedAt.toISOString(),
      a: e.actorId,
      d: e.data,
      l: must(leaves[i], 'a leaf per event').toString('hex'),
      p: openings[i]?.toString('hex') ?? null,
      w: e.ownerId,
      q: e.recipientId ?? null,
      ps: p ? p.salt.toString('hex') : null,
      pd: p ? p.data : null,
    };
  });
  // The outbox row commits with the event: delivery (webhooks, NATS) can lag or
  // crash but never lose an accepted event. The personal rows' foreign keys are
  // checked at the end of the statement, after the events are in.
  await tx.query(
    `WITH x AS (
       SELECT * FROM jsonb_to_recordset($1::jsonb)
         AS x(i bigint, c text, s int, t text, o text, r timestamptz, a text, d jsonb, l text, p text, w uuid, q uuid, ps text, pd text)
     ), e AS (
       INSERT INTO events (log_index, robot_code, seq, type, occurred_at, recorded_at, actor_id, data, leaf, opening)
       SELECT i, c, s, t, o::timestamptz, r, a::uuid, d, decode(l, 'hex'), decode(p, 'hex') FROM x
     ), ob AS (
       INSERT INTO outbox (log_index, topic, robot_code, enterprise_code, model_code, owner_id, payload, recipient_id)
       SELECT i, t, c, substr(c, 3, 4), substr(c, 7, 6), w,
              jsonb_build_object('logIndex', i, 'code', c, 'seq', s, 'type', t, 'occurredAt', o, 'actor', a, 'data', d), q
         FROM x ORDER BY i
     ), pd AS (
       INSERT INTO personal_data (log_index, salt, data) SELECT i, decode(ps, 'hex'), pd::jsonb FROM x WHERE ps IS NOT NULL
     ), h AS (
       INSERT INTO log_hashes (idx, hash) SELECT * FROM unnest($2::bigint[], $3::bytea[])
     )
     UPDATE log_head SET size = $4, root = $5, checkpoint = $6, updated_at = now() WHERE id = 1`,
    [JSON.stringify(rows), plan.idx, plan.hashes, plan.size, plan.root, plan.checkpoint],
  );
  await flagLateEvents(tx, events, indexes);
  return indexes;
}
