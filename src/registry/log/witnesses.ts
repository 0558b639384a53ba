/**
 * Witnesses of the log (docs/ledger.md, "Witnesses"): independent parties the
 * regulator registers by name and cosignature/v1 key. They fetch checkpoints,
 * check them against the last one they cosigned and send back C2SP
 * tlog-cosignature lines; the registry keeps those of registered witnesses on
 * checkpoints it signed itself and publishes each checkpoint with them.
 */
import { requireRole, type Caller } from '../../access/principal.ts';
import { RegistryError, isRegistryError } from '../../errors.ts';
import { hashEqual, parseVerifierKey, runSync, treeHash, type Verifier } from '../../ledger/index.ts';
import { checkOrigin, parseTreeHead } from '../../ledger/check/checkpoint-check.ts';
import { checkNote, parseNote, SIG_PREFIX } from '../../ledger/check/note-check.ts';
import { nodeCrypto } from '../../ledger/check/node-crypto.ts';
import { parseCosignerKey, verifyCosignatures } from '../../ledger/cosignature.ts';
import { msg } from '../../i18n/message.ts';
import type { RegistryContext } from '../context.ts';
import { proofReader, readHead } from './log-read.ts';
import { proveTree } from '../../ledger/index.ts';

/** WitnessView is a registered witness as GET /v1/log/witnesses shows it. */
export interface WitnessView {
  name: string;
  key: string;
  registeredAt: string;
}

/** MAX_FUTURE_SECONDS is how far ahead of the registry's clock a cosignature's time may be. */
const MAX_FUTURE_SECONDS = 300;

/** registerWitness records a witness (regulator only): its name is its key's name. */
export async function registerWitness(ctx: RegistryContext, caller: Caller, body: { key: string }): Promise<WitnessView> {
  const regulator = requireRole(caller, 'regulator');
  const key = parseCosignerKey(body.key);
  if (key.name === ctx.signer.origin) throw new RegistryError('INVALID_ARGUMENT', msg('problem.witness.logName', { name: key.name }));
  const now = ctx.now();
  const rows = await ctx.store.query<{ name: string }>(
    `INSERT INTO log_witnesses (name, verifier_key, registered_at, registered_by) VALUES ($1, $2, $3, $4)
     ON CONFLICT DO NOTHING RETURNING name`,
    [key.name, body.key, now, regulator.participantId],
  );
  if (rows.length === 0) throw new RegistryError('DUPLICATE', msg('problem.witness.duplicate', { name: key.name }));
  return { name: key.name, key: body.key, registeredAt: now.toISOString() };
}

/** listWitnesses returns the registered witnesses, by name. */
export async function listWitnesses(ctx: RegistryContext): Promise<WitnessView[]> {
  const rows = await ctx.store.query<{ name: string; verifier_key: string; registered_at: Date }>(
    'SELECT name, verifier_key, registered_at FROM log_witnesses ORDER BY name',
  );
  return rows.map((r) => ({ name: r.name, key: r.verifier_key, registeredAt: new Date(r.registered_at).toISOString() }));
}

/** logVerifiers are the keys the log signs with now: the active one and, during a rotation, the incoming one. */
export function logVerifiers(ctx: RegistryContext): Verifier[] {
  return [ctx.signer.verifierKey, ...(ctx.signer.nextVerifierKey ? [ctx.signer.nextVerifierKey] : [])].map(parseVerifierKey);
}

function foreign(size: number, why: string): never {
  throw new RegistryError('FOREIGN_CHECKPOINT', msg('problem.witness.foreign', { size, why }), { size });
}

/** logPart keeps the note's text and the lines signed by the log's own keys. */
function logPart(note: string, origin: string): string {
  const { text } = parseNote(note);
  const lines = note
    .slice(text.length + 1)
    .split('\n')
    .filter((l) => l.startsWith(`${SIG_PREFIX}${origin} `));
  return `${text}\n${lines.map((l) => `${l}\n`).join('')}`;
}

/**
 * acceptCosignature takes a checkpoint note carrying cosignature lines. The
 * log's own signature must verify, the checkpoint must be of this log's tree
 * (its root equal to the tree of that size), and at least one registered
 * witness's cosignature must verify; each such one is stored (a witness's
 * newer cosignature of the same checkpoint replaces its older one).
 */
export async function acceptCosignature(ctx: RegistryContext, note: string): Promise<{ size: number; witnesses: string[] }> {
  let head: ReturnType<typeof parseTreeHead>;
  try {
    const { text } = runSync(checkNote(note, logVerifiers(ctx)), nodeCrypto);
    head = parseTreeHead(text);
    checkOrigin(head, { name: ctx.signer.origin });
  } catch (e) {
    if (isRegistryError(e) && e.code === 'LOG_VERIFICATION_FAILED')
      throw new RegistryError('FOREIGN_CHECKPOINT', msg('problem.witness.notSigned', { why: e.message }));
    throw e;
  }
  const registered = await ctx.store.query<{ name: string; verifier_key: string }>('SELECT name, verifier_key FROM log_witnesses');
  const cosignatures = verifyCosignatures(
    note,
    registered.map((w) => parseCosignerKey(w.verifier_key)),
  );
  if (cosignatures.length === 0) throw new RegistryError('UNKNOWN_WITNESS', msg('problem.witness.unknown'));
  const now = ctx.now();
  const late = cosignatures.find((c) => c.time > now.getTime() / 1000 + MAX_FUTURE_SECONDS);
  if (late) throw new RegistryError('INVALID_ARGUMENT', msg('problem.witness.future', { name: late.name, time: late.time }));
  const current = await readHead(ctx);
  if (head.size > current.size) foreign(head.size, `the log has ${current.size} entries`);
  const root = await treeHash(head.size, proofReader(ctx.store));
  if (!hashEqual(root, head.root)) foreign(head.size, 'its root is not the root of this log at that size');
  const lines = new Map(
    note
      .slice(parseNote(note).text.length + 1)
      .split('\n')
      .map((l) => [l.slice(SIG_PREFIX.length).split(' ')[0], `${l}\n`] as const),
  );
  const checkpoint = logPart(note, ctx.signer.origin);
  await ctx.store.readWrite(async (tx) => {
    for (const c of cosignatures)
      await tx.query(
        `INSERT INTO log_cosignatures (witness, size, checkpoint, signed_at, line, received_at) VALUES ($1, $2, $3, to_timestamp($4), $5, $6)
         ON CONFLICT (witness, size) DO UPDATE
           SET checkpoint = EXCLUDED.checkpoint, signed_at = EXCLUDED.signed_at, line = EXCLUDED.line, received_at = EXCLUDED.received_at
         WHERE log_cosignatures.signed_at < EXCLUDED.signed_at`,
        [c.name, head.size, checkpoint, c.time, lines.get(c.name), now],
      );
  });
  return { size: head.size, witnesses: cosignatures.map((c) => c.name) };
}

/**
 * witnessedCheckpoint returns the latest checkpoint at least quorum witnesses
 * cosigned, as a note with the log's signatures and every stored cosignature,
 * or undefined when there is none.
 */
export async function witnessedCheckpoint(
  ctx: RegistryContext,
  quorum = 1,
  atMost = Number.MAX_SAFE_INTEGER,
): Promise<{ size: number; checkpoint: string; witnesses: string[] } | undefined> {
  const [row] = await ctx.store.query<{ size: number; checkpoint: string; lines: string[]; names: string[] }>(
    `SELECT size, checkpoint, array_agg(line ORDER BY witness) AS lines, array_agg(witness ORDER BY witness) AS names
     FROM log_cosignatures WHERE size <= $2
     GROUP BY size, checkpoint HAVING count(*) >= $1
     ORDER BY size DESC LIMIT 1`,
    [quorum, atMost],
  );
  if (!row) return undefined;
  return { size: Number(row.size), checkpoint: row.checkpoint + row.lines.join(''), witnesses: row.names };
}

/** witnessedPart is what a bundle of a tree of size carries: the most-witnessed recent checkpoint up to size and the consistency proof to it. */
export async function witnessedPart(ctx: RegistryContext, size: number): Promise<{ checkpoint: string; proof: string[] } | undefined> {
  const [best] = await ctx.store.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM log_cosignatures WHERE size <= $1 GROUP BY size, checkpoint ORDER BY n DESC LIMIT 1`,
    [size],
  );
  if (!best) return undefined;
  const w = await witnessedCheckpoint(ctx, best.n, size);
  if (!w) return undefined;
  const proof = w.size === size || w.size === 0 ? [] : await proveTree(size, w.size, proofReader(ctx.store));
  return { checkpoint: w.checkpoint, proof: proof.map((h) => h.toString('base64')) };
}
