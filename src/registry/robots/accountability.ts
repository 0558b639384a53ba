import type { Caller } from '../../access/principal.ts';
import { entitlementOf } from '../../access/entitlement.ts';
import { RegistryError } from '../../errors.ts';
import { msg } from '../../i18n/message.ts';
import { accountabilityAt } from '../../lifecycle/accountability.ts';
import type { RegistryContext } from '../context.ts';
import { compactCode, relationOf } from './passport.ts';
import { loadRobotFacts } from './robot-facts.ts';
import { storedEvent } from '../events/stored-event.ts';

/**
 * accountability answers, for a moment T, who made the unit, who sold it,
 * who owned and operated it and where, who serviced it last, which software
 * it ran and which recalls were open — for the regulator and for those
 * entitled to the unit's full passport.
 */
export async function accountability(ctx: RegistryContext, caller: Caller, input: string, at: Date) {
  const code = compactCode(input);
  if (Number.isNaN(at.getTime())) throw new RegistryError('INVALID_ARGUMENT', msg('problem.robots.atTime'));
  return ctx.store.readOnly(async (tx) => {
    const f = await loadRobotFacts(tx, code);
    if (!f) throw new RegistryError('NOT_REGISTERED', msg('problem.robots.notRegistered', { code }), { code });
    const e = entitlementOf(caller, await relationOf(tx, caller, f, ctx.now()));
    if (e.kind !== 'full') throw new RegistryError(caller ? 'NOT_ENTITLED' : 'UNAUTHENTICATED', msg('problem.robots.accountability'));
    const rows = await tx.query<{ leaf: Buffer; opening: Buffer | null }>(
      'SELECT leaf, opening FROM events WHERE robot_code = $1 AND occurred_at <= $2 ORDER BY seq',
      [code, at],
    );
    const a = accountabilityAt(
      rows.map((r) => storedEvent(r.leaf, r.opening)),
      at,
    );
    if (a.eventsConsidered === 0) throw new RegistryError('INVALID_ARGUMENT', msg('problem.robots.notYet', { at: at.toISOString() }));
    const ids = [a.makerId, a.sellerId, a.ownerId, a.operatorId, a.lastService?.byId, a.pendingOffer?.to].filter((x): x is string => !!x);
    const names = new Map(
      (
        await tx.query<{ id: string; name: string; name_en: string | null }>(
          'SELECT id, name, name_en FROM participants WHERE id = ANY($1::uuid[])',
          [ids],
        )
      ).map((p) => [p.id, p]),
    );
    const who = (id: string | null) => (id ? { id, name: names.get(id)?.name ?? null, nameEn: names.get(id)?.name_en ?? null } : null);
    const recalls = await tx.query<{ id: string; hazard: string; remedy: string; stop_sale: boolean; stop_use: boolean }>(
      `SELECT r.id, r.hazard, r.remedy, r.stop_sale, r.stop_use FROM recall_units u JOIN recalls r ON r.id = u.recall_id
        LEFT JOIN events ev ON ev.robot_code = u.robot_code AND ev.seq = u.remedied_seq
        WHERE u.robot_code = $1 AND u.joined_at <= $2 AND (r.closed_at IS NULL OR r.closed_at > $2)
          AND (ev.occurred_at IS NULL OR ev.occurred_at > $2)`,
      [code, at],
    );
    return {
      code,
      at: a.at,
      maker: who(a.makerId),
      seller: who(a.sellerId),
      owner: who(a.ownerId),
      operator: who(a.operatorId),
      site: a.site,
      software: a.software,
      lastService: a.lastService
        ? { seq: a.lastService.seq, at: a.lastService.at, kind: a.lastService.kind, by: who(a.lastService.byId) }
        : null,
      firmware: a.firmware,
      pendingOffer: a.pendingOffer
        ? { to: who(a.pendingOffer.to), from: who(a.pendingOffer.fromId), sale: a.pendingOffer.sale, expiresAt: a.pendingOffer.expiresAt }
        : null,
      openRecalls: recalls.map((r) => ({ id: r.id, hazard: r.hazard, remedy: r.remedy, stopSale: r.stop_sale, stopUse: r.stop_use })),
    };
  });
}

/** listIncidents is the regulator's incident view (a manufacturer sees its own models'), each linked to its accountability answer. */
export async function listIncidents(ctx: RegistryContext, caller: Caller, opts: { after?: number; limit: number }) {
  if (!caller) throw new RegistryError('UNAUTHENTICATED');
  const regulator = caller.roles.includes('regulator');
  if (!regulator && !caller.roles.includes('manufacturer')) throw new RegistryError('FORBIDDEN_ROLE', msg('problem.robots.incidents'));
  const rows = await ctx.store.query<{
    log_index: number;
    robot_code: string;
    model_code: string;
    enterprise_code: string;
    severity: string;
    kind: string;
    component_type: string | null;
    failure_mode: string | null;
    occurred_at: Date;
    reporter_id: string;
  }>(
    `SELECT log_index, robot_code, model_code, enterprise_code, severity, kind, component_type, failure_mode, occurred_at, reporter_id FROM incidents
      WHERE ($1::text IS NULL OR enterprise_code = $1) AND log_index > $2 ORDER BY log_index LIMIT $3`,
    [regulator ? null : caller.enterpriseCode, opts.after ?? -1, opts.limit],
  );
  return rows.map((r) => ({
    logIndex: r.log_index,
    code: r.robot_code,
    model: `${r.enterprise_code}/${r.model_code}`,
    severity: r.severity,
    kind: r.kind,
    componentType: r.component_type,
    failureMode: r.failure_mode,
    occurredAt: r.occurred_at.toISOString(),
    reporterId: r.reporter_id,
    accountability: `/v1/robots/${r.robot_code}/accountability?at=${encodeURIComponent(r.occurred_at.toISOString())}`,
  }));
}
