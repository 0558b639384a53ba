import { must } from '../../must.ts';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { verifyBundle, type PassportBundle, type VerifiedEvent as LedgerVerifiedEvent } from '../../ledger/index.ts';
import { clientFrom, seg } from '../api-client.ts';
import { defineCommand } from '../command.ts';
import { usageError } from '../cli-error.ts';
import { CLIENT_FLAGS, COMMON_FLAGS } from '../flags.ts';
import { printFields, printJson, printLine, printTable } from '../output.ts';
import { KEY_DESCRIPTION, loadVerifierKey } from './verifier-key.ts';
import { t, word } from '../lang.ts';

/** checkpointSize reads the tree size from a checkpoint note's second line, for a summary. */
function checkpointSize(note: string): number | null {
  const size = Number(note.split('\n')[1]);
  return Number.isSafeInteger(size) ? size : null;
}

/** writeAtomically writes a file whole or not at all. */
export function writeAtomically(path: string, text: string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

/** bundle downloads a robot's passport bundle for offline verification. */
export const bundle = defineCommand({
  name: 'hreg bundle',
  summary: 'cli.bundle.summary',
  args: 'CODE',
  positionals: ['CODE'],
  flags: {
    out: { type: 'string', value: 'FILE', description: 'cli.bundle.flag.out' },
    ...CLIENT_FLAGS,
  },
  details: 'cli.bundle.details',
  examples: ['hreg bundle CN-0A1B-00002X-261120000000001K7 --out passport.json'],
  async action({ flags, arg, json }) {
    const b = await clientFrom(flags).get<PassportBundle>(`/v1/robots/${seg(arg(0))}/bundle`);
    const out = flags.string('out');
    if (out === undefined) return printJson(b);
    try {
      writeAtomically(out, JSON.stringify(b, null, 2) + '\n');
    } catch (err) {
      throw usageError(
        t('cli.usage.cannotWrite', { flag: '--out', file: out, error: (err as NodeJS.ErrnoException).code ?? (err as Error).message }),
      );
    }
    const opened = b.entries.filter((e) => e.opening !== undefined).length;
    const summary = { code: b.code, out, entries: b.entries.length, opened, size: checkpointSize(b.checkpoint) };
    if (json) return printJson(summary);
    printLine(t('cli.bundle.wrote', { code: b.code, entries: summary.entries, opened, size: summary.size ?? '?', out }));
  },
});

/** VerifiedEvent is a verified event of the bundle with its log index. */
type VerifiedEvent = LedgerVerifiedEvent & { logIndex: number };

/** verifyBundleCommand checks a passport bundle offline against the registry's verifier key. */
export const verifyBundleCommand = defineCommand({
  name: 'hreg verify-bundle',
  summary: 'cli.verify-bundle.summary',
  args: 'FILE --key VKEY',
  positionals: ['FILE'],
  flags: {
    key: { type: 'string', value: 'VKEY', required: true, description: KEY_DESCRIPTION },
    witness: { type: 'string', value: 'VKEY', multiple: true, description: 'cli.verify-bundle.flag.witness' },
    quorum: { type: 'string', value: 'N', description: 'cli.verify-bundle.flag.quorum' },
    ...COMMON_FLAGS,
  },
  details: 'cli.verify-bundle.details',
  examples: [
    'hreg verify-bundle passport.json --key registry.vkey',
    'hreg verify-bundle passport.json --key registry.vkey --witness gov-zj.vkey --witness industry.vkey --quorum 2',
  ],
  async action({ flags, arg, json }) {
    const file = arg(0);
    const { verifier } = loadVerifierKey(flags.required('key'));
    // A witness quorum (docs/ledger.md, "Witnesses"): each --witness is a cosignature/v1 key or a file holding one.
    const witnesses = flags.all('witness').map((w) => (existsSync(w) ? readFileSync(w, 'utf8').trim() : w));
    const quorum = flags.int('quorum', 0, 100) ?? witnesses.length;
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      throw usageError(t('cli.usage.cannotReadFile', { file, error: (err as NodeJS.ErrnoException).code ?? (err as Error).message }));
    }
    const failed = (error: string): number => {
      process.stderr.write(`error: LOG_VERIFICATION_FAILED: ${error}\n`);
      if (json) printJson({ ok: false, error });
      return 1;
    };
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (err) {
      return failed(`${file} is not JSON: ${(err as Error).message}`);
    }
    let verified: ReturnType<typeof verifyBundle>;
    try {
      verified = verifyBundle(parsed as PassportBundle, verifier, { witnesses, quorum });
    } catch (err) {
      return failed((err as Error).message);
    }
    const b = parsed as PassportBundle;
    const events: VerifiedEvent[] = verified.events.map((e, i) => ({
      ...e,
      logIndex: must(b.entries[i], 'verifyBundle returns one event per entry').index,
    }));
    if (json)
      return printJson({ ok: true, code: b.code, size: verified.size, root: verified.root, events, witnessed: verified.witnessed ?? null });
    printLine(t('cli.verify-bundle.ok', { code: b.code, log: verifier.name }));
    printFields([
      ['cli.field.checkpointSize', verified.size],
      ['cli.field.root', verified.root],
      ['cli.field.events', events.length],
    ]);
    if (verified.witnessed)
      printLine(t('cli.verify-bundle.witnessed', { size: verified.witnessed.size, names: verified.witnessed.witnesses.join(', ') }));
    printTable(
      ['cli.field.seq', 'cli.field.type', 'cli.field.occurred', 'cli.field.actor', 'cli.field.logIndex'],
      events.map((e) => [e.seq, word('lifecycle.event', e.type), e.occurredAt, e.actor ?? t('cli.verify-bundle.sealed'), e.logIndex]),
    );
  },
});
