/**
 * Reading stored Merkle hashes from `log_hashes` in one query, as ranges where the
 * indexes asked are dense (a unit's events logged together) and by single probes
 * elsewhere (issue #14, item 3).
 */
import { HASH_SIZE, type Hash, type HashReader } from '../../ledger/index.ts';
import { RegistryError } from '../../errors.ts';
import { msg } from '../../i18n/message.ts';
import { must } from '../../must.ts';
import type { Tx } from '../../store/store.ts';

/** RANGE_GAP is the widest gap of unasked indexes a run of asked stored-hash indexes may span. */
const RANGE_GAP = 16;
/** DENSE_RUN is how many asked indexes make a run worth one range scan: then a row read costs at most ~2 rows per hash asked. */
const DENSE_RUN = 16;
/** MAX_RANGES caps the range scans of one read; the rest of the asked indexes are probed one by one. */
const MAX_RANGES = 4;

/** RangePlan is a read with range scans: the ranges, the indexes probed one by one, and where each index lands in the rows read. */
interface RangePlan {
  ranges: [lo: number, hi: number][];
  points: number[];
  /** rows is the number of rows the read returns: every index of every range, and the points. */
  rows: number;
  /** at is each index's position in the rows read, which come ordered by index. */
  at: Map<number, number>;
}

/**
 * rangePlan groups the distinct indexes asked into runs whose gaps are at most RANGE_GAP.
 * Stored indexes are dense and a record's lower siblings lie close to it, so the audit
 * paths of records logged close together (a unit's busy spell) form long dense runs; the
 * MAX_RANGES densest of those are read as ranges — one B-tree descent for the run instead
 * of one per hash — and the rest by single probes. Undefined (probe them all) unless the
 * ranges carry at least half of the indexes asked.
 */
function rangePlan(indexes: readonly number[]): RangePlan | undefined {
  if (indexes.length < DENSE_RUN) return undefined;
  let sorted = indexes;
  for (let k = 1; k < indexes.length; k++) {
    if ((indexes[k] ?? 0) <= (indexes[k - 1] ?? 0)) {
      sorted = [...new Set(indexes)].sort((a, b) => a - b);
      break;
    }
  }
  // Runs as [first, end) positions in sorted.
  const runs: [number, number][] = [];
  let first = 0;
  for (let k = 1; k <= sorted.length; k++) {
    if (k < sorted.length && (sorted[k] ?? 0) - (sorted[k - 1] ?? 0) <= RANGE_GAP + 1) continue;
    if (k - first >= DENSE_RUN) runs.push([first, k]);
    first = k;
  }
  if (runs.length === 0) return undefined;
  const dense = runs
    .sort((a, b) => b[1] - b[0] - (a[1] - a[0]))
    .slice(0, MAX_RANGES)
    .sort((a, b) => a[0] - b[0]);
  // Ranges pay off when they carry the read; a few dense runs among thousands of probes only add a sort.
  if (dense.reduce((n, [from, to]) => n + to - from, 0) * 2 < sorted.length) return undefined;
  const ranges: [number, number][] = [];
  const points: number[] = [];
  const at = new Map<number, number>();
  let rows = 0;
  let k = 0;
  const end: [number, number] = [sorted.length, sorted.length];
  for (const [from, to] of [...dense, end]) {
    for (; k < from; k++) {
      const i = sorted[k] ?? 0;
      points.push(i);
      at.set(i, rows++);
    }
    if (from === sorted.length) break;
    const lo = sorted[from] ?? 0;
    const hi = sorted[to - 1] ?? 0;
    ranges.push([lo, hi]);
    for (; k < to; k++) at.set(sorted[k] ?? 0, rows + (sorted[k] ?? 0) - lo);
    rows += hi - lo + 1;
  }
  return { ranges, points, rows, at };
}

/** rangeReadSql reads the points and the given number of ranges ($2/$3, $4/$5, …) as one row, concatenated in index order. */
function rangeReadSql(ranges: number): string {
  const parts = ['SELECT h.idx, h.hash FROM unnest($1::bigint[]) AS p(idx) JOIN log_hashes h ON h.idx = p.idx'];
  for (let k = 0; k < ranges; k++) parts.push(`SELECT idx, hash FROM log_hashes WHERE idx BETWEEN $${2 + 2 * k} AND $${3 + 2 * k}`);
  return `SELECT count(*)::int AS n, coalesce(sum(length(x.hash)), 0)::int AS bytes, string_agg(x.hash, ''::bytea ORDER BY x.idx) AS hashes
            FROM (${parts.join(' UNION ALL ')}) AS x`;
}

/** pointReadSql reads the stored hashes at the indexes of an array as one row, concatenated in the array's order. */
const pointReadSql = (indexes: string) =>
  `SELECT count(*)::int AS n, coalesce(sum(length(h.hash)), 0)::int AS bytes, string_agg(h.hash, ''::bytea ORDER BY a.ord) AS hashes
           FROM unnest(${indexes}) WITH ORDINALITY AS a(idx, ord) JOIN log_hashes h ON h.idx = a.idx`;
/** POINT_READ_SQL reads the indexes asked, given as one array parameter. */
const POINT_READ_SQL = pointReadSql('$1::bigint[]');

/** PREPARED_MAX is the most indexes a read sends as scalar parameters, so the store prepares its statement once per connection. */
const PREPARED_MAX = 32;

/** preparedReadSql(k) is POINT_READ_SQL over k scalar parameters: one text, and one prepared statement, per k ≤ PREPARED_MAX. */
const preparedReadSql = Array.from({ length: PREPARED_MAX + 1 }, (_, k) =>
  pointReadSql(`ARRAY[${Array.from({ length: k }, (_, j) => `$${j + 1}`).join(', ')}]::bigint[]`),
);

/**
 * storeHashReader reads stored Merkle hashes; those of complete subtrees never change, so no
 * transaction is needed. One query reads them all (planHashRead) and returns one row of them
 * concatenated in index order, which the driver decodes once instead of row by row; the
 * ranges go as constants, so the planner sees their true size. Anything but exactly 32
 * bytes for each row expected falls through to the row read below, which names what is missing.
 */
export function storeHashReader(tx: Pick<Tx, 'query'>): HashReader {
  return {
    async readHashes(indexes: number[]): Promise<Hash[]> {
      if (indexes.length === 0) return [];
      const plan = rangePlan(indexes);
      // A proof's few hashes go as scalars: the store prepares a statement without an array once and reuses its plan (an
      // array parameter keeps a statement unnamed, parsed and planned on every read: about half of a proof's time).
      const prepared = plan === undefined && indexes.length <= PREPARED_MAX ? preparedReadSql[indexes.length] : undefined;
      const [all] = await tx.query<{ n: number; bytes: number; hashes: Buffer | null }>(
        plan ? rangeReadSql(plan.ranges.length) : (prepared ?? POINT_READ_SQL),
        plan ? [plan.points, ...plan.ranges.flat()] : prepared ? indexes : [indexes],
      );
      const joined = all?.hashes;
      const rows = plan?.rows ?? indexes.length;
      if (all && joined && all.n === rows && all.bytes === all.n * HASH_SIZE && joined.length === all.bytes) {
        const slice = (k: number) => joined.subarray(k * HASH_SIZE, (k + 1) * HASH_SIZE);
        return plan ? indexes.map((i) => slice(must(plan.at.get(i), 'every index asked is read'))) : indexes.map((_, k) => slice(k));
      }
      const read = await tx.query<{ idx: number; hash: Buffer }>('SELECT idx, hash FROM log_hashes WHERE idx = ANY($1::bigint[])', [
        indexes,
      ]);
      const byIdx = new Map(read.map((r) => [r.idx, r.hash]));
      return indexes.map((i) => {
        const h = byIdx.get(i);
        if (!h) throw new RegistryError('INTERNAL', msg('problem.ledger.hashMissing', { i }));
        return h;
      });
    },
  };
}
