import { jetstream, jetstreamManager, JetStreamApiCodes, JetStreamApiError, type JetStreamClient } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { must } from '../must.ts';
import type { Store } from '../store/store.ts';

/** EVENT_STREAM is the JetStream stream the registry publishes events to. */
export const EVENT_STREAM = 'HREG_EVENTS';
/** SUBJECT_PREFIX starts every event subject: `hreg.events.<topic>`. */
export const SUBJECT_PREFIX = 'hreg.events.';
const NATS_BATCH = 200;

/** NatsPublisher publishes outbox rows to JetStream behind its own cursor. */
export interface NatsPublisher {
  /** publishNext publishes the next batch and returns how many rows it handled. */
  publishNext(): Promise<number>;
  close(): Promise<void>;
}

/**
 * openNatsPublisher connects to NATS at url and creates the HREG_EVENTS stream
 * (subjects `hreg.events.>`) when it is missing.
 */
export async function openNatsPublisher(store: Store, url: string): Promise<NatsPublisher> {
  const nc: NatsConnection = await connect({ servers: url, name: 'humanoid-registry', maxReconnectAttempts: -1 });
  try {
    const jsm = await jetstreamManager(nc);
    try {
      await jsm.streams.info(EVENT_STREAM);
    } catch (err) {
      if (!(err instanceof JetStreamApiError && err.code === JetStreamApiCodes.StreamNotFound)) throw err;
      await jsm.streams.add({ name: EVENT_STREAM, subjects: [`${SUBJECT_PREFIX}>`] });
    }
  } catch (err) {
    await nc.close();
    throw err;
  }
  const js: JetStreamClient = jetstream(nc);
  return {
    async publishNext() {
      const [cursor] = await store.query<{ last_id: number }>("SELECT last_id FROM outbox_cursors WHERE name = 'nats'");
      const rows = await store.query<{ id: number; log_index: number; topic: string; payload: unknown }>(
        'SELECT id, log_index, topic, payload FROM outbox WHERE id > $1 ORDER BY id LIMIT $2',
        [must(cursor, "the 'nats' outbox cursor row exists").last_id, NATS_BATCH],
      );
      const last = rows.at(-1);
      if (last === undefined) return 0;
      // Publish first, then move the cursor: a crash in between republishes,
      // and the stream drops the repeat by its Nats-Msg-Id (the log index)
      // within its duplicate window.
      await Promise.all(rows.map((r) => js.publish(SUBJECT_PREFIX + r.topic, JSON.stringify(r.payload), { msgID: String(r.log_index) })));
      await store.query("UPDATE outbox_cursors SET last_id = $1 WHERE name = 'nats' AND last_id < $1", [last.id]);
      return rows.length;
    },
    async close() {
      await nc.drain();
    },
  };
}
