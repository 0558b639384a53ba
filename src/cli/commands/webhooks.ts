import { clientFrom, seg } from '../api-client.ts';
import { defineCommand, defineGroup } from '../command.ts';
import { usageError } from '../cli-error.ts';
import { CLIENT_FLAGS, pageFlags } from '../flags.ts';
import { printFields, printJson, printLine, printTable } from '../output.ts';
import { t, word } from '../lang.ts';

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

const add = defineCommand({
  name: 'hreg webhooks add',
  summary: 'cli.webhooks.add.summary',
  // The receiver is a positional: --url already names the registry on every client command.
  args: 'RECEIVER_URL',
  positionals: ['RECEIVER_URL'],
  flags: {
    topics: { type: 'string', value: 'A,B', description: 'cli.webhooks.add.flag.topics' },
    ...CLIENT_FLAGS,
  },
  details: 'cli.webhooks.add.details',
  examples: ['hreg webhooks add https://erp.example.com/hreg --topics incident_reported,recall_notified'],
  async action({ flags, arg, json }) {
    const topics = flags.list('topics');
    if (topics !== undefined && topics.length === 0) throw usageError(t('cli.webhooks.noTopics'));
    const s = await clientFrom(flags).post<Subscription>('/v1/webhooks', { url: arg(0), ...(topics ? { topics } : {}) });
    if (json) return printJson(s);
    printFields([
      ['cli.field.subscription', s.id],
      ['cli.field.url', s.url],
      ['cli.field.topics', s.topics?.map((x) => word('lifecycle.event', x)).join(', ') ?? t('cli.webhooks.allYouMaySee')],
    ]);
    printLine(t('cli.webhooks.secret'));
    printLine(`  ${s.secret}`);
  },
});

const list = defineCommand({
  name: 'hreg webhooks list',
  summary: 'cli.webhooks.list.summary',
  flags: CLIENT_FLAGS,
  examples: ['hreg webhooks list'],
  async action({ flags, json }) {
    const res = await clientFrom(flags).get<{ items: Subscription[] }>('/v1/webhooks');
    if (json) return printJson(res.items);
    printTable(
      ['cli.field.subscription', 'cli.field.url', 'cli.field.topics', 'cli.field.created'],
      res.items.map((s) => [s.id, s.url, s.topics?.map((x) => word('lifecycle.event', x)).join(', ') ?? t('cli.word.all'), s.createdAt]),
    );
  },
});

const remove = defineCommand({
  name: 'hreg webhooks remove',
  summary: 'cli.webhooks.remove.summary',
  args: 'ID',
  positionals: ['ID'],
  flags: CLIENT_FLAGS,
  examples: ['hreg webhooks remove 6f1c2a3e-0b7d-4d5e-9f60-1a2b3c4d5e6f'],
  async action({ flags, arg, json }) {
    await clientFrom(flags).delete(`/v1/webhooks/${seg(arg(0))}`);
    if (json) return printJson({ id: arg(0), removed: true });
    printLine(t('cli.webhooks.removed', { id: arg(0) }));
  },
});

const deliveries = defineCommand({
  name: 'hreg webhooks deliveries',
  summary: 'cli.webhooks.deliveries.summary',
  args: 'ID',
  positionals: ['ID'],
  flags: {
    ...pageFlags('DELIVERY_ID', 'cli.webhooks.deliveries.flag.after'),
    ...CLIENT_FLAGS,
  },
  examples: ['hreg webhooks deliveries 6f1c2a3e-0b7d-4d5e-9f60-1a2b3c4d5e6f --limit 20'],
  async action({ flags, arg, json }) {
    const res = await clientFrom(flags).get<{ items: Delivery[]; next: number | null }>(`/v1/webhooks/${seg(arg(0))}/deliveries`, {
      after: flags.int('after', 0, Number.MAX_SAFE_INTEGER),
      limit: flags.limit(),
    });
    if (json) return printJson(res);
    printTable(
      [
        'cli.field.delivery',
        'cli.field.logIndex',
        'cli.field.topic',
        'cli.field.status',
        'cli.field.attempts',
        'cli.field.lastResult',
        'cli.field.nextAttemptDelivered',
      ],
      res.items.map((d) => [
        d.id,
        d.logIndex,
        word('lifecycle.event', d.topic),
        word('cli.deliveryStatus', d.status),
        d.attempts,
        d.lastError ?? d.lastResponseStatus,
        d.deliveredAt ?? d.nextAttemptAt,
      ]),
    );
    if (res.next !== null) printLine(t('cli.webhooks.more', { next: res.next }));
  },
});

const replay = defineCommand({
  name: 'hreg webhooks replay',
  summary: 'cli.webhooks.replay.summary',
  args: 'ID',
  positionals: ['ID'],
  flags: {
    from: {
      type: 'string',
      value: 'LOG_INDEX',
      description: 'cli.webhooks.replay.flag.from',
    },
    ...CLIENT_FLAGS,
  },
  details: 'cli.webhooks.replay.details',
  examples: ['hreg webhooks replay 6f1c2a3e-0b7d-4d5e-9f60-1a2b3c4d5e6f --from 1200'],
  async action({ flags, arg, json }) {
    const from = flags.int('from', 0, Number.MAX_SAFE_INTEGER);
    const res = await clientFrom(flags).post<{ requeued: number }>(
      `/v1/webhooks/${seg(arg(0))}/replay`,
      from !== undefined ? { fromLogIndex: from } : {},
    );
    if (json) return printJson(res);
    printLine(t('cli.webhooks.requeued', { count: res.requeued }));
  },
});

/** webhooks manages webhook subscriptions: add, list, remove, the delivery log and replay. */
export const webhooks = defineGroup(
  'hreg webhooks',
  'cli.webhooks.summary',
  { add, list, remove, deliveries, replay },
  'hreg webhooks add https://erp.example.com/hreg',
);
