import { liveOffer } from '../../lifecycle/decide.ts';
import { hasRole, type Caller } from '../../access/principal.ts';
import { entitlementOf, type Entitlement } from '../../access/entitlement.ts';
import { relationTo, type Relation } from '../../access/relation.ts';
import { parseCode } from '../../code/index.ts';
import { RegistryError } from '../../errors.ts';
import { msg } from '../../i18n/message.ts';
import type { Tx } from '../../store/store.ts';
import type { RobotEvent } from '../../contract/events.ts';
import type { RegistryContext } from '../context.ts';
import { accessOf, loadRobotFacts, type RobotFacts } from './robot-facts.ts';
import { openRecallsOf } from '../recalls/recalls.ts';
import { storedEvent } from '../events/stored-event.ts';
import { isBatteryType } from '../../lifecycle/condition.ts';
import { passportSecondLife } from '../second-life/passport-section.ts';

/** compactCode parses any accepted form of a code into its 29-character form. */
export function compactCode(input: string): string {
  const p = parseCode(input);
  return p.country + p.enterprise + p.model + p.serial;
}

/** relationOf reads how caller stands to the robot described by f. */
export async function relationOf(tx: Pick<Tx, 'query'>, caller: Caller, f: RobotFacts, now: Date): Promise<Relation> {
  const none: Relation = {
    isRegulator: false,
    isManufacturer: false,
    isOwner: false,
    isOperator: false,
    isRecipient: false,
    pastOwnerUntilSeq: null,
    activeServiceGrant: false,
  };
  if (!caller) return none;
  const id = caller.participantId;
  const rows = await tx.query<{ past: number | null; granted: boolean; insures: boolean }>(
    `SELECT (SELECT max(to_seq) FROM ownerships WHERE robot_code = $1 AND owner_id = $2 AND to_seq IS NOT NULL) AS past,
            EXISTS (SELECT 1 FROM service_grants WHERE robot_code = $1 AND service_id = $2 AND revoked_at IS NULL AND expires_at > $3) AS granted,
            EXISTS (SELECT 1 FROM insurance_covers WHERE robot_code = $1 AND insurer_id = $2 AND revoked_at IS NULL AND expires_at > $3) AS insures`,
    [f.code, id, now],
  );
  return relationTo(
    caller,
    { ...f, offerTo: f.offer?.to },
    { pastOwnerUntilSeq: rows[0]?.past ?? null, activeServiceGrant: rows[0]?.granted ?? false, insures: rows[0]?.insures ?? false },
  );
}

/** Component is a key component as the passport shows it. */
export interface PassportComponent {
  type: string;
  maker: string;
  serial: string;
  lot: string | null;
  state: string;
  /** battery is a key battery's last reported health (issue #15, item 7), for the readers of its full passport. */
  battery?: { stateOfHealth: number; cycleCount: number; reportedAt: string } | null;
}

/** passportOf projects a robot for an entitlement: the public sees what verification shows. */
function passportOf(
  f: RobotFacts,
  e: Entitlement,
  components: PassportComponent[],
  openRecalls: Awaited<ReturnType<typeof openRecallsOf>>,
) {
  // A deployed unit under an open, unremedied stop-use recall is marked so its operator takes it out of use.
  const stopUse = openRecalls.some((r) => r.stopUse && !r.remedied);
  const pub = {
    code: f.code,
    enterprise: f.enterpriseCode,
    model: { code: f.modelCode, name: f.modelName, nameEn: f.modelNameEn, status: f.modelStatus },
    manufacturer: { name: f.manufacturerName, nameEn: f.manufacturerNameEn },
    productionDate: f.productionDate,
    status: f.status,
    marketAccess: accessOf(f),
    openRecalls,
    stopUse,
    view: e.kind,
    // Public like verification: the revision built to, permanent brands, the last usage reading.
    revision: f.revision,
    brands: f.brands,
    usage: f.usage,
  };
  // A past owner reads the events up to its handover (/events); today's state is no longer its business.
  if (e.kind !== 'full') return pub;
  return {
    ...pub,
    ownerId: f.ownerId,
    operatorId: f.operatorId,
    site: f.site,
    firmware: f.firmware,
    softwareVersion: f.softwareVersion,
    suspended: f.suspended,
    stolen: f.stolen,
    version: f.version,
    registeredAt: f.registeredAt,
    updatedAt: f.updatedAt,
    components,
  };
}

/**
 * passportComponents reads a unit's key components; batteries carry their
 * last reported health for the owner, operator, service, recycler, maker and
 * regulator — not for an insurer reading the unit it insures (issue #15, item 7).
 */
async function passportComponents(tx: Pick<Tx, 'query'>, code: string, r: Relation): Promise<PassportComponent[]> {
  const rows = await tx.query<PassportComponent & { soh: string | null; cycles: number | null; reported: Date | null }>(
    `SELECT component_type AS type, maker, serial, lot, state, state_of_health::text AS soh, cycle_count AS cycles, health_reported_at AS reported
       FROM components WHERE robot_code = $1 ORDER BY component_type, maker, serial`,
    [code],
  );
  const health = r.isRegulator || r.isManufacturer || r.isOwner || r.isOperator || r.activeServiceGrant;
  // A battery shows its health once one is reported; other parts, and readers outside the list, see none.
  return rows.map(({ soh, cycles, reported, ...c }) =>
    health && isBatteryType(c.type) && soh !== null && cycles !== null && reported
      ? { ...c, battery: { stateOfHealth: Number(soh), cycleCount: cycles, reportedAt: reported.toISOString() } }
      : c,
  );
}

/** getPassport returns a robot's passport filtered by the caller's rights. */
export async function getPassport(ctx: RegistryContext, caller: Caller, input: string) {
  const code = compactCode(input);
  return ctx.store.readOnly(async (tx) => {
    const f = await loadRobotFacts(tx, code);
    if (!f) throw new RegistryError('NOT_REGISTERED', msg('problem.robots.notRegistered', { code }), { code });
    const relation = await relationOf(tx, caller, f, ctx.now());
    const e = entitlementOf(caller, relation);
    const components = e.kind !== 'full' ? [] : await passportComponents(tx, code, relation);
    const base = passportOf(f, e, components, f.openRecalls > 0 ? await openRecallsOf(tx, code) : []);
    // Lineage for anyone, as verification shows it; customs crossings name parties: only those of the events the caller reads (issue #16).
    const readsUntil = e.kind === 'full' ? f.version : e.kind === 'until' ? e.seq : null;
    const { brands, ...secondLife } = await passportSecondLife(tx, code, readsUntil);
    const passport = { ...base, brands: [...new Set([...base.brands, ...brands])], ...secondLife };
    // The parties to a pending transfer see it: the owner and anyone reading everything, and the recipient the offer names.
    const offer = liveOffer(f, ctx.now());
    return offer && (e.kind === 'full' || offer.to === caller?.participantId) ? { ...passport, pendingOffer: offer } : passport;
  });
}

/** listEvents pages through a robot's events (seq > after) that the caller may read. */
export async function listEvents(
  ctx: RegistryContext,
  caller: Caller,
  input: string,
  opts: { after: number; limit: number },
): Promise<RobotEvent[]> {
  const code = compactCode(input);
  return ctx.store.readOnly(async (tx) => {
    const f = await loadRobotFacts(tx, code);
    if (!f) throw new RegistryError('NOT_REGISTERED', msg('problem.robots.notRegistered', { code }), { code });
    const e = entitlementOf(caller, await relationOf(tx, caller, f, ctx.now()));
    if (e.kind === 'public') {
      throw new RegistryError(caller ? 'NOT_ENTITLED' : 'UNAUTHENTICATED', msg('problem.robots.events'));
    }
    const until = e.kind === 'until' ? e.seq : 2_147_483_647;
    // Events are read back from their leaves, the one copy the log's proofs protect, and
    // their openings checked against them; personal data (erasable, outside the leaf) is
    // joined back for entitled readers.
    const rows = await tx.query<{ leaf: Buffer; opening: Buffer | null; log_index: number; personal: Record<string, unknown> | null }>(
      `SELECT e.leaf, e.opening, e.log_index, p.data AS personal FROM events e LEFT JOIN personal_data p ON p.log_index = e.log_index
        WHERE e.robot_code = $1 AND e.seq > $2 AND e.seq <= $3 ORDER BY e.seq LIMIT $4`,
      [code, opts.after, until, opts.limit],
    );
    return rows.map((r) => {
      const e = storedEvent(r.leaf, r.opening);
      return {
        seq: e.seq,
        type: e.type,
        occurredAt: e.occurredAt,
        recordedAt: e.recordedAt,
        actorId: e.actor,
        data: e.data,
        personal: r.personal,
        logIndex: r.log_index,
      };
    });
  });
}

/**
 * erasePersonalData deletes the personal data of a unit's events (regulator
 * only, e.g. on a data subject's request). Leaves hold only salted hashes of
 * it, so every proof still verifies afterwards.
 */
export async function erasePersonalData(ctx: RegistryContext, caller: Caller, input: string): Promise<{ code: string; erased: number }> {
  if (!hasRole(caller, 'regulator')) throw new RegistryError(caller ? 'FORBIDDEN_ROLE' : 'UNAUTHENTICATED', msg('problem.robots.erase'));
  const code = compactCode(input);
  const rows = await ctx.store.query(
    'DELETE FROM personal_data WHERE log_index IN (SELECT log_index FROM events WHERE robot_code = $1) RETURNING log_index',
    [code],
  );
  return { code, erased: rows.length };
}
