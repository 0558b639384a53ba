/**
 * recall: issuing a recall whose scope reaches ~200,000 of the seeded units —
 * issueRecall (resolve + record the recall and its recall_units rows, one
 * transaction) against a plain INSERT … SELECT of the same rows (the anchor,
 * same run) — then the notifier's fan-out (one recall_notified event with a
 * leaf per unit), with market-access reads on units in the scope measured
 * before, during the issue and during the fan-out.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { RecallScope } from '../src/recall/scope.ts';
import { notifyAllPending } from '../src/registry/recalls/recall-notifier.ts';
import { closeRecall, issueRecall, type NewRecall } from '../src/registry/recalls/recalls.ts';
import type { Flags } from './flags.ts';
import { httpClient, listenApp, loadAvg1, openBenchRegistry, pcts, type Registry } from './mixed.ts';
import { progress, ticker, type Cell, type ResultTable } from './report.ts';
import { ratio, sleep } from './stats.ts';

const GOAL_S = 2;
const HAZARD = 'bench: recall scenario';

/** ReadResult is a stretch of market-access reads. */
interface ReadResult {
  seconds: number;
  requests: number;
  p50: number;
  p99: number;
  max: number;
  non2xx: number;
  errors: number;
}

interface Reads {
  phase: string;
  result: ReadResult;
  load: number;
}

/**
 * startReads keeps `connections` market-access reads on in-scope codes in flight until stopped
 * (node:http keep-alive clients in this process). Not autocannon: autocannon only notices stop()
 * at its next 1-second tick, which would stretch a 2-second "during the issue" window by up to 50 %.
 */
function startReads(base: string, codes: string[], connections: number): { stop(): Promise<ReadResult> } {
  const http = httpClient(base, connections);
  const lat: number[] = [];
  let non2xx = 0;
  let errors = 0;
  let stopped = false;
  let end = 0;
  const t0 = performance.now();
  const running = Promise.all(
    Array.from({ length: connections }, async () => {
      while (!stopped) {
        const s = performance.now();
        try {
          const r = await http.send('GET', `/v1/robots/${codes[(Math.random() * codes.length) | 0]}/market-access`);
          if (r.status !== 200) non2xx++;
        } catch {
          errors++;
        }
        // Only requests that finished inside the window count.
        if (!stopped) lat.push(performance.now() - s);
      }
    }),
  );
  return {
    async stop() {
      stopped = true;
      end = performance.now();
      await running;
      http.close();
      return { seconds: (end - t0) / 1000, requests: lat.length, ...pcts(lat), non2xx, errors };
    },
  };
}

async function during<T>(
  phase: string,
  base: string,
  codes: string[],
  connections: number,
  work: () => Promise<T>,
): Promise<{ value: T; seconds: number; reads: Reads }> {
  const l0 = await loadAvg1();
  const reads = startReads(base, codes, connections);
  const t0 = performance.now();
  const value = await work();
  const seconds = (performance.now() - t0) / 1000;
  const result = await reads.stop();
  return { value, seconds, reads: { phase, result, load: (l0 + (await loadAvg1())) / 2 } };
}

/** Chosen is the tuned scope with the SQL that counts it. */
interface Chosen {
  scope: RecallScope;
  count: number;
  countSeconds: number;
  describe: string;
}

const SCOPE_WHERE = `r.status <> 'scrapped'
  AND ($1::text IS NULL OR r.enterprise_code = $1) AND ($2::text[] IS NULL OR r.model_code = ANY($2::text[]))
  AND r.production_date >= $3::date AND r.production_date <= $4::date`;

function scopeParams(s: RecallScope): unknown[] {
  return [s.enterprise ?? null, s.models?.length ? s.models : null, s.productionDate!.from, s.productionDate!.to];
}

/** tuneScope picks the largest maker's models and the newest production dates whose units come closest to target. */
async function tuneScope(c: pg.Client, target: number): Promise<Chosen> {
  const [top] = (
    await c.query<{ e: string; n: number }>(
      `SELECT enterprise_code AS e, count(*)::int AS n FROM robots WHERE status <> 'scrapped' GROUP BY 1 ORDER BY 2 DESC LIMIT 1`,
    )
  ).rows;
  const byMaker = !!top && top.n >= target;
  const models = byMaker
    ? (await c.query<{ m: string }>('SELECT model_code AS m FROM models WHERE enterprise_code = $1 ORDER BY 1', [top.e])).rows.map(
        (r) => r.m,
      )
    : [];
  const days = (
    await c.query<{ d: string; n: number }>(
      `SELECT to_char(production_date, 'YYYY-MM-DD') AS d, count(*)::int AS n FROM robots
      WHERE status <> 'scrapped' AND ($1::text IS NULL OR enterprise_code = $1) GROUP BY 1 ORDER BY 1 DESC`,
      [byMaker ? top.e : null],
    )
  ).rows;
  if (days.length === 0) throw new Error('no robots to recall');
  // The newest production dates first, as a recall of a recent batch would; stop at the day closest to target.
  let sum = 0;
  let from = days[0]!.d;
  for (const d of days) {
    if (Math.abs(sum + d.n - target) > Math.abs(sum - target) && sum > 0) break;
    sum += d.n;
    from = d.d;
  }
  const scope: RecallScope = byMaker
    ? { enterprise: top.e, models, productionDate: { from, to: days[0]!.d } }
    : { productionDate: { from, to: days[0]!.d } };
  const t0 = performance.now();
  const [{ n }] = (await c.query<{ n: number }>(`SELECT count(*)::int AS n FROM robots r WHERE ${SCOPE_WHERE}`, scopeParams(scope)))
    .rows as [{ n: number }];
  const countSeconds = (performance.now() - t0) / 1000;
  if (n < target * 0.9 || n > target * 1.1) throw new Error(`tuned scope reaches ${n} units, outside ±10 % of ${target}`);
  const describe = byMaker
    ? `enterprise ${top.e} (the largest maker), its ${models.length} models, production dates ${from}..${days[0]!.d}`
    : `production dates ${from}..${days[0]!.d}, every maker`;
  return { scope, count: n, countSeconds, describe };
}

/** tidy closes open bench recalls left by an aborted run and marks every bench recall as told, so this run's fan-out handles only its own recall. */
async function tidy(reg: Registry): Promise<number> {
  const open = await reg.ctx.store.query<{ id: string }>('SELECT id FROM recalls WHERE closed_at IS NULL AND hazard LIKE $1', [
    `${HAZARD}%`,
  ]);
  for (const r of open) await closeRecall(reg.ctx, reg.regulator, r.id);
  await reg.ctx.store.query('UPDATE recalls SET notified_version = version WHERE hazard LIKE $1 AND notified_version < version', [
    `${HAZARD}%`,
  ]);
  return open.length;
}

async function marketAccessReasons(base: string, code: string): Promise<string[]> {
  const r = await fetch(`${base}/v1/robots/${code}/market-access`);
  return ((await r.json()) as { reasons?: string[] }).reasons ?? [];
}

/** recallScenario tunes the scope, issues and fans out the recall, then closes it. */
export async function recallScenario(flags: Flags): Promise<ResultTable[]> {
  const reg = await openBenchRegistry(flags, { sample: false });
  const { app, base } = await listenApp(reg.ctx);
  const c = new pg.Client({ connectionString: reg.url });
  await c.connect();
  try {
    const closedStale = await tidy(reg);
    if (closedStale > 0) progress(`closed ${closedStale} open bench recall(s) left by an earlier run`);
    const pendingOther = await reg.ctx.store.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM recalls WHERE notified_version < version',
    );
    if (pendingOther[0]!.n > 0)
      progress(`WARNING: ${pendingOther[0]!.n} non-bench recall(s) await notification; the fan-out will tell them too`);

    progress(`recall: tuning a scope to ~${flags.recallUnits.toLocaleString('en-US')} units`);
    const chosen = await tuneScope(c, flags.recallUnits);
    progress(
      `recall: scope ${chosen.describe} reaches ${chosen.count.toLocaleString('en-US')} units (COUNT in ${chosen.countSeconds.toFixed(2)}s)`,
    );
    const codes = (
      await c.query<{ code: string }>(
        `SELECT code FROM robots r WHERE ${SCOPE_WHERE} ORDER BY random() LIMIT 20000`,
        scopeParams(chosen.scope),
      )
    ).rows.map((r) => r.code.trim());

    // The anchor: the same rows into a table with the same primary key (no foreign keys, no secondary indexes), one transaction.
    await c.query('DROP TABLE IF EXISTS bench_recall_anchor');
    await c.query(
      'CREATE TABLE bench_recall_anchor (recall_id uuid NOT NULL, robot_code char(29) NOT NULL, joined_at timestamptz NOT NULL, PRIMARY KEY (recall_id, robot_code))',
    );
    const a0 = performance.now();
    await c.query('BEGIN');
    const anchorRows =
      (
        await c.query(`INSERT INTO bench_recall_anchor SELECT $5::uuid, r.code, now() FROM robots r WHERE ${SCOPE_WHERE}`, [
          ...scopeParams(chosen.scope),
          randomUUID(),
        ])
      ).rowCount ?? 0;
    await c.query('COMMIT');
    const anchorS = (performance.now() - a0) / 1000;
    await c.query('DROP TABLE bench_recall_anchor');
    progress(`recall anchor: INSERT … SELECT of ${anchorRows.toLocaleString('en-US')} rows in ${anchorS.toFixed(2)}s`);

    // Market-access reads with no recall running.
    const reads: Reads[] = [];
    if (flags.warmup > 0) {
      const warm = startReads(base, codes, flags.concurrency);
      await sleep(flags.warmup * 1000);
      await warm.stop();
    }
    progress(`recall: market-access reads on in-scope codes, no recall running, ${flags.duration}s`);
    const stopTick = ticker('recall baseline reads', flags.duration);
    const baseline = await during('no recall running', base, codes, flags.concurrency, () => sleep(flags.duration * 1000)).finally(
      stopTick,
    );
    reads.push(baseline.reads);
    await sleep(500);

    const input = (tag: string): NewRecall => ({
      scope: chosen.scope,
      hazard: `${HAZARD} ${tag} ${new Date().toISOString()}`,
      severity: 'high',
      remedy: 'inspection',
      stopSale: true,
      stopUse: false,
    });

    // 1. The goal metric: issueRecall alone.
    progress('recall: issueRecall alone');
    const li0 = await loadAvg1();
    const i0 = performance.now();
    const first = await issueRecall(reg.ctx, reg.regulator, input('#1'));
    const issueS = (performance.now() - i0) / 1000;
    const issueLoad = (li0 + (await loadAvg1())) / 2;
    progress(`recall: #1 ${first.recall.id} reached ${first.affected.toLocaleString('en-US')} units in ${issueS.toFixed(2)}s`);
    const reasonsOpen = await marketAccessReasons(base, codes[0]!);

    // 2. The same issue while market-access reads run (a second recall over the same scope; closed at once, never fanned out).
    progress('recall: issueRecall under market-access reads');
    const second = await during('during issueRecall', base, codes, flags.concurrency, () =>
      issueRecall(reg.ctx, reg.regulator, input('#2')),
    );
    reads.push(second.reads);
    await closeRecall(reg.ctx, reg.regulator, second.value.recall.id);
    await reg.ctx.store.query('UPDATE recalls SET notified_version = version WHERE id = $1', [second.value.recall.id]);

    // 3. The notifier's fan-out of recall #1, with reads running.
    let fan: { value: number; seconds: number } | undefined;
    if (!flags.skipFanout) {
      progress(`recall: notifyAllPending for ${first.affected.toLocaleString('en-US')} units (one recall_notified event and leaf each)`);
      const stopFan = ticker('recall fan-out', Math.round(first.affected / 5000));
      const f = await during('during notifier fan-out', base, codes, flags.concurrency, () => notifyAllPending(reg.ctx)).finally(stopFan);
      reads.push(f.reads);
      fan = f;
    }
    await closeRecall(reg.ctx, reg.regulator, first.recall.id);
    await reg.ctx.store.query('UPDATE recalls SET notified_version = version WHERE id = $1', [first.recall.id]);
    const reasonsClosed = await marketAccessReasons(base, codes[0]!);

    const units = first.affected;
    const goal = issueS < GOAL_S ? 'met' : 'missed';
    const issueRows: Record<string, Cell>[] = [
      {
        step: 'scope COUNT(*) (the tuning query; read only)',
        units: chosen.count,
        seconds: chosen.countSeconds,
        'units/s': chosen.count / chosen.countSeconds,
        '÷ anchor seconds': ratio(chosen.countSeconds, anchorS),
        goal: '-',
        'load avg': null,
      },
      {
        step: 'anchor: INSERT … SELECT same rows into a PK-only table, 1 tx',
        units: anchorRows,
        seconds: anchorS,
        'units/s': anchorRows / anchorS,
        '÷ anchor seconds': 1,
        goal: '-',
        'load avg': null,
      },
      {
        step: 'issueRecall alone (resolve + record, 1 tx)',
        units,
        seconds: issueS,
        'units/s': units / issueS,
        '÷ anchor seconds': ratio(issueS, anchorS),
        goal: `< ${GOAL_S} s: ${goal}`,
        'load avg': issueLoad,
      },
      {
        step: `issueRecall under ${flags.concurrency}-connection market-access reads`,
        units: second.value.affected,
        seconds: second.seconds,
        'units/s': second.value.affected / second.seconds,
        '÷ anchor seconds': ratio(second.seconds, anchorS),
        goal: `< ${GOAL_S} s: ${second.seconds < GOAL_S ? 'met' : 'missed'}`,
        'load avg': second.reads.load,
      },
      ...(fan
        ? [
            {
              step: 'notifyAllPending: recall_notified event + leaf per unit (batches of 5,000), under reads',
              units: fan.value,
              seconds: fan.seconds,
              'units/s': fan.value / fan.seconds,
              '÷ anchor seconds': ratio(fan.seconds, anchorS),
              goal: '-',
              'load avg': reads.at(-1)!.load,
            },
          ]
        : []),
    ];
    const b = reads[0]!.result;
    const readRows: Record<string, Cell>[] = reads.map((r) => ({
      phase: r.phase,
      seconds: r.result.seconds,
      requests: r.result.requests,
      'req/s': r.result.requests / r.result.seconds,
      'p50 ms': r.result.p50,
      'p99 ms': r.result.p99,
      'max ms': r.result.max,
      non2xx: r.result.non2xx,
      errors: r.result.errors,
      '÷ no-recall req/s': ratio(r.result.requests / r.result.seconds, b.requests / b.seconds),
      'p99 ÷ no-recall p99': ratio(r.result.p99, b.p99),
      'load avg': r.load,
    }));
    return [
      {
        title: `recall — ${units.toLocaleString('en-US')} of ${reg.robots.toLocaleString('en-US')} units in scope: ${chosen.describe} (goal: resolve and record < ${GOAL_S} s)`,
        rows: issueRows,
        notes: [
          `issueRecall alone: ${issueS.toFixed(2)}s = ${ratio(issueS, anchorS).toFixed(2)}× the anchor's ${anchorS.toFixed(2)}s — goal ${goal}`,
          'recall_units carries its primary key and one secondary index (recall_units_robot); the anchor table has only the primary key — that difference is part of what the ratio shows',
          'order: COUNT, anchor, no-recall reads, issue #1 alone, issue #2 under reads (closed at once, not fanned out), fan-out of #1 under reads, close #1 — the COUNT and the anchor warm the robots pages for the issue',
          `market access of an in-scope unit with recall #1 open: [${reasonsOpen.join(', ')}]; after closing: [${reasonsClosed.join(', ') || 'allowed'}]`,
          fan
            ? `the fan-out wrote ${fan.value.toLocaleString('en-US')} recall_notified events into this database's log (use --skip-fanout to avoid it)`
            : 'fan-out skipped (--skip-fanout)',
          'bench bookkeeping: after closing, each bench recall is marked as told (notified_version = version) so the close is not fanned out and the next run times only its own recall',
        ],
      },
      {
        title: `recall — market-access reads on in-scope codes (${flags.concurrency} keep-alive node:http clients in-process, 1 request in flight each)`,
        rows: readRows,
        notes: [
          '"during" windows last exactly as long as the issue / fan-out (only requests finished inside count), so the issue window is short and noisy; the no-recall row is the same run\'s baseline',
        ],
      },
    ];
  } finally {
    await c.end();
    await app.close();
    await reg.close();
  }
}
