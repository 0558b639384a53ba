import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { verifyBundle, type PassportBundle, type VerifiedEvent as LedgerVerifiedEvent } from '../ledger/index.ts';
import { clientFrom, seg } from './api-client.ts';
import { defineCommand } from './command.ts';
import { usageError } from './cli-error.ts';
import { CLIENT_FLAGS, COMMON_FLAGS } from './flags.ts';
import { printFields, printJson, printLine, printTable } from './output.ts';
import { KEY_DESCRIPTION, loadVerifierKey } from './verifier-key.ts';

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
  summary: "Download a unit's passport bundle: its events with inclusion proofs to a signed checkpoint (public; openings with a token)",
  args: 'CODE',
  positionals: ['CODE'],
  flags: {
    out: { type: 'string', value: 'FILE', description: 'write the bundle to FILE (default: print it on stdout)' },
    ...CLIENT_FLAGS,
  },
  details:
    'Anyone can check the bundle offline with `hreg verify-bundle FILE --key VKEY`. Without a token the bundle\n' +
    "proves the unit's public history (event types, sequence, times); with a token that may read the unit's\n" +
    "events it also carries each event's opening (actor, data, salt) — share such a file only with those entitled\n" +
    'to read the events. With --out, prints a summary (--json: {code, out, entries, opened, size}).',
  examples: ['hreg bundle CN-0A1B-00002X-261120000000001K7 --out passport.json'],
  async action({ flags, positionals, json }) {
    const b = await clientFrom(flags).get<PassportBundle>(`/v1/robots/${seg(positionals[0]!)}/bundle`);
    const out = flags.string('out');
    if (out === undefined) return printJson(b);
    try {
      writeAtomically(out, JSON.stringify(b, null, 2) + '\n');
    } catch (err) {
      throw usageError(`--out: cannot write ${out}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
    const opened = b.entries.filter((e) => e.opening !== undefined).length;
    const summary = { code: b.code, out, entries: b.entries.length, opened, size: checkpointSize(b.checkpoint) };
    if (json) return printJson(summary);
    printLine(
      `Wrote the passport bundle of ${b.code} (${summary.entries} event(s), ${opened} opened, checkpoint size ${summary.size ?? '?'}) to ${out}.`,
    );
  },
});

/** VerifiedEvent is a verified event of the bundle with its log index. */
type VerifiedEvent = LedgerVerifiedEvent & { logIndex: number };

/** verifyBundleCommand checks a passport bundle offline against the registry's verifier key. */
export const verifyBundleCommand = defineCommand({
  name: 'hreg verify-bundle',
  summary:
    "Check a passport bundle offline: signed checkpoint, every event's inclusion proof and sequence, and the openings of sealed events",
  args: 'FILE --key VKEY',
  positionals: ['FILE'],
  flags: {
    key: { type: 'string', value: 'VKEY', required: true, description: KEY_DESCRIPTION },
    ...COMMON_FLAGS,
  },
  details:
    "Needs no network. Exit 0 when every check passes: prints OK, the checkpoint's size and root and\n" +
    'the unit\'s events. Exit 1 when any fails, naming what failed (e.g. "entry 3: not included in the\n' +
    'checkpoint", "entry 3: the opening of event 4 does not match its leaf\'s commitment"). A version 2 leaf\n' +
    "shows only the event's type, sequence and times; its actor and data appear only when the bundle carries\n" +
    'its opening (a bundle fetched with a token that may read the events). --json: {ok, error?, code?, size?, root?, events?}.',
  examples: ['hreg verify-bundle passport.json --key registry.vkey'],
  async action({ flags, positionals, json }) {
    const file = positionals[0]!;
    const { verifier } = loadVerifierKey(flags.required('key'));
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      throw usageError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
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
      verified = verifyBundle(parsed as PassportBundle, verifier);
    } catch (err) {
      return failed((err as Error).message);
    }
    const b = parsed as PassportBundle;
    const events: VerifiedEvent[] = verified.events.map((e, i) => ({ ...e, logIndex: b.entries[i]!.index }));
    if (json) return printJson({ ok: true, code: b.code, size: verified.size, root: verified.root, events });
    printLine(`OK: the passport bundle of ${b.code} verifies against ${verifier.name}`);
    printFields([
      ['Checkpoint size', verified.size],
      ['Root', verified.root],
      ['Events', events.length],
    ]);
    printTable(
      ['Seq', 'Type', 'Occurred', 'Actor', 'Log index'],
      events.map((e) => [e.seq, e.type, e.occurredAt, e.actor ?? '(sealed)', e.logIndex]),
    );
  },
});
