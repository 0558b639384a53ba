/**
 * The audit paths of many records of one tree, from one read of the stored
 * hashes they share (issue #14, item 3): a passport bundle proves a unit's
 * every event. A path is found level by level in closed form instead of by
 * the recursion of prove.ts, and names every sibling by its tree coordinates,
 * so the reader is told each hash's level and position (a cache keyed by level
 * need not split an index back) and paths that share a sibling share it
 * without a lookup.
 *
 * Record n's level-l node is the subtree q = ⌊n / 2^l⌋ of width 2^l; its
 * sibling is the subtree q XOR 1. In the tree of size t (RFC 6962 §2.1.1,
 * RFC 9162 §2.1.3.2) that sibling is on the path when it holds any record
 * (it starts below t): stored when it ends at or before t, else the right
 * edge's incomplete subtree [start, t), folded from the complete subtrees that
 * tile it. A sibling starting at t or beyond is empty and the level adds
 * nothing. Paths list their siblings from the leaf upwards, as proveRecord.
 */
import { RegistryError } from '../errors.ts';
import { msg } from '../i18n/message.ts';
import { type Hash, nodeHash } from './hash.ts';
import { type HashReader, checkCount, maxpow2, readExactly, storedHashIndex } from './stored-hashes.ts';

/** AuditPaths holds the paths of several records over one list of distinct sibling hashes. */
export interface AuditPaths {
  /** hashes holds each distinct sibling once. */
  hashes: Hash[];
  /** siblings lists every path's siblings, leaf upwards, as positions in hashes; path i is siblings[starts[i]] … siblings[starts[i + 1] − 1]. */
  siblings: Int32Array;
  starts: Int32Array;
}

/**
 * auditPaths returns the inclusion proofs of records ns in the tree of size t, equal to
 * proveRecord(t, n) for each n, from one readHashes call that asks each distinct stored hash
 * once, in index order, with its coordinates. Duplicates and any order of ns are allowed;
 * records in order (a unit's events) share most siblings and cost least.
 */
export async function auditPaths(t: number, ns: readonly number[], reader: HashReader): Promise<AuditPaths> {
  checkCount('t', t);
  // One entry per distinct stored hash asked: its index and coordinates, and its slot in hashes.
  const indexes: number[] = [];
  const levels: number[] = [];
  const positions: number[] = [];
  const indexSlot: number[] = [];
  // Right-edge folds: the slot and the start of each.
  const folds: [slot: number, start: number][] = [];
  const slots = new Map<number, number>();
  let next = 0;
  const stored = (level: number, q: number): number => {
    const index = storedHashIndex(level, q);
    let slot = slots.get(index);
    if (slot === undefined) {
      slot = next++;
      slots.set(index, slot);
      indexes.push(index);
      levels.push(level);
      positions.push(q);
      indexSlot.push(slot);
    }
    return slot;
  };
  // Levels below height have a sibling of width < t; from height up, every sibling starts at or past t.
  let height = 0;
  while (2 ** height < t) height++;
  // The sibling last found at each level, by the node it is next to: records in order share them.
  const lastNode = new Float64Array(height).fill(-1);
  const lastSlot = new Int32Array(height);
  const starts = new Int32Array(ns.length + 1);
  const siblings = new Int32Array(ns.length * height);
  let at = 0;
  for (let i = 0; i < ns.length; i++) {
    const n = ns[i] ?? -1;
    checkCount('n', n);
    if (n >= t) throw new RegistryError('LOG_PROOF_RANGE', msg('problem.ledger.recordNotInTree', { n, t }));
    let q = n;
    for (let l = 0, width = 1; l < height; l++, width *= 2, q = Math.floor(q / 2)) {
      let slot: number;
      if (lastNode[l] === q) slot = lastSlot[l] ?? -1;
      else {
        const s = q % 2 === 0 ? q + 1 : q - 1;
        if (s * width >= t) slot = -1;
        else if ((s + 1) * width <= t) slot = stored(l, s);
        else {
          slot = next++;
          folds.push([slot, s * width]);
        }
        lastNode[l] = q;
        lastSlot[l] = slot;
      }
      if (slot >= 0) siblings[at++] = slot;
    }
    starts[i + 1] = at;
  }
  // A fold [a, t) is the complete subtrees of decreasing size that tile it (RFC 6962 §2.1 MTH); at most one per level.
  const foldParts = folds.map(([, a]) => {
    const parts: number[] = [];
    for (let lo = a; lo < t; ) {
      const [k, level] = maxpow2(t - lo + 1);
      parts.push(stored(level, lo / k));
      lo += k;
    }
    return parts;
  });
  // One read, in index order, each stored hash once.
  const order = indexes.map((_, k) => k).sort((x, y) => (indexes[x] ?? 0) - (indexes[y] ?? 0));
  const read = await readExactly(
    reader,
    order.map((k) => indexes[k] ?? 0),
    { levels: order.map((k) => levels[k] ?? 0), ns: order.map((k) => positions[k] ?? 0) },
  );
  const hashes: Hash[] = new Array(next);
  order.forEach((k, j) => {
    const h = read[j];
    const slot = indexSlot[k];
    if (h === undefined || slot === undefined) throw new Error('invariant broken: readExactly returns one hash per index asked');
    hashes[slot] = h;
  });
  const part = (p: number): Hash => {
    const h = hashes[p];
    if (!h) throw new Error('invariant broken: every part of a fold was read');
    return h;
  };
  // Folded right to left (as subTreeHash); a fold is made of stored hashes only.
  folds.forEach(([slot], f) => {
    hashes[slot] = (foldParts[f] ?? []).map(part).reduceRight((h, left) => nodeHash(left, h));
  });
  return { hashes, siblings: siblings.subarray(0, at), starts };
}

/** pathOf returns record i's audit path from auditPaths as hashes, leaf upwards. */
export function pathOf(paths: AuditPaths, i: number): Hash[] {
  return siblingsOf(paths, i, paths.hashes);
}

/**
 * siblingsOf returns record i's audit path, leaf upwards, as values[slot] for each sibling's slot:
 * values holds the paths' distinct hashes, or any encoding of them, slot for slot (a bundle's
 * base64, say), so each distinct hash is encoded once however many paths share it.
 */
export function siblingsOf<T>(paths: Pick<AuditPaths, 'siblings' | 'starts'>, i: number, values: readonly T[]): T[] {
  const out: T[] = [];
  for (let k = paths.starts[i] ?? 0, end = paths.starts[i + 1] ?? 0; k < end; k++) {
    const v = values[paths.siblings[k] ?? -1];
    if (v === undefined) throw new Error('invariant broken: every sibling was read or folded');
    out.push(v);
  }
  return out;
}
