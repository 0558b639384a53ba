import { decodeLeaf, hashEqual, MemoryHashStore, verifyConsistency } from '../ledger/index.ts';
import { isRegistryError } from '../errors.ts';
import { followKeys } from './follow-keys.ts';

/** AuditState is what an auditor remembers between runs: the last checkpoint it accepted. */
export interface AuditState {
  origin: string;
  size: number;
  root: string;
  checkpoint: string;
  auditedAt: string;
  /** keys are the log verifier keys trusted after this run (key rotation, docs/ledger.md); absent in older state files. */
  keys?: string[];
}

/** AuditFinding is one thing wrong with the log, located as precisely as the auditor can. */
export interface AuditFinding {
  kind:
    | 'signature'
    | 'handover'
    | 'missing-entry'
    | 'malformed-entry'
    | 'sequence'
    | 'root-mismatch'
    | 'shrunk'
    | 'fork'
    | 'consistency-proof';
  index?: number;
  message: string;
}

/** AuditResult is the outcome of one audit run. */
export interface AuditResult {
  ok: boolean;
  size: number;
  root: string;
  previous?: { size: number; root: string };
  findings: AuditFinding[];
  state?: AuditState;
  /** rotated lists the keys this run came to trust by a handover checkpoint, and that checkpoint's size. */
  rotated: { key: string; size: number }[];
}

/** AuditOptions configure one audit run. */
export interface AuditOptions {
  url: string;
  verifierKey: string;
  previous?: AuditState;
  pageSize?: number;
  onProgress?: (done: number, total: number) => void;
  fetchImpl?: typeof fetch;
}

async function getJson(f: typeof fetch, url: string): Promise<any> {
  const res = await f(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status} ${await res.text()}`);
  return res.json();
}

/**
 * audit recomputes the whole tree from the log's entries, checks the signed
 * checkpoint, that every leaf (version 1 or 2) is canonical and that each
 * unit's events run 1, 2, 3, … in log order without a gap or a repeat — from
 * public data alone: a version 2 leaf's commitment is never opened here.
 * Against a previous run's state it proves the log only grew
 * (a rewritten or forked log is caught). On a root mismatch it bisects with
 * the server's consistency proofs to name the first leaf that differs.
 */
export async function audit(opts: AuditOptions): Promise<AuditResult> {
  const f = opts.fetchImpl ?? fetch;
  const base = opts.url.replace(/\/+$/, '');
  const findings: AuditFinding[] = [];
  const note = await (await f(`${base}/v1/log/checkpoint`)).text();
  const prev = opts.previous;
  // The keys trusted: the one given, and those an earlier run came to trust from it; rotations are followed by
  // handover checkpoints. The given key is always the anchor: a state that never trusted it belongs to another
  // trust root, and its keys are not taken (a key of another log never verifies by the state's grace).
  const earlier = prev?.keys?.includes(opts.verifierKey) ? prev.keys : [];
  let followed: Awaited<ReturnType<typeof followKeys>>;
  try {
    followed = await followKeys(note, [...new Set([opts.verifierKey, ...earlier])], () => getJson(f, `${base}/v1/log/keys`));
  } catch (e) {
    if (!isRegistryError(e)) throw e;
    return {
      ok: false,
      size: 0,
      root: '',
      rotated: [],
      findings: [{ kind: 'signature', message: `checkpoint does not verify: ${e.message}` }],
    };
  }
  const cp = followed.checkpoint;
  const rotated = followed.handovers.map((h) => ({ key: h.nextText, size: h.head.size }));
  if (prev && cp.size < prev.size) {
    findings.push({ kind: 'shrunk', message: `the log shrank from ${prev.size} to ${cp.size} entries` });
  }

  const tree = new MemoryHashStore();
  // The last seq seen per unit; one number per unit, the auditor's only memory beyond the tree's.
  const lastSeq = new Map<string, number>();
  const page = opts.pageSize ?? 1000;
  let missingReported = false;
  while (tree.size < cp.size) {
    const start = tree.size;
    const { entries } = await getJson(f, `${base}/v1/log/entries?start=${start}&limit=${Math.min(page, cp.size - start)}`);
    if (!Array.isArray(entries) || entries.length === 0 || entries[0].index !== start) {
      findings.push({ kind: 'missing-entry', index: start, message: `entry ${start} is missing from the log` });
      missingReported = true;
      break;
    }
    for (const e of entries as { index: number; leaf: string }[]) {
      if (e.index !== tree.size) {
        findings.push({ kind: 'missing-entry', index: tree.size, message: `entry ${tree.size} is missing from the log` });
        missingReported = true;
        break;
      }
      const bytes = Buffer.from(e.leaf, 'base64');
      try {
        const { robot, seq } = decodeLeaf(bytes);
        const want = (lastSeq.get(robot) ?? 0) + 1;
        if (seq !== want)
          findings.push({
            kind: 'sequence',
            index: e.index,
            message: `entry ${e.index} is event ${seq} of ${robot} where event ${want} was due`,
          });
        lastSeq.set(robot, Math.max(seq, lastSeq.get(robot) ?? 0));
      } catch (err) {
        findings.push({
          kind: 'malformed-entry',
          index: e.index,
          message: `entry ${e.index} is not a canonical leaf: ${(err as Error).message}`,
        });
      }
      await tree.append(bytes);
    }
    if (missingReported) break;
    opts.onProgress?.(tree.size, cp.size);
  }

  if (!missingReported) {
    const root = await tree.root(cp.size);
    if (!hashEqual(root, cp.root)) {
      const first = await firstDifferingLeaf(f, base, tree, cp.size, cp.root);
      findings.push({
        kind: 'root-mismatch',
        index: first,
        message:
          `the entries do not hash to the signed root of size ${cp.size}` +
          (first !== undefined ? `; entry ${first} is the first that differs from the signed tree` : ''),
      });
    }
    // Each handover taken must be part of this log: its root is the root of the entries up to its size.
    for (const h of followed.handovers) {
      if (h.head.size > cp.size || !hashEqual(await tree.root(h.head.size), Buffer.from(h.head.root)))
        findings.push({
          kind: 'handover',
          message: `the checkpoint of size ${h.head.size} that hands over to ${h.nextText} is not of this log's history`,
        });
    }
    if (prev && prev.size <= cp.size && prev.size > 0) {
      const old = await tree.root(prev.size);
      if (!hashEqual(old, Buffer.from(prev.root, 'base64'))) {
        findings.push({
          kind: 'fork',
          message: `the first ${prev.size} entries no longer hash to the root this auditor accepted before: the log was rewritten`,
        });
      }
      if (prev.size < cp.size) {
        const { proof } = await getJson(f, `${base}/v1/log/proof/consistency?from=${prev.size}&to=${cp.size}`);
        try {
          verifyConsistency(
            prev.size,
            cp.size,
            proof.map((p: string) => Buffer.from(p, 'base64')),
            Buffer.from(prev.root, 'base64'),
            cp.root,
          );
        } catch (e) {
          findings.push({
            kind: 'consistency-proof',
            message: `the log's consistency proof from ${prev.size} to ${cp.size} fails: ${(e as Error).message}`,
          });
        }
      }
    }
  }

  const root = cp.root.toString('base64');
  const ok = findings.length === 0;
  return {
    ok,
    size: cp.size,
    root,
    previous: prev ? { size: prev.size, root: prev.root } : undefined,
    findings,
    rotated,
    state: ok
      ? { origin: cp.origin, size: cp.size, root, checkpoint: note, auditedAt: new Date().toISOString(), keys: followed.trusted }
      : undefined,
  };
}

/**
 * firstDifferingLeaf bisects on m: the server's consistency proof from m to
 * size verifies against our root of the first m entries exactly when those
 * entries match the signed tree. The smallest failing m names leaf m-1.
 */
async function firstDifferingLeaf(
  f: typeof fetch,
  base: string,
  tree: MemoryHashStore,
  size: number,
  signedRoot: Buffer,
): Promise<number | undefined> {
  const matches = async (m: number): Promise<boolean> => {
    if (m === size) return hashEqual(await tree.root(size), signedRoot);
    const res = await f(`${base}/v1/log/proof/consistency?from=${m}&to=${size}`);
    if (!res.ok) return false;
    const { proof } = (await res.json()) as { proof: string[] };
    try {
      verifyConsistency(
        m,
        size,
        proof.map((p) => Buffer.from(p, 'base64')),
        await tree.root(m),
        signedRoot,
      );
      return true;
    } catch {
      return false;
    }
  };
  if (await matches(1)) {
    let lo = 1; // matches
    let hi = size; // does not match
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (await matches(mid)) lo = mid;
      else hi = mid;
    }
    return hi - 1;
  }
  return 0;
}
