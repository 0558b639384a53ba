import { displayCode, isAssignedCountry, issueCode } from '../../code/index.ts';
import { requireOwnEnterprise, requireRole, type Principal } from '../../access/principal.ts';
import { RegistryError, type ErrorCode } from '../../errors.ts';
import { msg } from '../../i18n/message.ts';
import { must } from '../../must.ts';
import type { Tx } from '../../store/store.ts';
import type { RegistryContext } from '../context.ts';
import { writeEvents, type PendingEvent } from '../events/event-writer.ts';
import { joinOpenRecalls } from '../recalls/recall-resolve.ts';
import { productionDateProblems } from '../models/production-dates.ts';
import { canonicalLot, partIdentity, partKey, describePart, type PartIdentity } from '../../component/part-identity.ts';
import { clashRefusals } from '../components/component-clash.ts';
import { REINSTALL_REMOVED } from '../components/reinstall-removed.ts';
import { recordRevisions, resolveRevisions } from '../models/revisions.ts';
import { installedVersions, setInstalledVersions } from '../software/installed-versions.ts';
import { registerSingle } from './coalesced-registrations.ts';

/** MAX_BATCH is the most units one production run may register at once. */
export const MAX_BATCH = 10_000;

/** DeclaredComponent is a key component a unit is built with. */
export interface DeclaredComponent {
  type: string;
  maker: string;
  serial: string;
  lot?: string;
}

/** NewUnit is one unit of a production run. */
export interface NewUnit {
  model: string;
  productionDate: string;
  components: DeclaredComponent[];
  firmware?: string;
  /** softwareVersion is the installed software version: one filed for the model, in any spelling (issue #15). */
  softwareVersion?: string;
  /** revision is the model revision the unit is built to; default the model's latest approved revision (issue #15). */
  revision?: number;
}

/** RegisteredUnit is a unit the registry accepted, with its issued code. */
export interface RegisteredUnit {
  code: string;
  displayCode: string;
  model: string;
  productionDate: string;
  logIndex: number;
}

/** UnitProblem is one refused unit of a batch. */
export interface UnitProblem {
  unit: number;
  code: ErrorCode;
  message: string;
  /** part is the canonical identity of the component the problem is about, if any. */
  part?: PartIdentity;
}

function refuse(problems: UnitProblem[]): never {
  const first = must(problems[0], 'refuse is given at least one problem');
  const more = problems.length - 1;
  throw new RegistryError(first.code, msg('problem.robots.unitRefused', { unit: first.unit, detail: first.message, more }), {
    errors: problems,
  });
}

/**
 * checkDeclarations finds every unit whose components do not match its
 * model's key component types, and every part declared twice in the run
 * under any spelling (docs/components.md). It fills ids with each declared
 * part's canonical identity, per unit.
 */
function checkDeclarations(
  units: readonly NewUnit[],
  models: Map<string, string[]>,
  ids: PartIdentity[][],
  revisions: readonly number[] = [],
): UnitProblem[] {
  const problems: UnitProblem[] = [];
  const seen = new Map<string, number>();
  units.forEach((u, i) => {
    const unitIds: PartIdentity[] = [];
    ids[i] = unitIds;
    // A revision (2 or later) may change the key component types (models holds them as `model#revision`).
    const types = models.get(`${u.model}#${revisions[i] ?? 1}`) ?? models.get(u.model);
    if (!types) {
      problems.push({ unit: i, code: 'UNKNOWN_MODEL', message: `model ${u.model} is not filed by this manufacturer` });
      return;
    }
    const declared = new Set(u.components.map((c) => c.type));
    for (const t of types) {
      if (!declared.has(t)) problems.push({ unit: i, code: 'MISSING_COMPONENT', message: `key component "${t}" is not declared` });
    }
    for (const c of u.components) {
      if (!types.includes(c.type))
        problems.push({ unit: i, code: 'UNKNOWN_COMPONENT_TYPE', message: `"${c.type}" is not a key component type of model ${u.model}` });
      let id: PartIdentity;
      try {
        id = partIdentity(c);
      } catch (err) {
        problems.push({ unit: i, code: 'INVALID_ARGUMENT', message: (err as Error).message });
        continue;
      }
      unitIds.push(id);
      const k = partKey(id);
      const other = seen.get(k);
      if (other !== undefined) {
        problems.push({
          unit: i,
          code: 'DUPLICATE_COMPONENT',
          message: `${describePart(id, c)} is also declared by unit ${other}`,
          part: id,
        });
      } else seen.set(k, i);
    }
  });
  return problems;
}

/**
 * allocateSequences reserves gap-free sequence ranges per (model, date) in one
 * statement, taking the counters in a fixed order so concurrent runs never
 * deadlock (a coalesced round of single registrations may name many dates).
 */
async function allocateSequences(tx: Tx, enterprise: string, units: readonly NewUnit[]): Promise<number[]> {
  const groups = new Map<string, number[]>();
  units.forEach((u, i) => {
    const k = `${u.model}|${u.productionDate}`;
    const g = groups.get(k) ?? [];
    g.push(i);
    groups.set(k, g);
  });
  const ordered = [...groups].sort(([a], [b]) => (a < b ? -1 : 1));
  const keys = ordered.map(([key]) => key.split('|') as [string, string]);
  const rows = await tx.query<{ model_code: string; production_date: string; next: number }>(
    `INSERT INTO serial_counters (enterprise_code, model_code, production_date, next_sequence)
     SELECT $1, m, d, n FROM unnest($2::text[], $3::date[], $4::int[]) WITH ORDINALITY AS x(m, d, n, k) ORDER BY k
     ON CONFLICT (enterprise_code, model_code, production_date) DO UPDATE SET next_sequence = serial_counters.next_sequence + EXCLUDED.next_sequence
     RETURNING model_code, to_char(production_date, 'YYYY-MM-DD') AS production_date, next_sequence AS next`,
    [enterprise, keys.map(([m]) => m), keys.map(([, d]) => d), ordered.map(([, members]) => members.length)],
  );
  // next_sequence is the counter after this run's units: the run's range ends just before it.
  const next = new Map(rows.map((r) => [`${r.model_code.trim()}|${r.production_date}`, r.next]));
  const sequences = new Array<number>(units.length);
  for (const [key, members] of ordered) {
    const first = must(next.get(key), 'INSERT … RETURNING returns each counter row') - members.length;
    for (const [k, unit] of members.entries()) sequences[unit] = first + k;
  }
  return sequences;
}

/**
 * installComponents records every declared component as installed under its
 * canonical identity, with the declared spelling for display and a holding
 * from the unit's first event; it refuses any part already in a robot or
 * scrapped, under any spelling.
 */
async function installComponents(
  tx: Tx,
  caller: Principal,
  codes: readonly string[],
  units: readonly NewUnit[],
  ids: readonly PartIdentity[][],
  now: Date,
): Promise<void> {
  const rows = units.flatMap((u, i) => {
    const robot = must(codes[i], 'a code per unit');
    const unitIds = must(ids[i], 'checkDeclarations gave identities per unit');
    return u.components.map((c, k) => ({ ...c, id: must(unitIds[k], 'an identity per declared component'), robot, unit: i }));
  });
  const inserted = await tx.query<{ component_type: string; canonical_maker: string; canonical_serial: string }>(
    `INSERT INTO components (component_type, maker, serial, lot, robot_code, state, updated_at, canonical_maker, canonical_serial, canonical_lot)
     SELECT t, m, s, l, r, 'installed', $6, cm, cs, cl
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::char(29)[], $7::text[], $8::text[], $9::text[]) AS x(t, m, s, l, r, cm, cs, cl)
     ${REINSTALL_REMOVED}
     RETURNING component_type, canonical_maker, canonical_serial`,
    [
      rows.map((r) => r.type),
      rows.map((r) => r.maker),
      rows.map((r) => r.serial),
      rows.map((r) => r.lot ?? null),
      rows.map((r) => r.robot),
      now,
      rows.map((r) => r.id.maker),
      rows.map((r) => r.id.serial),
      rows.map((r) => canonicalLot(r.lot)),
    ],
  );
  if (inserted.length !== rows.length) {
    const ok = new Set(inserted.map((r) => partKey({ type: r.component_type, maker: r.canonical_maker, serial: r.canonical_serial })));
    const clashes = rows.filter((r) => !ok.has(partKey(r.id)));
    const refusals = await clashRefusals(
      tx,
      caller,
      clashes.map((c) => ({ id: c.id, spelled: c })),
      now,
    );
    refuse(clashes.map((c, i) => ({ unit: c.unit, ...must(refusals[i], 'clashRefusals answers each clash') })));
  }
  await tx.query(
    `INSERT INTO component_holdings (component_type, canonical_maker, canonical_serial, robot_code, maker, serial, lot, installed_seq, installed_at)
     SELECT t, cm, cs, r, m, s, l, 1, $8 FROM unnest($1::text[], $2::text[], $3::text[], $4::char(29)[], $5::text[], $6::text[], $7::text[]) AS x(t, cm, cs, r, m, s, l)`,
    [
      rows.map((r) => r.type),
      rows.map((r) => r.id.maker),
      rows.map((r) => r.id.serial),
      rows.map((r) => r.robot),
      rows.map((r) => r.maker),
      rows.map((r) => r.serial),
      rows.map((r) => r.lot ?? null),
      now,
    ],
  );
}

/**
 * Registration says under whose enterprise code units are registered, who
 * holds them first and what their first event records: a maker's own
 * registration, an importer's import for a foreign maker, or a certified
 * remanufacturer's new unit (src/registry/second-life/). `before` runs in the
 * registering transaction before any part is installed, `after` once the
 * units and their first events are written.
 */
export interface Registration {
  /** actor records the first events; refusals word other units for it. */
  actor: Principal;
  enterprise: string;
  ownerId: string;
  /** event gives each unit's first event: its type, when it happened, the actor's standing (party; the deadline table may narrow by it) and its data beyond the declaration. */
  event: (u: NewUnit, now: Date) => { type: 'registered' | 'imported'; occurredAt: Date; party?: string; data: Record<string, unknown> };
  before?: (tx: Tx, now: Date) => Promise<void>;
  after?: (tx: Tx, units: readonly RegisteredUnit[], now: Date) => Promise<void>;
}

/** checkRun refuses an empty run or one over MAX_BATCH units. */
export function checkRun(units: readonly NewUnit[]): void {
  if (units.length === 0) throw new RegistryError('INVALID_REQUEST', msg('problem.robots.emptyRun'));
  if (units.length > MAX_BATCH)
    throw new RegistryError('BATCH_TOO_LARGE', msg('problem.robots.runLimit', { max: MAX_BATCH, n: units.length }), {
      limit: MAX_BATCH,
    });
}

/**
 * registerRobots registers a production run of 1 to MAX_BATCH units under the
 * calling manufacturer's own enterprise code: all units or none. Each unit
 * gets a code, owner = the manufacturer, and a `registered` event in the log.
 */
export async function registerRobots(
  ctx: RegistryContext,
  caller: Principal | undefined,
  units: readonly NewUnit[],
  enterprise?: string,
): Promise<RegisteredUnit[]> {
  const maker = requireRole(caller, 'manufacturer');
  if (enterprise !== undefined) requireOwnEnterprise(maker, enterprise);
  const own = maker.enterpriseCode;
  if (!own) throw new RegistryError('FORBIDDEN_ROLE', msg('problem.robots.noEnterprise'));
  checkRun(units);
  const reg: Registration = {
    actor: maker,
    enterprise: own,
    ownerId: maker.participantId,
    event: (_u, now) => ({ type: 'registered', occurredAt: now, data: {} }),
  };
  // One unit at a time from many writers: those arriving together share a transaction and one append.
  const [single] = units;
  if (units.length === 1 && single) return registerSingle(ctx, single, reg);
  return registerUnits(ctx, units, reg);
}

/** registerUnits registers units as reg says, all or none, in one transaction with their first events. */
export async function registerUnits(ctx: RegistryContext, units: readonly NewUnit[], reg: Registration): Promise<RegisteredUnit[]> {
  const registered = await ctx.store.readWrite(async (tx) => {
    const now = ctx.now();
    const staged = await stageUnits(tx, units, reg, now);
    const out = staged.registered(await writeEvents(tx, ctx.signer, staged.events));
    await reg.after?.(tx, out, now);
    return out;
  });
  // A cached "not registered" for any of these codes is now wrong.
  ctx.facts.invalidate(registered.map((u) => u.code));
  return registered;
}

/** StagedUnits are units written but for their first events: registered turns the events' log indexes into the answer. */
export interface StagedUnits {
  events: PendingEvent[];
  registered(indexes: readonly number[]): RegisteredUnit[];
}

/**
 * stageUnits checks units as reg says and writes them, their parts and
 * owners in tx, refusing the whole run on any problem; it leaves the first
 * events to the caller, so that several runs can share one append to the log
 * (src/registry/robots/coalesced-registrations.ts).
 */
export async function stageUnits(tx: Tx, units: readonly NewUnit[], reg: Registration, now: Date): Promise<StagedUnits> {
  const own = reg.enterprise;
  const [p] = await tx.query<{ country: string }>('SELECT country FROM participants WHERE enterprise_code = $1', [own]);
  const { country } = must(p, "the enterprise code is a participant's");
  if (!isAssignedCountry(country)) throw new RegistryError('INVALID_ARGUMENT', msg('problem.robots.makerCountry', { country }));
  const modelRows = await tx.query<{ model_code: string; component_types: string[] }>(
    'SELECT model_code, component_types FROM models WHERE enterprise_code = $1 AND model_code = ANY($2::text[])',
    [own, [...new Set(units.map((u) => u.model))]],
  );
  const ids: PartIdentity[][] = [];
  const revs = await resolveRevisions(tx, own, units);
  const declared = new Map([...modelRows.map((m) => [m.model_code, m.component_types] as const), ...revs.types]);
  const problems = [...revs.problems, ...checkDeclarations(units, declared, ids, revs.revisions)];
  if (problems.length > 0) refuse(problems);

  // A unit dated in the future, or years before its model existed, could be dated out of a recall's range.
  const dated = await productionDateProblems(tx, own, units, now);
  if (dated.length > 0) refuse(dated);
  const firsts = units.map((u) => reg.event(u, now));
  await reg.before?.(tx, now);
  const installed = await installedVersions(tx, own, units);
  const sequences = await allocateSequences(tx, own, units);
  const issued = units.map((u, i) => {
    const sequence = must(sequences[i], 'allocateSequences numbers every unit');
    return { u, code: issueCode({ country, enterprise: own, model: u.model, productionDate: u.productionDate, sequence }) };
  });
  const codes = issued.map((x) => x.code);
  await tx.query(
    `INSERT INTO robots (code, enterprise_code, model_code, production_date, sequence, status, owner_id, firmware, version, registered_at, updated_at)
     SELECT c, $2, m, d, s, 'registered', $3, f, 1, $4, $4 FROM unnest($1::char(29)[], $5::text[], $6::date[], $7::bigint[], $8::text[]) AS x(c, m, d, s, f)`,
    [
      codes,
      own,
      reg.ownerId,
      now,
      units.map((u) => u.model),
      units.map((u) => u.productionDate),
      sequences,
      units.map((u) => u.firmware ?? null),
    ],
  );
  await recordRevisions(tx, codes, revs.revisions);
  await setInstalledVersions(tx, codes, installed);
  await installComponents(tx, reg.actor, codes, units, ids, now);
  // Units made after a recall was issued join it when its scope reaches them.
  await joinOpenRecalls(tx, codes, now);
  await tx.query('INSERT INTO ownerships (robot_code, owner_id, from_seq) SELECT c, $2, 1 FROM unnest($1::char(29)[]) AS c', [
    codes,
    reg.ownerId,
  ]);
  const events: PendingEvent[] = issued.map(({ u, code }, i) => {
    const first = must(firsts[i], 'a first event per unit');
    return {
      robotCode: code,
      seq: 1,
      type: first.type,
      occurredAt: first.occurredAt,
      recordedAt: now,
      actorId: reg.actor.participantId,
      ...(first.party ? { party: first.party } : {}),
      ownerId: reg.ownerId,
      data: {
        model: u.model,
        productionDate: u.productionDate,
        owner: reg.ownerId,
        components: u.components.map((c) => ({ type: c.type, maker: c.maker, serial: c.serial, lot: c.lot ?? null })),
        firmware: u.firmware ?? null,
        ...(installed[i] ? { softwareVersion: installed[i] } : {}),
        revision: revs.revisions[i] ?? 1,
        ...first.data,
      },
    };
  });
  return {
    events,
    registered: (indexes) =>
      issued.map(({ u, code }, i) => ({
        code,
        displayCode: displayCode(code),
        model: u.model,
        productionDate: u.productionDate,
        logIndex: must(indexes[i], 'writeEvents gives a log index per event'),
      })),
  };
}
