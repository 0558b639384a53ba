/**
 * The log's signing keys over time and their rotation (docs/ledger.md, "Key
 * rotation"). Private keys live only in files beside the database
 * (data/log-signer.key, and data/log-signer.next.key while a rotation runs);
 * the table log_keys holds the public verifier keys with the tree size and
 * time from which each signed and until which, and for a key that came in
 * by rotation its handover checkpoint.
 */
import { existsSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { RegistryError } from '../../errors.ts';
import { generateSignerKey, parseSignerKey } from '../../ledger/index.ts';
import { msg } from '../../i18n/message.ts';
import type { Store, Tx } from '../../store/store.ts';
import { lockLogHead } from './log-append.ts';
import { createLogSigner, nextSignerKeyPath, readSignerKeyFile, signerKeyName, type LogSigner } from './log-signer.ts';

/** LogKeyStatus is where a key stands: signing alone, signing beside the old key during a rotation, or no longer signing. */
export type LogKeyStatus = 'active' | 'incoming' | 'retired';

/** LogKeyView is one verifier key with its validity, as GET /v1/log/keys shows it. */
export interface LogKeyView {
  key: string;
  status: LogKeyStatus;
  from: { size: number; time: string };
  until: { size: number; time: string } | null;
  /** handover is the checkpoint by which the key before vouched for this one; null for the log's first key. */
  handover: string | null;
}

type Row = {
  verifier_key: string;
  status: LogKeyStatus;
  from_size: number;
  from_time: Date;
  until_size: number | null;
  until_time: Date | null;
  handover: string | null;
};

const view = (r: Row): LogKeyView => ({
  key: r.verifier_key,
  status: r.status,
  from: { size: Number(r.from_size), time: new Date(r.from_time).toISOString() },
  until: r.until_size === null || r.until_time === null ? null : { size: Number(r.until_size), time: new Date(r.until_time).toISOString() },
  handover: r.handover,
});

/** listLogKeys returns every key the log has signed with, oldest first. */
export async function listLogKeys(store: Pick<Tx, 'query'>): Promise<LogKeyView[]> {
  const rows = await store.query<Row>('SELECT * FROM log_keys ORDER BY from_size, from_time');
  return rows.map(view);
}

function keyFileProblem(detail: string): never {
  throw new RegistryError('INVALID_ARGUMENT', msg('problem.logKeys.files', { detail }));
}

/**
 * checkLogKeys makes the key files and log_keys agree when a registry opens:
 * the first time, it records the current key as active from size 0; after
 * that, the key file must hold the active key and the next-key file the
 * incoming one. Anything else stops the server with one sentence saying which.
 */
export async function checkLogKeys(store: Store, signer: LogSigner, now: Date): Promise<void> {
  await store.readWrite(async (tx) => {
    await tx.query(
      `INSERT INTO log_keys (verifier_key, status, from_size, from_time)
       SELECT $1, 'active', 0, $2 WHERE NOT EXISTS (SELECT 1 FROM log_keys)`,
      [signer.verifierKey, now],
    );
  });
  const keys = await listLogKeys(store);
  const active = keys.find((k) => k.status === 'active');
  const incoming = keys.find((k) => k.status === 'incoming');
  if (active?.key !== signer.verifierKey)
    keyFileProblem(`the key file holds ${signer.verifierKey}, but the registry's active key is ${active?.key ?? 'none'}`);
  if (incoming?.key !== signer.nextVerifierKey)
    keyFileProblem(
      incoming
        ? `a rotation to ${incoming.key} is under way, but the next-key file ${signer.nextVerifierKey ? `holds ${signer.nextVerifierKey}` : 'is missing'}`
        : `the next-key file holds ${signer.nextVerifierKey}, but no rotation is under way`,
    );
}

/** loadLogSigner reads the key file and, during a rotation, the next-key file beside it. */
export function loadLogSigner(keyPath: string, origin: string): LogSigner {
  const next = nextSignerKeyPath(keyPath);
  return createLogSigner(origin, readSignerKeyFile(keyPath), existsSync(next) ? readSignerKeyFile(next) : undefined);
}

/** resignHead signs the head again with signer, so the published checkpoint shows the keys' new state at once. */
async function resignHead(tx: Tx, signer: LogSigner): Promise<{ size: number; checkpoint: string }> {
  const size = await lockLogHead(tx);
  const [head] = await tx.query<{ root: Buffer }>('SELECT root FROM log_head WHERE id = 1');
  if (!head) throw new Error('log head missing: the database was not migrated');
  const checkpoint = signer.sign(size, head.root);
  await tx.query('UPDATE log_head SET checkpoint = $1, updated_at = now() WHERE id = 1', [checkpoint]);
  return { size, checkpoint };
}

/** RotationStep is what a rotation step did: the key concerned and the tree size at which it happened. */
export interface RotationStep {
  key: string;
  previous: string;
  size: number;
  checkpoint: string;
}

/**
 * startRotation makes the incoming key (data/log-signer.next.key, mode 0600),
 * records it, and signs the head again with both keys: that checkpoint is the
 * handover by which the old key vouches for the new one. Refused while a
 * rotation is already under way.
 */
export async function startRotation(store: Store, keyPath: string, origin: string, now: Date): Promise<RotationStep> {
  const nextPath = nextSignerKeyPath(keyPath);
  const current = loadLogSigner(keyPath, origin);
  const keys = await listLogKeys(store);
  if (existsSync(nextPath) || keys.some((k) => k.status === 'incoming'))
    throw new RegistryError('DUPLICATE', msg('problem.logKeys.rotating', { key: current.nextVerifierKey ?? nextPath }));
  await checkLogKeys(store, current, now);
  const { signerKey } = generateSignerKey(signerKeyName(origin));
  writeFileSync(nextPath, `${signerKey}\n`, { mode: 0o600, flag: 'wx' });
  try {
    const signer = createLogSigner(origin, readSignerKeyFile(keyPath), signerKey);
    const next = parseSignerKey(signerKey).verifierKey;
    return await store.readWrite(async (tx) => {
      const { size, checkpoint } = await resignHead(tx, signer);
      await tx.query(`INSERT INTO log_keys (verifier_key, status, from_size, from_time, handover) VALUES ($1, 'incoming', $2, $3, $4)`, [
        next,
        size,
        now,
        checkpoint,
      ]);
      return { key: next, previous: current.verifierKey, size, checkpoint };
    });
  } catch (err) {
    unlinkSync(nextPath);
    throw err;
  }
}

/**
 * finishRotation retires the old key: the incoming key becomes active, the
 * head is signed by it alone, and the files move (the old key file to
 * log-signer.retired-<key id>.key, for the operator to archive offline and
 * delete; the next-key file to log-signer.key). Safe to run again if it
 * stopped between the database and the files.
 */
export async function finishRotation(store: Store, keyPath: string, origin: string, now: Date): Promise<RotationStep> {
  const nextPath = nextSignerKeyPath(keyPath);
  if (!existsSync(nextPath)) throw new RegistryError('NOT_FOUND', msg('problem.logKeys.noRotation', { path: nextPath }));
  const oldKey = parseSignerKey(readSignerKeyFile(keyPath));
  const newKey = parseSignerKey(readSignerKeyFile(nextPath));
  const keys = await listLogKeys(store);
  const incoming = keys.find((k) => k.status === 'incoming');
  const active = keys.find((k) => k.status === 'active');
  let step: RotationStep;
  if (incoming === undefined && active?.key === newKey.verifierKey) {
    // The database step finished before; only the files are left.
    const [head] = await store.query<{ size: number; checkpoint: string }>('SELECT size, checkpoint FROM log_head WHERE id = 1');
    step = { key: newKey.verifierKey, previous: oldKey.verifierKey, size: Number(head?.size ?? 0), checkpoint: head?.checkpoint ?? '' };
  } else {
    if (incoming?.key !== newKey.verifierKey || active?.key !== oldKey.verifierKey)
      keyFileProblem(
        `the key files hold ${oldKey.verifierKey} and ${newKey.verifierKey}, which are not the registry's active and incoming keys`,
      );
    const signer = createLogSigner(origin, readSignerKeyFile(nextPath));
    step = await store.readWrite(async (tx) => {
      const { size, checkpoint } = await resignHead(tx, signer);
      await tx.query(`UPDATE log_keys SET status = 'retired', until_size = $2, until_time = $3 WHERE verifier_key = $1`, [
        oldKey.verifierKey,
        size,
        now,
      ]);
      await tx.query(`UPDATE log_keys SET status = 'active' WHERE verifier_key = $1`, [newKey.verifierKey]);
      return { key: newKey.verifierKey, previous: oldKey.verifierKey, size, checkpoint };
    });
  }
  const retired = keyPath.replace(/\.key$/, '') + `.retired-${oldKey.keyId.toString(16).padStart(8, '0')}.key`;
  renameSync(keyPath, retired);
  renameSync(nextPath, keyPath);
  return step;
}
