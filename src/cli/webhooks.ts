import { clientFrom, seg } from './api-client.ts';
import { defineCommand, defineGroup } from './command.ts';
import { usageError } from './cli-error.ts';
import { CLIENT_FLAGS, pageFlags } from './flags.ts';
import { printFields, printJson, printLine, printTable } from './output.ts';

interface Subscription {
  id: string;
  url: string;
  topics: string[] | null;
  createdAt: string;
  secret?: string;
}

interface Delivery {
  id: number;
  logIndex: number;
  topic: string;
  status: string;
  attempts: number;
  lastResponseStatus: number | null;
  lastError: string | null;
  nextAttemptAt: string | null;
  deliveredAt: string | null;
}

const SIGNING = [
  'Each event is POSTed as JSON with headers Webhook-Id (the delivery id; dedupe by it),',
  'Webhook-Timestamp (Unix seconds) and Webhook-Signature: v1=<hex HMAC-SHA256 keyed with the',
  'secret over "<Webhook-Id>.<Webhook-Timestamp>.<body>">. Failed deliveries are retried with',
  'exponential backoff; `hreg webhooks deliveries` shows the log and `replay` sends again.',
].join('\n');

const add = defineCommand({
  name: 'hreg webhooks add',
  summary: 'Subscribe a URL to the events you may see; the signing secret is printed once',
  // The receiver is a positional: --url already names the registry on every client command.
  args: 'RECEIVER_URL',
  positionals: ['RECEIVER_URL'],
  flags: {
    topics: { type: 'string', value: 'A,B', description: 'comma-separated event types (default: every type you may see)' },
    ...CLIENT_FLAGS,
  },
  details: SIGNING,
  examples: ['hreg webhooks add https://erp.example.com/hreg --topics incident_reported,recall_notified'],
  async action({ flags, positionals, json }) {
    const topics = flags.list('topics');
    if (topics !== undefined && topics.length === 0) throw usageError('--topics needs at least one event type');
    const s = await clientFrom(flags).post<Subscription>('/v1/webhooks', { url: positionals[0]!, ...(topics ? { topics } : {}) });
    if (json) return printJson(s);
    printFields([
      ['Subscription', s.id],
      ['URL', s.url],
      ['Topics', s.topics?.join(', ') ?? 'all you may see'],
    ]);
    printLine('Signing secret (shown only now; keep it to verify Webhook-Signature):');
    printLine(`  ${s.secret}`);
  },
});

const list = defineCommand({
  name: 'hreg webhooks list',
  summary: 'List your webhook subscriptions, without secrets',
  flags: CLIENT_FLAGS,
  examples: ['hreg webhooks list'],
  async action({ flags, json }) {
    const res = await clientFrom(flags).get<{ items: Subscription[] }>('/v1/webhooks');
    if (json) return printJson(res.items);
    printTable(
      ['Subscription', 'URL', 'Topics', 'Created'],
      res.items.map((s) => [s.id, s.url, s.topics?.join(', ') ?? 'all', s.createdAt]),
    );
  },
});

const remove = defineCommand({
  name: 'hreg webhooks remove',
  summary: 'Remove a subscription; its pending deliveries are dropped',
  args: 'ID',
  positionals: ['ID'],
  flags: CLIENT_FLAGS,
  examples: ['hreg webhooks remove 6f1c2a3e-0b7d-4d5e-9f60-1a2b3c4d5e6f'],
  async action({ flags, positionals, json }) {
    await clientFrom(flags).delete(`/v1/webhooks/${seg(positionals[0]!)}`);
    if (json) return printJson({ id: positionals[0], removed: true });
    printLine(`Subscription ${positionals[0]} is removed.`);
  },
});

const deliveries = defineCommand({
  name: 'hreg webhooks deliveries',
  summary: "Show a subscription's delivery log: attempts, status and the last outcome per event",
  args: 'ID',
  positionals: ['ID'],
  flags: {
    ...pageFlags('DELIVERY_ID', 'start after this delivery id (the `next` of the previous page)'),
    ...CLIENT_FLAGS,
  },
  examples: ['hreg webhooks deliveries 6f1c2a3e-0b7d-4d5e-9f60-1a2b3c4d5e6f --limit 20'],
  async action({ flags, positionals, json }) {
    const res = await clientFrom(flags).get<{ items: Delivery[]; next: number | null }>(`/v1/webhooks/${seg(positionals[0]!)}/deliveries`, {
      after: flags.int('after', 0, Number.MAX_SAFE_INTEGER),
      limit: flags.limit(),
    });
    if (json) return printJson(res);
    printTable(
      ['Delivery', 'Log index', 'Topic', 'Status', 'Attempts', 'Last result', 'Next attempt / delivered'],
      res.items.map((d) => [
        d.id,
        d.logIndex,
        d.topic,
        d.status,
        d.attempts,
        d.lastError ?? d.lastResponseStatus,
        d.deliveredAt ?? d.nextAttemptAt,
      ]),
    );
    if (res.next !== null) printLine(`More: --after ${res.next}`);
  },
});

const replay = defineCommand({
  name: 'hreg webhooks replay',
  summary: 'Send deliveries again: from a log index on, or every failed one',
  args: 'ID',
  positionals: ['ID'],
  flags: {
    from: {
      type: 'string',
      value: 'LOG_INDEX',
      description: 'replay every delivery of this subscription from this log index on (default: the failed ones)',
    },
    ...CLIENT_FLAGS,
  },
  details: 'A replay re-sends the same Webhook-Id: a receiver that dedupes must forget the ids it wants again.',
  examples: ['hreg webhooks replay 6f1c2a3e-0b7d-4d5e-9f60-1a2b3c4d5e6f --from 1200'],
  async action({ flags, positionals, json }) {
    const from = flags.int('from', 0, Number.MAX_SAFE_INTEGER);
    const res = await clientFrom(flags).post<{ requeued: number }>(
      `/v1/webhooks/${seg(positionals[0]!)}/replay`,
      from !== undefined ? { fromLogIndex: from } : {},
    );
    if (json) return printJson(res);
    printLine(`${res.requeued} deliveries queued again.`);
  },
});

/** webhooks manages webhook subscriptions: add, list, remove, the delivery log and replay. */
export const webhooks = defineGroup(
  'hreg webhooks',
  'Subscribe to events by webhook, read the delivery log, replay',
  { add, list, remove, deliveries, replay },
  'hreg webhooks add https://erp.example.com/hreg',
);
