import { canonicalLot, canonicalText } from '../component/part-identity.ts';

/** RecallScope names which units a recall reaches; every given criterion must hold (DESIGN.md §6). */
export interface RecallScope {
  /** enterprise limits the recall to one manufacturer's units. */
  enterprise?: string;
  /** models are model codes of that enterprise. */
  models?: string[];
  productionDate?: { from?: string; to?: string };
  /** codes is an inclusive range of identity codes (serial range). */
  codes?: { from: string; to: string };
  /** component matches units with an installed key component of this type (and maker, and lot), compared in canonical form (docs/components.md). */
  component?: { type: string; maker?: string; lots?: string[] };
}

/** ScopedUnit is what scope matching reads of a unit. */
export interface ScopedUnit {
  code: string;
  enterpriseCode: string;
  modelCode: string;
  productionDate: string;
  status: string;
  components: { type: string; maker: string; lot: string | null; state: string }[];
}

/** isNarrow tells whether a scope names at least one criterion, so no recall reaches the whole fleet by accident. */
export function isNarrow(s: RecallScope): boolean {
  return !!(s.enterprise || s.models?.length || s.productionDate || s.codes || s.component);
}

/** unitInScope decides whether a recall with scope s reaches unit u; scrapped units are never reached. */
export function unitInScope(s: RecallScope, u: ScopedUnit): boolean {
  if (u.status === 'scrapped') return false;
  if (s.enterprise && u.enterpriseCode !== s.enterprise) return false;
  if (s.models?.length && !s.models.includes(u.modelCode)) return false;
  if (s.productionDate?.from && u.productionDate < s.productionDate.from) return false;
  if (s.productionDate?.to && u.productionDate > s.productionDate.to) return false;
  if (s.codes && (u.code < s.codes.from || u.code > s.codes.to)) return false;
  if (s.component) {
    const c = s.component;
    const maker = c.maker ? canonicalText(c.maker) : undefined;
    const lots = c.lots?.length ? new Set(c.lots.map(canonicalLot)) : undefined;
    const hit = u.components.some(
      (k) =>
        k.state === 'installed' &&
        k.type === c.type &&
        (maker === undefined || canonicalText(k.maker) === maker) &&
        (!lots || (canonicalLot(k.lot) !== null && lots.has(canonicalLot(k.lot)))),
    );
    if (!hit) return false;
  }
  return true;
}

/** widens tells whether scope b reaches at least every unit a reaches, judged by its criteria (amendments may only widen). */
export function widens(a: RecallScope, b: RecallScope): boolean {
  const sameOrLooser = <T>(x: T | undefined, y: T | undefined, looser: (x: T, y: T) => boolean) =>
    y === undefined || (x !== undefined && looser(x, y));
  return (
    sameOrLooser(a.enterprise, b.enterprise, (x, y) => x === y) &&
    sameOrLooser(a.models, b.models, (x, y) => y.length === 0 || x.every((m) => y.includes(m))) &&
    sameOrLooser(
      a.productionDate,
      b.productionDate,
      (x, y) => (!y.from || (!!x.from && y.from <= x.from)) && (!y.to || (!!x.to && y.to >= x.to)),
    ) &&
    sameOrLooser(a.codes, b.codes, (x, y) => y.from <= x.from && y.to >= x.to) &&
    sameOrLooser(a.component, b.component, (x, y) => {
      const ylots = new Set((y.lots ?? []).map(canonicalLot));
      return (
        x.type === y.type &&
        (!y.maker || (!!x.maker && canonicalText(x.maker) === canonicalText(y.maker))) &&
        (ylots.size === 0 || (!!x.lots?.length && x.lots.every((l) => ylots.has(canonicalLot(l)))))
      );
    })
  );
}
