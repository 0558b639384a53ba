/**
 * ota: an OTA campaign (issue #15) whose scope reaches ~--recall-units of the
 * seeded units — fileCampaign (resolve + record its campaign_units, one
 * transaction) against the recall scenario's anchor, a plain INSERT … SELECT of
 * the same rows into a PK-only table in one transaction (same run) — then as
 * many `software_updated` reports arriving as single events (recordEvent, from
 * --concurrency writers) against the same writers recording `incident_reported`
 * single events on the same units (the lifecycle write rate, same run).
 * --skip-fanout stops after the campaign: no reports, no control.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { Principal } from '../src/access/principal.ts';
import type { EventRequest } from '../src/registry/events/event-data.ts';
import { recordEvent } from '../src/registry/events/record-event.ts';
import { fileCampaign } from '../src/registry/software/campaigns.ts';
import { fileSoftwareVersion } from '../src/registry/software/software-versions.ts';
import type { Flags } from './flags.ts';
import { loadAvg1, openBenchRegistry, pcts, type Registry } from './mixed.ts';
import { progress, type Cell, type ResultTable } from './report.ts';
import { ratio } from './stats.ts';

const GOAL_S = 2;

/** singles records one event per code from `writers` concurrent writers, each a single recordEvent; it answers seconds and latencies. */
async function singles(reg: Registry, by: Principal, codes: readonly string[], writers: number, event: (code: string) => EventRequest) {
  let next = 0;
  let refused = 0;
  const lat: number[] = [];
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: writers }, async () => {
      while (next < codes.length) {
        const code = codes[next++] as string;
        const s = performance.now();
        try {
          await recordEvent(reg.ctx, by, code, event(code));
        } catch {
          refused++;
        }
        lat.push(performance.now() - s);
      }
    }),
  );
  return { seconds: (performance.now() - t0) / 1000, refused, ...pcts(lat) };
}

/** otaScenario files the versions and the campaign on the largest maker's units, times its resolution and the reports. */
export async function otaScenario(flags: Flags): Promise<ResultTable[]> {
  const reg = await openBenchRegistry(flags, { sample: false });
  const c = new pg.Client({ connectionString: reg.url });
  await c.connect();
  try {
    const target = flags.recallUnits;
    const [top] = (
      await c.query<{ e: string; n: number }>(
        `SELECT enterprise_code AS e, count(*)::int AS n FROM robots WHERE status NOT IN ('scrapped', 'recycling', 'decommissioned')
          GROUP BY 1 ORDER BY 2 DESC LIMIT 1`,
      )
    ).rows;
    if (!top) throw new Error('no robots');
    const makerRow = (await c.query<{ id: string }>('SELECT id FROM participants WHERE enterprise_code = $1', [top.e])).rows[0];
    const maker = [...reg.makers.values()].find((m) => m.principal.participantId === makerRow?.id)?.principal;
    if (!maker) throw new Error(`no bench actor for maker ${top.e}`);
    const models = (
      await c.query<{ m: string }>('SELECT model_code AS m FROM models WHERE enterprise_code = $1 ORDER BY 1', [top.e])
    ).rows.map((r) => r.m);
    const tag = Date.now().toString(36);
    const [from, to] = [`bench-${tag}-a`, `bench-${tag}-b`];
    for (const model of models) {
      for (const version of [from, to]) {
        await fileSoftwareVersion(reg.ctx, maker, top.e, model, {
          identifier: 'BENCH-OS',
          version,
          releasedOn: new Date().toISOString().slice(0, 10),
          changes: 'bench: ota scenario',
          safetyRelevant: false,
          sha256: 'ab'.repeat(32),
        });
      }
    }
    // Setup, not measured: ~target units of the maker run the starting version.
    const s0 = performance.now();
    const set = await c.query(
      `UPDATE robots SET software_version = $2 WHERE code IN (
         SELECT code FROM robots WHERE enterprise_code = $1 AND status NOT IN ('scrapped', 'recycling', 'decommissioned') ORDER BY code LIMIT $3)`,
      [top.e, from, target],
    );
    // Vacuumed too: repeated runs would otherwise scan every earlier run's dead row versions.
    await c.query('VACUUM ANALYZE robots');
    progress(
      `ota: ${set.rowCount?.toLocaleString('en-US')} units of ${top.e} now run ${from} (setup, ${((performance.now() - s0) / 1000).toFixed(1)}s)`,
    );

    const where = `r.enterprise_code = $1 AND r.model_code = ANY($2::text[]) AND r.software_version = ANY($3::text[])
      AND r.status NOT IN ('scrapped', 'recycling', 'decommissioned')`;
    await c.query('DROP TABLE IF EXISTS bench_ota_anchor');
    await c.query(
      'CREATE TABLE bench_ota_anchor (campaign_id uuid NOT NULL, robot_code char(29) NOT NULL, PRIMARY KEY (campaign_id, robot_code))',
    );
    const la = await loadAvg1();
    const a0 = performance.now();
    await c.query('BEGIN');
    const anchorRows =
      (
        await c.query(`INSERT INTO bench_ota_anchor SELECT $4::uuid, r.code FROM robots r WHERE ${where}`, [
          top.e,
          models,
          [from],
          randomUUID(),
        ])
      ).rowCount ?? 0;
    await c.query('COMMIT');
    const anchorS = (performance.now() - a0) / 1000;
    const anchorLoad = (la + (await loadAvg1())) / 2;
    await c.query('DROP TABLE bench_ota_anchor');
    progress(`ota anchor: INSERT … SELECT of ${anchorRows.toLocaleString('en-US')} rows in ${anchorS.toFixed(2)}s`);

    const l0 = await loadAvg1();
    const f0 = performance.now();
    const filed = await fileCampaign(reg.ctx, maker, {
      models,
      fromVersions: [from],
      toVersion: to,
      safetySummary: 'bench: ota scenario',
      plannedStart: new Date().toISOString(),
    });
    const fileS = (performance.now() - f0) / 1000;
    const fileLoad = (l0 + (await loadAvg1())) / 2;
    progress(`ota: campaign ${filed.campaign.id} reached ${filed.units.toLocaleString('en-US')} units in ${fileS.toFixed(2)}s`);

    const rows: Record<string, Cell>[] = [
      {
        step: 'anchor (recall scenario): INSERT … SELECT same rows into a PK-only table, 1 tx',
        units: anchorRows,
        seconds: anchorS,
        'units/s': anchorRows / anchorS,
        '÷ anchor': 1,
        goal: '-',
        'load avg': anchorLoad,
      },
      {
        step: 'fileCampaign (resolve + record campaign_units, 1 tx)',
        units: filed.units,
        seconds: fileS,
        'units/s': filed.units / fileS,
        '÷ anchor': ratio(fileS, anchorS),
        goal: `< ${GOAL_S} s: ${fileS < GOAL_S ? 'met' : 'missed'}`,
        'load avg': fileLoad,
      },
    ];
    const campaignTable: ResultTable = {
      title: `ota: a campaign reaching ~${target.toLocaleString('en-US')} of ${reg.robots.toLocaleString('en-US')} units (enterprise ${top.e}, ${models.length} models)`,
      rows,
    };
    if (flags.skipFanout) return [campaignTable];

    const codes = (
      await c.query<{ code: string }>('SELECT robot_code AS code FROM campaign_units WHERE campaign_id = $1 ORDER BY random()', [
        filed.campaign.id,
      ])
    ).rows.map((r) => r.code.trim());
    const writers = flags.concurrency;
    // The control runs first, on the same units: whichever runs first meets the colder caches.
    progress(`ota: control — ${codes.length.toLocaleString('en-US')} incident_reported single events from ${writers} writers`);
    const l2 = await loadAvg1();
    const control = await singles(reg, maker, codes, writers, () => ({
      type: 'incident_reported',
      data: { severity: 'minor', kind: 'malfunction', description: 'bench: ota control' },
    }));
    const controlLoad = (l2 + (await loadAvg1())) / 2;
    progress(`ota: control ${(codes.length / control.seconds).toFixed(0)} events/s (${control.refused} refused)`);
    progress(`ota: ${codes.length.toLocaleString('en-US')} software_updated single events from ${writers} writers`);
    const l1 = await loadAvg1();
    const updates = await singles(reg, maker, codes, writers, () => ({
      type: 'software_updated',
      data: { campaignId: filed.campaign.id, from, to },
    }));
    const updatesLoad = (l1 + (await loadAvg1())) / 2;
    progress(`ota: updates ${(codes.length / updates.seconds).toFixed(0)} events/s (${updates.refused} refused)`);
    const [progressRow] = (
      await c.query<{ n: number }>('SELECT count(updated_seq)::int AS n FROM campaign_units WHERE campaign_id = $1', [filed.campaign.id])
    ).rows;

    const events: Record<string, Cell>[] = [
      {
        kind: 'control: incident_reported, single events',
        events: codes.length - control.refused,
        refused: control.refused,
        seconds: control.seconds,
        'events/s': (codes.length - control.refused) / control.seconds,
        'p50 ms': control.p50,
        'p99 ms': control.p99,
        '÷ control rate': 1,
        'load avg': controlLoad,
      },
      {
        kind: 'software_updated (campaign checks, version, progress, OTA remedy), single events',
        events: codes.length - updates.refused,
        refused: updates.refused,
        seconds: updates.seconds,
        'events/s': (codes.length - updates.refused) / updates.seconds,
        'p50 ms': updates.p50,
        'p99 ms': updates.p99,
        '÷ control rate': ratio((codes.length - updates.refused) / updates.seconds, (codes.length - control.refused) / control.seconds),
        'load avg': updatesLoad,
      },
    ];
    return [
      campaignTable,
      {
        title: `ota: ${codes.length.toLocaleString('en-US')} reports as single events from ${writers} writers (recordEvent, coalesced per transaction as any single event)`,
        rows: events,
        notes: [`campaign progress after the run: ${progressRow?.n ?? 0} of ${filed.units} units updated`],
      },
    ];
  } finally {
    await c.end();
    await reg.close();
  }
}
