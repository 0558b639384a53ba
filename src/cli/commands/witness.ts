import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { WitnessState } from '../../audit/witness.ts';
import { msg } from '../../i18n/message.ts';
import { clientFrom } from '../api-client.ts';
import { usageError } from '../cli-error.ts';
import { defineCommand, defineGroup } from '../command.ts';
import { COMMON_FLAGS, URL_FLAG } from '../flags.ts';
import { t } from '../lang.ts';
import { note, printJson, printLine } from '../output.ts';
import { writeAtomically } from './bundle.ts';
import { loadVerifierKey } from './verifier-key.ts';

const DEFAULT_STATE = './hreg-witness-state.json';
const DEFAULT_EVIDENCE = './hreg-witness-evidence.json';

function readText(flag: string, file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw usageError(t('cli.usage.cannotRead', { flag, file, error: (err as NodeJS.ErrnoException).code ?? (err as Error).message }));
  }
}

/** loadState reads the witness's state file, if it exists. */
function loadState(path: string): WitnessState | undefined {
  if (!existsSync(path)) return undefined;
  let s: Record<string, unknown>;
  try {
    s = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  } catch (err) {
    throw usageError(t('cli.witness.badState', { path, error: (err as Error).message }));
  }
  const ok =
    typeof s === 'object' &&
    s !== null &&
    typeof s.origin === 'string' &&
    Number.isSafeInteger(s.size) &&
    typeof s.root === 'string' &&
    typeof s.checkpoint === 'string' &&
    Array.isArray(s.keys) &&
    s.keys.every((k) => typeof k === 'string');
  if (!ok) throw usageError(t('cli.witness.badState', { path, error: '(origin, size, root, checkpoint, keys)' }));
  return s as unknown as WitnessState;
}

const init = defineCommand({
  name: 'hreg witness init',
  summary: 'cli.witness.init.summary',
  flags: {
    name: { type: 'string', value: 'NAME', required: true, description: 'cli.witness.flag.name' },
    'key-file': { type: 'string', value: 'FILE', required: true, description: 'cli.witness.flag.keyFile' },
    ...COMMON_FLAGS,
  },
  details: 'cli.witness.init.details',
  examples: ['hreg witness init --name witness.gov-zj.example.cn --key-file /etc/hreg-witness/witness.key'],
  async action({ flags, json }) {
    const { generateCosignerKey } = await import('../../ledger/cosignature.ts');
    const file = flags.required('key-file');
    if (existsSync(file)) throw usageError(t('cli.witness.exists', { file }));
    let keys: ReturnType<typeof generateCosignerKey>;
    try {
      keys = generateCosignerKey(flags.required('name'));
    } catch (err) {
      throw usageError(`--name: ${(err as Error).message}`);
    }
    writeFileSync(file, `${keys.signerKey}\n`, { mode: 0o600, flag: 'wx' });
    if (json) return printJson({ keyFile: file, verifierKey: keys.verifierKey });
    note(t('cli.witness.created', { file }));
    printLine(keys.verifierKey);
  },
});

const cosign = defineCommand({
  name: 'hreg witness cosign',
  summary: 'cli.witness.cosign.summary',
  flags: {
    url: URL_FLAG,
    'key-file': { type: 'string', value: 'FILE', required: true, description: 'cli.witness.flag.keyFile' },
    'log-key': { type: 'string', value: 'VKEY', description: 'cli.witness.flag.logKey' },
    state: { type: 'string', value: 'FILE', description: msg('cli.witness.flag.state', { path: DEFAULT_STATE }) },
    checkpoint: { type: 'string', value: 'FILE', description: 'cli.witness.flag.checkpoint' },
    evidence: { type: 'string', value: 'FILE', description: msg('cli.witness.flag.evidence', { path: DEFAULT_EVIDENCE }) },
    'no-send': { type: 'boolean', description: 'cli.witness.flag.noSend' },
    ...COMMON_FLAGS,
  },
  details: 'cli.witness.cosign.details',
  examples: [
    'hreg witness cosign --url https://registry.example.cn --key-file witness.key --log-key registry.vkey --state witness-state.json',
  ],
  async action({ flags, json }) {
    const { parseCosignerSigner } = await import('../../ledger/cosignature.ts');
    const { witnessRound } = await import('../../audit/witness.ts');
    let signer: ReturnType<typeof parseCosignerSigner>;
    try {
      signer = parseCosignerSigner(readText('--key-file', flags.required('key-file')).trim());
    } catch (err) {
      if ((err as { exitCode?: number }).exitCode !== undefined) throw err;
      throw usageError(`--key-file: ${(err as Error).message}`);
    }
    const statePath = flags.string('state') ?? DEFAULT_STATE;
    const state = loadState(statePath);
    const logKey = flags.string('log-key');
    if (!state && logKey === undefined) throw usageError(t('cli.witness.needLogKey', { path: statePath }));
    const logKeys = logKey === undefined ? [] : [loadVerifierKey(logKey).text];
    const client = clientFrom(flags, { anonymous: true });
    const given = flags.string('checkpoint');
    const offered = given === undefined ? await client.text('/v1/log/checkpoint') : readText('--checkpoint', given);
    const outcome = await witnessRound({
      note: offered,
      state,
      logKeys,
      signer,
      now: Math.floor(Date.now() / 1000),
      consistencyProof: async (from, to) => (await client.get<{ proof: string[] }>('/v1/log/proof/consistency', { from, to })).proof,
      keyList: () => client.get('/v1/log/keys'),
    });
    if (!outcome.ok) {
      const r = outcome.refusal;
      const key =
        r.kind === 'split-view' ? 'cli.witness.splitView' : (`cli.witness.${r.kind === 'signature' ? 'badSignature' : r.kind}` as const);
      const reason = t(key as 'cli.witness.splitView', r.values as never);
      const evidencePath = flags.string('evidence') ?? DEFAULT_EVIDENCE;
      if (r.evidence)
        writeAtomically(
          evidencePath,
          `${JSON.stringify({ kind: r.kind, reason, at: new Date().toISOString(), previous: r.evidence.previous, offered: r.evidence.offered }, null, 2)}\n`,
        );
      if (json) printJson({ ok: false, kind: r.kind, reason, evidence: r.evidence ? evidencePath : null });
      process.stderr.write(`${t('cli.output.error', { code: 'WITNESS_REFUSED', detail: t('cli.witness.refused', { reason }) })}\n`);
      if (r.evidence && !json) note(t('cli.witness.evidence', { file: evidencePath }));
      return 1;
    }
    // The witness has now seen this checkpoint: remember it before telling anyone.
    writeAtomically(statePath, `${JSON.stringify(outcome.state, null, 2)}\n`);
    const send = !flags.bool('no-send');
    if (send) await client.post('/v1/log/cosignatures', { checkpoint: outcome.cosigned });
    if (json)
      return printJson({
        ok: true,
        size: outcome.size,
        previous: outcome.previousSize,
        sent: send,
        cosigned: outcome.cosigned,
        rotated: outcome.rotated,
      });
    for (const key of outcome.rotated) note(t('cli.audit.rotated', { key, size: outcome.size }));
    printLine(
      t('cli.witness.cosigned', {
        size: outcome.size,
        previous: outcome.previousSize === null ? t('cli.witness.first') : t('cli.witness.consistentWith', { size: outcome.previousSize }),
      }),
    );
    if (send) printLine(t('cli.witness.sent'));
  },
});

/** witness is the command an independent witness runs: make its key, then cosign the log's checkpoints. */
export const witness = defineGroup(
  'hreg witness',
  'cli.witness.summary',
  { init, cosign },
  'hreg witness cosign --key-file witness.key --state witness-state.json',
);
