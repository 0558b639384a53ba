/**
 * "Did you mean" that helps: of the valid codes one character away from a mistyped code
 * (`suggestions`, every one in position order), the few worth showing a person, with the
 * registered ones first and named by their maker and model, found in one query.
 */
import { MAX_CANDIDATES, type CodeCandidate } from '../../contract/code-candidates.ts';
import type { Tx } from '../../store/store.ts';

/** PublicName is a name as public verification shows it. */
export interface PublicName {
  name: string;
  nameEn?: string;
}

/** RegisteredNames is what public verification shows of a registered code's maker and model, and nothing else. */
export interface RegisteredNames {
  maker: PublicName;
  model: PublicName;
}

// Characters people mistake for one another reading a nameplate or typing what they read.
const CONFUSABLE_PAIRS = ['0O', '0D', '0Q', 'OD', 'OQ', '1I', '1L', '2Z', '5S', '6G', '8B', 'UV', 'MN', 'CG', 'EF', 'PR', '9G'];
const CONFUSABLE = new Set(CONFUSABLE_PAIRS.flatMap(([a, b]) => [`${a}${b}`, `${b}${a}`]));

/** isConfusable tells whether two code characters are easily mistaken for one another. */
export function isConfusable(a: string, b: string): boolean {
  return CONFUSABLE.has(`${a}${b}`);
}

/** slipOf is the one position where candidate differs from input and the two characters there, or undefined. */
function slipOf(input: string, candidate: string): { at: number; typed: string; meant: string } | undefined {
  if (input.length !== candidate.length) return undefined;
  for (let i = 0; i < input.length; i++) {
    if (input[i] !== candidate[i]) return { at: i, typed: input.charAt(i), meant: candidate.charAt(i) };
  }
  return undefined;
}

/**
 * rankCandidates picks at most max of the suggestions for a person to choose from:
 * - registered codes come first, named by their maker and model; when any suggestion is
 *   registered, no unregistered code is offered (a never-issued code is no answer);
 * - otherwise the unregistered ones, without names;
 * - within each, a slip between easily confused characters (0/O, 1/I, 5/S, 8/B…) ranks
 *   before any other, and otherwise the suggestions' own (position) order holds.
 */
export function rankCandidates(
  input: string,
  suggestions: readonly string[],
  registered: ReadonlyMap<string, RegisteredNames>,
  max = MAX_CANDIDATES,
): CodeCandidate[] {
  const unique = [...new Set(suggestions)];
  const known = unique.filter((c) => registered.has(c));
  const pool = known.length > 0 ? known : unique;
  const likely = (c: string) => {
    const slip = slipOf(input, c);
    return slip !== undefined && isConfusable(slip.typed, slip.meant) ? 0 : 1;
  };
  const ranked = pool
    .map((code, order) => ({ code, order, likely: likely(code) }))
    .sort((a, b) => a.likely - b.likely || a.order - b.order);
  return ranked.slice(0, Math.max(0, max)).map(({ code }) => {
    const names = registered.get(code);
    return names ? { code, registered: true, maker: { ...names.maker }, model: { ...names.model } } : { code, registered: false };
  });
}

interface NamesRow {
  code: string;
  maker_name: string;
  maker_name_en: string | null;
  model_name: string;
  model_name_en: string | null;
}

/** publicName is a name with its English form when the registry has one. */
const publicName = (name: string, nameEn: string | null): PublicName => (nameEn ? { name, nameEn } : { name });

/** MAX_LOOKUP bounds the codes one lookup reads (a code of 29 characters has at most one suggestion per position). */
const MAX_LOOKUP = 64;

/**
 * registeredNames reads, in one query, which of codes are registered and their maker's and
 * model's names (official and English): exactly what public verification shows, nothing of
 * owners, sites or status.
 */
export async function registeredNames(tx: Pick<Tx, 'query'>, codes: readonly string[]): Promise<Map<string, RegisteredNames>> {
  const wanted = [...new Set(codes)].slice(0, MAX_LOOKUP);
  if (wanted.length === 0) return new Map();
  const rows = await tx.query<NamesRow>(
    `SELECT r.code, p.name AS maker_name, p.name_en AS maker_name_en, m.name AS model_name, m.name_en AS model_name_en
       FROM robots r
       JOIN models m ON m.enterprise_code = r.enterprise_code AND m.model_code = r.model_code
       JOIN participants p ON p.enterprise_code = r.enterprise_code
      WHERE r.code = ANY($1::char(29)[])`,
    [wanted],
  );
  return new Map(
    rows.map((r) => [r.code, { maker: publicName(r.maker_name, r.maker_name_en), model: publicName(r.model_name, r.model_name_en) }]),
  );
}

/** codeCandidates ranks the suggestions for a mistyped (normalised) input against the registry. */
export async function codeCandidates(tx: Pick<Tx, 'query'>, input: string, suggestions: readonly string[]): Promise<CodeCandidate[]> {
  return rankCandidates(input, suggestions, await registeredNames(tx, suggestions));
}
