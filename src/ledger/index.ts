/**
 * The tamper-evident ledger: RFC 6962/9162 Merkle hashing, stored-hash proofs,
 * proof verification, C2SP signed notes and checkpoints, the canonical leaf
 * encoding and offline passport-bundle verification. Pure: it imports only
 * node:crypto, canonicalize and the error module.
 */
export { EMPTY_ROOT, HASH_SIZE, type Hash, hashEqual, leafHash, nodeHash } from './hash.ts';
export {
  type HashReader,
  type StoredNodes,
  splitStoredHashIndex,
  storedHashCount,
  storedHashIndex,
  storedHashesForLeafHash,
  storedHashesForRecord,
  treeHash,
} from './stored-hashes.ts';
export { proveRecord, proveRecords, proveTree, recordProofIndexes } from './prove.ts';
export { DEFAULT_MIN_LEVEL, type HashCacheStats, UpperHashCache, cachedHashReader, warmUpperLevels } from './hash-cache.ts';
export { MemoryHashStore } from './memory-hash-store.ts';
export { rootFromInclusion, verifyConsistency, verifyInclusion } from './verify.ts';
export { type CryptoRequest, type LedgerCrypto, type SyncLedgerCrypto, type Verification, runAsync, runSync } from './check/crypto-port.ts';
export {
  ALG_ED25519,
  type Signer,
  type Verifier,
  formatVerifierKey,
  generateSignerKey,
  isValidKeyName,
  keyId,
  parseSignerKey,
  parseVerifierKey,
} from './note-keys.ts';
export { MAX_NOTE_BYTES, MAX_SIGNATURES, type NoteSignature, type OpenedNote, openNote, parseNote, signNote } from './note.ts';
export { type Checkpoint, formatCheckpoint, openCheckpoint, parseCheckpoint, signCheckpoint } from './checkpoint.ts';
export {
  type Leaf,
  type LeafEntry,
  type LeafV2,
  MAX_LEAF_BYTES,
  MIN_SALT_BYTES,
  canonicalJson,
  commitPrivate,
  decodeLeaf,
  encodeLeaf,
} from './leaf.ts';
export {
  COMMITMENT_SALT_BYTES,
  type LedgerEvent,
  type LeafOpening,
  type PublicEvent,
  commitEvent,
  openLeaf,
  publicEvent,
  sealEvent,
} from './leaf-opening.ts';
export {
  MAX_BUNDLE_ENTRIES,
  type BundleEntry,
  type PassportBundle,
  type VerifiedBundle,
  type VerifiedEvent,
  verifyBundle,
} from './bundle.ts';
export { type AuditPaths, auditPaths, pathOf, siblingsOf } from './audit-paths.ts';
