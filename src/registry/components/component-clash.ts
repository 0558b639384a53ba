import type { Principal } from '../../access/principal.ts';
import { describePart, partKey, type PartIdentity, type PartName } from '../../component/part-identity.ts';
import type { ErrorCode } from '../../errors.ts';
import { english, msg } from '../../i18n/message.ts';
import type { Tx } from '../../store/store.ts';
import { readableUnits } from '../robots/readable-units.ts';

/** ClashingPart is a declared part the registry could not install: its canonical identity and the spelling it came in. */
export interface ClashingPart {
  id: PartIdentity;
  spelled: PartName;
}

/** ClashRefusal is why one part was refused, worded for the caller. */
export interface ClashRefusal {
  code: Extract<ErrorCode, 'SCRAPPED_COMPONENT' | 'DUPLICATE_COMPONENT' | 'UNIT_EXPORTED' | 'UNIT_REMANUFACTURED'>;
  message: string;
  /** part is the canonical identity the refusal is about. */
  part: PartIdentity;
}

/** Holder is where a part is now (installed or scrapped), and whether the caller may read that unit. */
export interface Holder {
  state: string;
  robotCode: string;
  readable: boolean;
  /** unitStatus is the holding unit's status: an exported or remanufactured unit is named, its status being public. */
  unitStatus?: string;
}

/** readableHolders finds the unit each part is in (installed or scrapped; scrapped first) and whether caller may read it in full. */
export async function readableHolders(
  tx: Pick<Tx, 'query'>,
  caller: Principal,
  ids: readonly PartIdentity[],
  now: Date,
): Promise<Map<string, Holder>> {
  const rows = await tx.query<{
    component_type: string;
    canonical_maker: string;
    canonical_serial: string;
    state: string;
    robot_code: string;
    unit_status: string;
  }>(
    `SELECT c.component_type, c.canonical_maker, c.canonical_serial, c.state, c.robot_code, r.status AS unit_status
       FROM components c JOIN robots r ON r.code = c.robot_code
      WHERE (c.component_type, c.canonical_maker, c.canonical_serial) IN (SELECT * FROM unnest($1::text[], $2::text[], $3::text[])) AND c.state <> 'removed'
      ORDER BY c.state = 'scrapped' DESC, c.identity_rank`,
    [ids.map((p) => p.type), ids.map((p) => p.maker), ids.map((p) => p.serial)],
  );
  const readable = await readableUnits(
    tx,
    caller,
    rows.map((r) => r.robot_code.trim()),
    now,
  );
  const out = new Map<string, Holder>();
  for (const r of rows) {
    const key = partKey({ type: r.component_type, maker: r.canonical_maker, serial: r.canonical_serial });
    const robotCode = r.robot_code.trim();
    if (!out.has(key)) out.set(key, { state: r.state, robotCode, readable: readable.has(robotCode), unitStatus: r.unit_status });
  }
  return out;
}

/** clashRefusals words the refusal of each part that is installed elsewhere or was scrapped, naming the unit only to a caller entitled to read it. */
export async function clashRefusals(
  tx: Pick<Tx, 'query'>,
  caller: Principal,
  clashes: readonly ClashingPart[],
  now: Date,
): Promise<ClashRefusal[]> {
  const where = await readableHolders(
    tx,
    caller,
    clashes.map((c) => c.id),
    now,
  );
  return clashes.map(({ id, spelled }) => {
    const held = where.get(partKey(id));
    const part = describePart(id, spelled);
    if (held?.state === 'scrapped') {
      const unit = held.readable ? ` with robot ${held.robotCode}` : '';
      return { code: 'SCRAPPED_COMPONENT', message: `${part} was scrapped${unit}; it may not be fitted again.`, part: id };
    }
    // A unit that left (exported) or ended (remanufactured) is named to anyone: its status and code are public.
    if (held?.unitStatus === 'exported')
      return {
        code: 'UNIT_EXPORTED',
        message: english(msg('problem.secondLife.partOfExported', { part, code: held.robotCode })),
        part: id,
      };
    if (held?.unitStatus === 'remanufactured')
      return {
        code: 'UNIT_REMANUFACTURED',
        message: english(msg('problem.secondLife.partOfRemanufactured', { part, code: held.robotCode })),
        part: id,
      };
    const unit = held?.readable ? `robot ${held.robotCode}` : 'another unit';
    return { code: 'DUPLICATE_COMPONENT', message: `${part} is installed in ${unit}.`, part: id };
  });
}
