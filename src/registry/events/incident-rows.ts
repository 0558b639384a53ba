import type { Tx } from '../../store/store.ts';
import type { Accepted } from './event-apply.ts';

/**
 * recordIncidents files the incident reports among a transaction's logged
 * events, and a defect signal for each incident or service record that names
 * a component and failure mode: one statement per side table for the whole
 * transaction, not one per event (issue #14, item 2).
 */
export async function recordIncidents(tx: Tx, logged: readonly { a: Accepted; logIndex: number }[]): Promise<void> {
  const incidents: Record<string, unknown>[] = [];
  const signals: Record<string, unknown>[] = [];
  for (const { a, logIndex } of logged) {
    const { f, req, occurredAt, caller } = a;
    if (req.type === 'incident_reported') {
      const d = req.data;
      incidents.push({
        i: logIndex,
        c: f.code,
        e: f.enterpriseCode,
        m: f.modelCode,
        s: d.severity,
        k: d.kind,
        t: d.componentType ?? null,
        fm: d.failureMode ?? null,
        o: occurredAt.toISOString(),
        r: caller.participantId,
      });
    }
    if (req.type !== 'incident_reported' && req.type !== 'serviced') continue;
    const { componentType, failureMode } = req.data;
    if (!componentType || !failureMode) continue;
    signals.push({
      i: logIndex,
      c: f.code,
      e: f.enterpriseCode,
      m: f.modelCode,
      t: componentType,
      fm: failureMode,
      s: req.type === 'incident_reported' ? 'incident' : 'service',
      o: occurredAt.toISOString(),
    });
  }
  if (incidents.length > 0)
    await tx.query(
      `INSERT INTO incidents (log_index, robot_code, enterprise_code, model_code, severity, kind, component_type, failure_mode, occurred_at, reporter_id)
       SELECT i, c, e, m, s, k, t, fm, o, r
         FROM jsonb_to_recordset($1::jsonb) AS x(i bigint, c char(29), e char(4), m char(6), s text, k text, t text, fm text, o timestamptz, r uuid)`,
      [JSON.stringify(incidents)],
    );
  // The lot is the named component's: the installed one, else the one removed last (recordDefectSignal's rule).
  if (signals.length > 0)
    await tx.query(
      `INSERT INTO defect_signals (log_index, robot_code, enterprise_code, model_code, component_type, failure_mode, lot, source, occurred_at)
       SELECT i, c, e, m, t, fm,
              (SELECT lot FROM components WHERE robot_code = x.c AND component_type = x.t ORDER BY state = 'installed' DESC, updated_at DESC LIMIT 1),
              s, o
         FROM jsonb_to_recordset($1::jsonb) AS x(i bigint, c char(29), e char(4), m char(6), t text, fm text, s text, o timestamptz)`,
      [JSON.stringify(signals)],
    );
}
