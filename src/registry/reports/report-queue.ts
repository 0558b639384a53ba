/**
 * The regulator's queue of public reports (issue #16, item 4): listed suspected
 * counterfeits first, triaged once (linked to an incident of the unit, dismissed, or
 * escalated to a defect signal), and the reporter's personal data erasable.
 *
 * What the log gets: triage writes a `public_report_triaged` event on the unit (actor:
 * the regulator) whose data is the report's id, category, digest and outcome, and the
 * incident or component it names. The public leaf shows only that a report was triaged,
 * and when; the description, contact and photo never enter the log.
 */
import { requireRole, type Caller } from '../../access/principal.ts';
import { RegistryError } from '../../errors.ts';
import { msg } from '../../i18n/message.ts';
import type { ReportCategory, ReportState, TriageOutcome } from '../../report/categories.ts';
import type { RegistryContext } from '../context.ts';
import { writeEvents } from '../events/event-writer.ts';
import { recordDefectSignal } from '../recalls/defects.ts';

/** QueuedReport is a report as the regulator's queue shows it. */
export interface QueuedReport {
  id: string;
  code: string;
  category: ReportCategory;
  description: string;
  state: ReportState;
  filedAt: string;
  signedIn: boolean;
  contact: string | null;
  photo: boolean;
  digest: string;
  triagedAt: string | null;
  triageNote: string | null;
  incidentIndex: number | null;
  triageIndex: number | null;
}

type Row = {
  id: string;
  robot_code: string;
  category: ReportCategory;
  description: string;
  state: ReportState;
  filed_at: Date;
  reporter_id: string | null;
  contact: string | null;
  has_photo: boolean;
  digest: Buffer;
  triaged_at: Date | null;
  triage_note: string | null;
  incident_index: string | null;
  triage_index: string | null;
  queue_rank: number;
};

const SELECT = `SELECT r.id, r.robot_code, r.category, r.description, r.state, r.filed_at, r.reporter_id, p.contact, p.photo IS NOT NULL AS has_photo,
       r.digest, r.triaged_at, r.triage_note, r.incident_index::text, r.triage_index::text, r.queue_rank
  FROM public_reports r LEFT JOIN public_report_personal p ON p.report_id = r.id`;

function queued(r: Row): QueuedReport {
  return {
    id: r.id,
    code: r.robot_code,
    category: r.category,
    description: r.description,
    state: r.state,
    filedAt: r.filed_at.toISOString(),
    signedIn: r.reporter_id !== null,
    contact: r.contact,
    photo: r.has_photo,
    digest: Buffer.from(r.digest).toString('hex'),
    triagedAt: r.triaged_at?.toISOString() ?? null,
    triageNote: r.triage_note,
    incidentIndex: r.incident_index === null ? null : Number(r.incident_index),
    triageIndex: r.triage_index === null ? null : Number(r.triage_index),
  };
}

/** listReports is the regulator's queue: open reports first, suspected counterfeits first among them, oldest first; `after` is the last id seen. */
export async function listReports(
  ctx: RegistryContext,
  caller: Caller,
  q: { state?: ReportState; code?: string; limit: number; after?: string },
) {
  requireRole(caller, 'regulator');
  const rows = await ctx.store.query<Row>(
    `${SELECT}
      WHERE ($1::text IS NULL OR r.state = $1) AND ($2::text IS NULL OR r.robot_code = $2)
        AND ($4::uuid IS NULL OR (r.state <> 'open', r.queue_rank, r.filed_at, r.id) >
             (SELECT a.state <> 'open', a.queue_rank, a.filed_at, a.id FROM public_reports a WHERE a.id = $4))
      ORDER BY r.state <> 'open', r.queue_rank, r.filed_at, r.id LIMIT $3`,
    [q.state ?? null, q.code ?? null, q.limit, q.after ?? null],
  );
  return rows.map(queued);
}

/** reportPhoto is a report's photo and its type, for the regulator (NOT_FOUND when there is none, or it was erased). */
export async function reportPhoto(ctx: RegistryContext, caller: Caller, id: string): Promise<{ bytes: Buffer; type: string }> {
  requireRole(caller, 'regulator');
  const [row] = await ctx.store.query<{ photo: Buffer | null; photo_type: string | null }>(
    'SELECT photo, photo_type FROM public_report_personal WHERE report_id = $1',
    [id],
  );
  if (!row?.photo || !row.photo_type) throw new RegistryError('NOT_FOUND', msg('problem.reports.noPhoto', { id }));
  return { bytes: Buffer.from(row.photo), type: row.photo_type };
}

/** Triage is the regulator's decision on a report. */
export interface Triage {
  outcome: TriageOutcome;
  /** incident is the log index of an incident of the same unit (outcome `linked`). */
  incident?: number;
  /** componentType and failureMode make the defect signal (outcome `escalated`). */
  componentType?: string;
  failureMode?: string;
  note?: string;
}

/** triageReport records the regulator's decision on an open report, with its event on the unit, in one transaction. */
export async function triageReport(ctx: RegistryContext, caller: Caller, id: string, t: Triage): Promise<QueuedReport> {
  const regulator = requireRole(caller, 'regulator');
  if (t.outcome === 'linked' && t.incident === undefined)
    throw new RegistryError('INVALID_REQUEST', msg('problem.reports.needsIncident'), {
      errors: [{ field: 'body.incident', message: 'required' }],
    });
  if (t.outcome === 'escalated' && (!t.componentType || !t.failureMode))
    throw new RegistryError('INVALID_REQUEST', msg('problem.reports.needsComponent'), {
      errors: [{ field: 'body.componentType', message: 'required with failureMode' }],
    });
  const now = ctx.now();
  const result = await ctx.store.readWrite(async (tx) => {
    const [r] = await tx.query<Row & { enterprise_code: string; model_code: string }>(
      `${SELECT.replace('r.queue_rank', 'r.queue_rank, r.enterprise_code, r.model_code')} WHERE r.id = $1 FOR UPDATE OF r`,
      [id],
    );
    if (!r) throw new RegistryError('NOT_FOUND', msg('problem.reports.unknown', { id }));
    if (r.state !== 'open')
      throw new RegistryError('REPORT_TRIAGED', msg('problem.reports.triaged', { id, state: r.state }), { state: r.state });
    if (t.outcome === 'linked') {
      const [incident] = await tx.query('SELECT 1 FROM incidents WHERE log_index = $1 AND robot_code = $2', [t.incident, r.robot_code]);
      if (!incident)
        throw new RegistryError('INVALID_ARGUMENT', msg('problem.reports.incident', { incident: t.incident, code: r.robot_code }), {
          errors: [{ field: 'body.incident', message: 'not an incident of this robot' }],
        });
    }
    if (t.outcome === 'escalated') {
      const [model] = await tx.query('SELECT 1 FROM models WHERE enterprise_code = $1 AND model_code = $2 AND $3 = ANY(component_types)', [
        r.enterprise_code,
        r.model_code,
        t.componentType,
      ]);
      if (!model)
        throw new RegistryError(
          'UNKNOWN_COMPONENT_TYPE',
          msg('problem.reports.componentType', { type: t.componentType, code: r.robot_code }),
          {
            errors: [{ field: 'body.componentType', message: 'not a key component of the model' }],
          },
        );
    }
    const [unit] = await tx.query<{ version: number; owner_id: string }>(
      'UPDATE robots SET version = version + 1, updated_at = $2 WHERE code = $1 RETURNING version, owner_id',
      [r.robot_code, now],
    );
    if (!unit)
      throw new RegistryError('NOT_REGISTERED', msg('problem.robots.notRegistered', { code: r.robot_code }), { code: r.robot_code });
    const data = {
      reportId: r.id,
      category: r.category,
      digest: Buffer.from(r.digest).toString('hex'),
      outcome: t.outcome,
      ...(t.outcome === 'linked' ? { incident: t.incident } : {}),
      ...(t.outcome === 'escalated' ? { componentType: t.componentType, failureMode: t.failureMode } : {}),
    };
    const [logIndex] = await writeEvents(tx, ctx.signer, [
      {
        robotCode: r.robot_code,
        seq: unit.version,
        type: 'public_report_triaged',
        occurredAt: now,
        recordedAt: now,
        actorId: regulator.participantId,
        ownerId: unit.owner_id,
        data,
        party: 'regulator',
      },
    ]);
    if (logIndex === undefined) throw new Error('writeEvents gives a log index per event');
    if (t.outcome === 'escalated' && t.componentType && t.failureMode) {
      await recordDefectSignal(tx, {
        logIndex,
        code: r.robot_code,
        enterprise: r.enterprise_code,
        model: r.model_code,
        componentType: t.componentType,
        failureMode: t.failureMode,
        source: 'public_report',
        occurredAt: r.filed_at,
      });
    }
    await tx.query(
      `UPDATE public_reports SET state = $2, triaged_at = $3, triaged_by = $4, triage_note = $5, incident_index = $6, triage_index = $7 WHERE id = $1`,
      [id, t.outcome, now, regulator.participantId, t.note ?? null, t.outcome === 'linked' ? t.incident : null, logIndex],
    );
    const [after] = await tx.query<Row>(`${SELECT} WHERE r.id = $1`, [id]);
    if (!after) throw new Error('the triaged report is gone');
    return queued(after);
  });
  ctx.facts.invalidate([result.code]);
  return result;
}

/** eraseReportPersonal deletes a report's contact, photo and address key (regulator); the report and the log keep their digests. */
export async function eraseReportPersonal(ctx: RegistryContext, caller: Caller, id: string): Promise<{ id: string; erased: boolean }> {
  requireRole(caller, 'regulator');
  const [report] = await ctx.store.query('SELECT 1 FROM public_reports WHERE id = $1', [id]);
  if (!report) throw new RegistryError('NOT_FOUND', msg('problem.reports.unknown', { id }));
  const rows = await ctx.store.query('DELETE FROM public_report_personal WHERE report_id = $1 RETURNING report_id', [id]);
  return { id, erased: rows.length > 0 };
}
