import type { Role } from '../access/principal.ts';
import { must } from '../must.ts';
import type { Store } from '../store/store.ts';
import { mayReceive, wants } from './audience.ts';

/** FAN_OUT_BATCH is how many outbox rows one fan-out transaction handles. */
export const FAN_OUT_BATCH = 500;

interface OutboxRow {
  id: number;
  log_index: number;
  topic: string;
  enterprise_code: string;
  owner_id: string;
  recipient_id: string | null;
}

interface SubscriptionRow {
  id: string;
  topics: string[] | null;
  from_outbox_id: number;
  participant_id: string;
  roles: Role[];
  enterprise_code: string | null;
}

/**
 * fanOut turns the next outbox rows into delivery rows, one per matching live
 * subscription, and advances the 'webhooks' cursor in the same transaction:
 * a crash either keeps both or neither, so no row is skipped or fanned out
 * twice. The cursor row's lock serialises servers sharing one PostgreSQL.
 * Outbox ids commit in order because writeEvents inserts them under the
 * log-head lock. It returns how many outbox rows it handled.
 */
export async function fanOut(store: Store, batch = FAN_OUT_BATCH): Promise<number> {
  return store.readWrite(async (tx) => {
    const [cursor] = await tx.query<{ last_id: number }>("SELECT last_id FROM outbox_cursors WHERE name = 'webhooks' FOR UPDATE");
    const rows = await tx.query<OutboxRow>(
      'SELECT id, log_index, topic, enterprise_code, owner_id, recipient_id FROM outbox WHERE id > $1 ORDER BY id LIMIT $2',
      [must(cursor, "the 'webhooks' outbox cursor row exists").last_id, batch],
    );
    const last = rows.at(-1);
    if (last === undefined) return 0;
    const subs = await tx.query<SubscriptionRow>(
      `SELECT s.id, s.topics, s.from_outbox_id, p.id AS participant_id, p.roles, p.enterprise_code
       FROM webhook_subscriptions s JOIN participants p ON p.id = s.participant_id
       WHERE s.deleted_at IS NULL`,
    );
    const pairs: { sub: string; row: OutboxRow }[] = [];
    for (const row of rows) {
      for (const s of subs) {
        if (row.id <= s.from_outbox_id || !wants(s.topics, row.topic)) continue;
        if (
          mayReceive(
            { participantId: s.participant_id, roles: s.roles, enterpriseCode: s.enterprise_code },
            { topic: row.topic, ownerId: row.owner_id, enterpriseCode: row.enterprise_code, recipientId: row.recipient_id },
          )
        ) {
          pairs.push({ sub: s.id, row });
        }
      }
    }
    if (pairs.length > 0) {
      await tx.query(
        `INSERT INTO webhook_deliveries (subscription_id, outbox_id, log_index, topic)
         SELECT * FROM unnest($1::uuid[], $2::bigint[], $3::bigint[], $4::text[])
         ON CONFLICT (subscription_id, outbox_id) DO NOTHING`,
        [pairs.map((p) => p.sub), pairs.map((p) => p.row.id), pairs.map((p) => p.row.log_index), pairs.map((p) => p.row.topic)],
      );
    }
    await tx.query("UPDATE outbox_cursors SET last_id = $1 WHERE name = 'webhooks'", [last.id]);
    return rows.length;
  });
}
