import { RegistryError } from '../errors.ts';
import type { EventFacts, UnitState } from '../lifecycle/decide.ts';
import type { Tx } from '../store/store.ts';
import type { EventRequest, ReplacedComponent } from './event-data.ts';
import type { RobotFacts } from './robot-facts.ts';
import { joinOpenRecalls } from './recall-resolve.ts';

async function participantRoles(tx: Tx, id: string, what: string): Promise<string[]> {
  const [p] = await tx.query<{ roles: string[] }>('SELECT roles FROM participants WHERE id = $1', [id]);
  if (!p) throw new RegistryError('UNKNOWN_PARTICIPANT', `The ${what} ${id} is not an enrolled participant.`);
  return p.roles;
}

function needRole(roles: string[], role: string, what: string, id: string): void {
  if (!roles.includes(role)) throw new RegistryError('INVALID_ARGUMENT', `The ${what} ${id} does not hold the ${role} role.`, { errors: [{ field: `body.data.${what}`, message: `needs the ${role} role` }] });
}

/** openStopUseRecalls counts open stop-use recalls not remedied on the unit. */
export async function openStopUseRecalls(tx: Pick<Tx, 'query'>, code: string): Promise<number> {
  const [row] = await tx.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM recall_units u JOIN recalls r ON r.id = u.recall_id
      WHERE u.robot_code = $1 AND u.remedied_seq IS NULL AND r.closed_at IS NULL AND r.stop_use`,
    [code],
  );
  return row?.n ?? 0;
}

/**
 * loadEventFacts reads what an event's rules need beyond the unit (the
 * recipient of a transfer, the operator of a deployment, …) and the derived
 * public data the leaf records.
 */
export async function loadEventFacts(tx: Tx, f: RobotFacts, req: EventRequest, now: Date): Promise<{ facts: Partial<EventFacts>; derived: Record<string, unknown> }> {
  switch (req.type) {
    case 'transferred': {
      const roles = await participantRoles(tx, req.data.to, 'to');
      return { facts: { recipient: { id: req.data.to, roles }, sale: req.data.sale }, derived: { from: f.ownerId } };
    }
    case 'deployed': {
      if (req.data.operator) needRole(await participantRoles(tx, req.data.operator, 'operator'), 'operator', 'operator', req.data.operator);
      const site = { province: req.data.site.province, city: req.data.site.city, domain: req.data.domain };
      return { facts: { site, operatorId: req.data.operator, stopUse: (await openStopUseRecalls(tx, f.code)) > 0 }, derived: {} };
    }
    case 'service_granted': {
      needRole(await participantRoles(tx, req.data.service, 'service'), 'service', 'service', req.data.service);
      if (new Date(req.data.expiresAt) <= now) {
        throw new RegistryError('INVALID_ARGUMENT', 'A service grant must expire in the future.', { errors: [{ field: 'body.data.expiresAt', message: 'in the past' }] });
      }
      return { facts: {}, derived: {} };
    }
    case 'serviced':
      return { facts: { firmware: req.data.firmware }, derived: {} };
    default:
      return { facts: {}, derived: {} };
  }
}

/** replaceComponents swaps key components during service, refusing parts that are elsewhere or were scrapped. */
async function replaceComponents(tx: Tx, f: RobotFacts, replaced: readonly ReplacedComponent[], now: Date): Promise<void> {
  const [model] = await tx.query<{ component_types: string[] }>('SELECT component_types FROM models WHERE enterprise_code = $1 AND model_code = $2', [f.enterpriseCode, f.modelCode]);
  for (const r of replaced) {
    if (!model!.component_types.includes(r.type)) {
      throw new RegistryError('UNKNOWN_COMPONENT_TYPE', `"${r.type}" is not a key component type of model ${f.modelCode}.`);
    }
    const removed = await tx.query(
      `UPDATE components SET state = 'removed', updated_at = $5 WHERE component_type = $1 AND maker = $2 AND serial = $3 AND robot_code = $4 AND state = 'installed' RETURNING serial`,
      [r.type, r.removed.maker, r.removed.serial, f.code, now],
    );
    if (removed.length === 0) {
      throw new RegistryError('INVALID_ARGUMENT', `${r.type} ${r.removed.maker} ${r.removed.serial} is not installed in ${f.code}.`, { errors: [{ field: 'body.data.replaced.removed', message: 'not installed in this unit' }] });
    }
    const installed = await tx.query(
      `INSERT INTO components (component_type, maker, serial, lot, robot_code, state, updated_at) VALUES ($1, $2, $3, $4, $5, 'installed', $6)
       ON CONFLICT (component_type, maker, serial) DO UPDATE SET lot = EXCLUDED.lot, robot_code = EXCLUDED.robot_code, state = 'installed', updated_at = EXCLUDED.updated_at
         WHERE components.state = 'removed'
       RETURNING serial`,
      [r.type, r.installed.maker, r.installed.serial, r.installed.lot ?? null, f.code, now],
    );
    if (installed.length === 0) {
      const [e] = await tx.query<{ robot_code: string; state: string }>('SELECT robot_code, state FROM components WHERE component_type = $1 AND maker = $2 AND serial = $3', [r.type, r.installed.maker, r.installed.serial]);
      if (e?.state === 'scrapped') {
        throw new RegistryError('SCRAPPED_COMPONENT', `${r.type} ${r.installed.maker} ${r.installed.serial} was scrapped with robot ${e.robot_code}; it may not be fitted again.`, { component: r.installed, scrappedWith: e.robot_code });
      }
      throw new RegistryError('DUPLICATE_COMPONENT', `${r.type} ${r.installed.maker} ${r.installed.serial} is installed in robot ${e?.robot_code ?? 'another unit'}.`);
    }
  }
}

/** remedy marks the unit remedied in an open recall that reaches it. */
async function remedy(tx: Tx, code: string, recallId: string, seq: number): Promise<void> {
  const rows = await tx.query(
    `UPDATE recall_units u SET remedied_seq = $3 FROM recalls r
      WHERE u.recall_id = $1 AND u.robot_code = $2 AND u.remedied_seq IS NULL AND r.id = u.recall_id AND r.closed_at IS NULL
      RETURNING u.robot_code`,
    [recallId, code, seq],
  );
  if (rows.length === 0) {
    throw new RegistryError('INVALID_ARGUMENT', `Recall ${recallId} is not open on ${code}, or the unit is already remedied.`, { errors: [{ field: 'body.data.recallId', message: 'not an open, unremedied recall of this unit' }] });
  }
}

/** applySideEffects updates the side tables an accepted event changes: ownership history, service grants, components. */
export async function applySideEffects(tx: Tx, f: RobotFacts, req: EventRequest, next: UnitState, seq: number, now: Date): Promise<void> {
  switch (req.type) {
    case 'transferred':
      await tx.query('UPDATE ownerships SET to_seq = $2 WHERE robot_code = $1 AND to_seq IS NULL', [f.code, seq]);
      await tx.query('INSERT INTO ownerships (robot_code, owner_id, from_seq) VALUES ($1, $2, $3)', [f.code, next.ownerId, seq]);
      break;
    case 'service_granted':
      await tx.query('INSERT INTO service_grants (robot_code, service_id, granted_seq, expires_at) VALUES ($1, $2, $3, $4)', [f.code, req.data.service, seq, req.data.expiresAt]);
      break;
    case 'service_revoked': {
      const revoked = await tx.query('UPDATE service_grants SET revoked_at = $3 WHERE robot_code = $1 AND service_id = $2 AND revoked_at IS NULL AND expires_at > $3 RETURNING granted_seq', [f.code, req.data.service, now]);
      if (revoked.length === 0) throw new RegistryError('INVALID_ARGUMENT', `${req.data.service} holds no active service grant on ${f.code}.`);
      break;
    }
    case 'serviced':
      if (req.data.replaced?.length) {
        await replaceComponents(tx, f, req.data.replaced, now);
        // A part fitted from a recalled lot brings its robot into that recall.
        await joinOpenRecalls(tx, [f.code], now);
      }
      if (req.data.recallId) await remedy(tx, f.code, req.data.recallId, seq);
      break;
    case 'recall_remedied':
      await remedy(tx, f.code, req.data.recallId, seq);
      break;
    case 'scrapped':
      // Refurbished units cannot carry these parts back to market (DESIGN.md §5).
      await tx.query(`UPDATE components SET state = 'scrapped', updated_at = $2 WHERE robot_code = $1 AND state = 'installed'`, [f.code, now]);
      break;
    default:
      break;
  }
}
