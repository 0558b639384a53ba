/**
 * The one implementation of proof verification, for the server and the
 * browser alike (crypto-port.ts): RFC 6962 §2.1 hashing and the checks of
 * RFC 9162 §2.1.3.2 (inclusion) and §2.1.4.2 (consistency), with the policy
 * of transparency-dev/merkle for the corner cases: hashes must be 32 bytes
 * and a consistency proof from size 0 is refused. Proofs and roots come from
 * outside and are treated as hostile; a proof that fails throws
 * LOG_VERIFICATION_FAILED.
 */
import { RegistryError } from '../../errors.ts';
import { msg } from '../../i18n/message.ts';
import { bytesEqual } from './bytes.ts';
import { type Verification, sha256 } from './crypto-port.ts';

/** HASH_SIZE is the length in bytes of every Merkle hash (SHA-256). */
export const HASH_SIZE = 32;

const LEAF_PREFIX = new Uint8Array([0x00]);
const NODE_PREFIX = new Uint8Array([0x01]);

/** hashLeaf is SHA-256(0x00 || data), the hash of a log record (RFC 6962 §2.1). */
export function hashLeaf(data: Uint8Array): Verification<Uint8Array> {
  return sha256(LEAF_PREFIX, data);
}

/** hashNode is SHA-256(0x01 || left || right), the hash of an interior node (RFC 6962 §2.1). */
export function hashNode(left: Uint8Array, right: Uint8Array): Verification<Uint8Array> {
  return sha256(NODE_PREFIX, left, right);
}

function fail(reason: string): never {
  throw new RegistryError('LOG_VERIFICATION_FAILED', msg('problem.ledger.proof', { detail: reason }));
}

function checkSize(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) fail(`${name} must be a non-negative integer`);
}

function checkHashes(name: string, hashes: readonly Uint8Array[]): void {
  if (hashes.some((h) => h.length !== HASH_SIZE)) fail(`${name} must hold ${HASH_SIZE}-byte hashes`);
}

const odd = (x: number): boolean => x % 2 === 1;
const half = (x: number): number => Math.floor(x / 2);

function isPowerOfTwo(x: number): boolean {
  while (x > 1 && x % 2 === 0) x /= 2;
  return x === 1;
}

/** inclusionRoot runs an inclusion proof (RFC 9162 §2.1.3.2 steps 1–4) and returns the root it implies. */
export function* inclusionRoot(
  leafIndex: number,
  treeSize: number,
  leafHash: Uint8Array,
  proof: readonly Uint8Array[],
): Verification<Uint8Array> {
  checkSize('leafIndex', leafIndex);
  checkSize('treeSize', treeSize);
  checkHashes('leaf hash', [leafHash]);
  checkHashes('proof', proof);
  if (leafIndex >= treeSize) fail(`leaf index ${leafIndex} is not in a tree of size ${treeSize}`);
  let fn = leafIndex;
  let sn = treeSize - 1;
  let r: Uint8Array = new Uint8Array(leafHash);
  for (const p of proof) {
    if (sn === 0) fail('inclusion proof is too long');
    if (odd(fn) || fn === sn) {
      r = yield* hashNode(p, r);
      if (!odd(fn)) while (!odd(fn) && fn !== 0) [fn, sn] = [half(fn), half(sn)];
    } else {
      r = yield* hashNode(r, p);
    }
    [fn, sn] = [half(fn), half(sn)];
  }
  // §2.1.3.2 step 5: a proof that stops early leaves sn above 0.
  if (sn !== 0) fail('inclusion proof is too short');
  return r;
}

/** checkInclusion checks that leafHash sits at leafIndex in the tree of treeSize with the given root (RFC 9162 §2.1.3.2). */
export function* checkInclusion(
  leafIndex: number,
  treeSize: number,
  leafHash: Uint8Array,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): Verification<void> {
  checkHashes('root', [root]);
  const computed = yield* inclusionRoot(leafIndex, treeSize, leafHash, proof);
  if (!bytesEqual(computed, root)) fail('inclusion proof does not lead to the root');
}

/** checkConsistency checks that the tree (size2, root2) extends the tree (size1, root1) (RFC 9162 §2.1.4.2). */
export function* checkConsistency(
  size1: number,
  size2: number,
  proof: readonly Uint8Array[],
  root1: Uint8Array,
  root2: Uint8Array,
): Verification<void> {
  checkSize('size1', size1);
  checkSize('size2', size2);
  if (size1 > size2) fail(`size1 ${size1} is larger than size2 ${size2}`);
  // Every tree extends the empty one, so such a proof proves nothing; refuse it.
  if (size1 === 0) fail('a consistency proof from size 0 is meaningless');
  if (size1 === size2) {
    // Same size: the trees are the same iff the roots are; the proof is empty (§2.1.4.1). The roots
    // are compared as given, whatever their length, as the transparency-dev vector
    // consistency/additional/sizes-are-equal-one-and-proof-is-empty.json requires.
    if (proof.length !== 0) fail('proof must be empty when the sizes are equal');
    if (!bytesEqual(root1, root2)) fail('roots differ for equal sizes');
    return;
  }
  checkHashes('roots', [root1, root2]);
  checkHashes('proof', proof);
  // §2.1.4.2 step 1.
  const [first, ...rest] = proof;
  if (first === undefined) fail('consistency proof is empty');
  // Step 2: when size1 is a power of two the old root is the first node of the path.
  const [start, path] = isPowerOfTwo(size1) ? [root1, proof] : [first, rest];
  // Steps 3–4.
  let fn = size1 - 1;
  let sn = size2 - 1;
  while (odd(fn)) [fn, sn] = [half(fn), half(sn)];
  // Step 5.
  let fr: Uint8Array = new Uint8Array(start);
  let sr: Uint8Array = new Uint8Array(start);
  // Step 6.
  for (const c of path) {
    if (sn === 0) fail('consistency proof is too long');
    if (odd(fn) || fn === sn) {
      fr = yield* hashNode(c, fr);
      sr = yield* hashNode(c, sr);
      if (!odd(fn)) while (!odd(fn) && fn !== 0) [fn, sn] = [half(fn), half(sn)];
    } else {
      sr = yield* hashNode(sr, c);
    }
    [fn, sn] = [half(fn), half(sn)];
  }
  // Step 7.
  if (sn !== 0) fail('consistency proof is too short');
  if (!bytesEqual(fr, root1)) fail('consistency proof does not lead to root1');
  if (!bytesEqual(sr, root2)) fail('consistency proof does not lead to root2');
}
