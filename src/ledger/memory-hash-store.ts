/**
 * An array-backed HashReader: the reference store for tests, and what an
 * auditor uses to rebuild a tree from downloaded entries.
 */
import { RegistryError } from '../errors.ts';
import { msg } from '../i18n/message.ts';
import type { Hash } from './hash.ts';
import { type HashReader, storedHashIndex, storedHashesForRecord, treeHash } from './stored-hashes.ts';

/** MemoryHashStore keeps every stored hash of a log in memory, indexed by storedHashIndex. */
export class MemoryHashStore implements HashReader {
  readonly #hashes: Hash[] = [];
  #size = 0;

  /** size is the number of records appended so far. */
  get size(): number {
    return this.#size;
  }

  /** readHashes returns the stored hashes at the given indexes. */
  async readHashes(indexes: number[]): Promise<Hash[]> {
    return indexes.map((i) => {
      const h = this.#hashes[i];
      if (h === undefined) throw new RegistryError('LOG_PROOF_RANGE', msg('problem.ledger.noHashAt', { i }));
      return h;
    });
  }

  /** append adds record data as the next leaf and returns its index. */
  async append(data: Uint8Array): Promise<number> {
    const n = this.#size;
    const hashes = await storedHashesForRecord(n, data, this);
    // The new hashes occupy storedHashIndex(0, n) onwards, which is the end of the array.
    if (storedHashIndex(0, n) !== this.#hashes.length) throw new RegistryError('INTERNAL', msg('problem.ledger.outOfStep'));
    this.#hashes.push(...hashes);
    this.#size = n + 1;
    return n;
  }

  /** root returns the tree hash of the first n records (all of them by default). */
  root(n: number = this.#size): Promise<Hash> {
    if (n > this.#size) throw new RegistryError('LOG_PROOF_RANGE', msg('problem.ledger.treeExceedsLog', { n, size: this.#size }));
    return treeHash(n, this);
  }
}
