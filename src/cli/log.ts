import { openCheckpoint, parseCheckpoint } from '../ledger/index.ts';
import { clientFrom } from './api-client.ts';
import { defineCommand, defineGroup } from './command.ts';
import { refusal } from './cli-error.ts';
import { PUBLIC_CLIENT_FLAGS } from './flags.ts';
import { printJson } from './output.ts';
import { KEY_DESCRIPTION, loadVerifierKey } from './verifier-key.ts';

const checkpoint = defineCommand({
  name: 'hreg log checkpoint',
  summary: "Print the log's latest signed checkpoint (public)",
  flags: {
    key: { type: 'string', value: 'VKEY', description: `check the signature with this key: ${KEY_DESCRIPTION}` },
    ...PUBLIC_CLIENT_FLAGS,
  },
  details:
    'Prints the C2SP signed note as the registry sent it (origin, size, base64 root, signature lines).\n' +
    'With --key, exit 1 unless it is signed by that key. --json: {checkpoint, origin, size, root, verified}.',
  examples: ['hreg log checkpoint --key registry.vkey'],
  async action({ flags, json }) {
    const key = flags.string('key');
    const verifier = key === undefined ? undefined : loadVerifierKey(key).verifier;
    const note = await clientFrom(flags, { anonymous: true }).text('/v1/log/checkpoint');
    let verified = false;
    let cp: ReturnType<typeof parseCheckpoint> | undefined;
    if (verifier) {
      try {
        cp = openCheckpoint(note, verifier);
      } catch (err) {
        throw refusal('LOG_VERIFICATION_FAILED', `the checkpoint does not verify with --key: ${(err as Error).message}`);
      }
      verified = true;
    } else {
      // The note's text is everything before the blank line that starts the signatures.
      const blank = note.indexOf('\n\n');
      try {
        cp = parseCheckpoint(blank < 0 ? note : note.slice(0, blank + 1));
      } catch {
        cp = undefined;
      }
    }
    if (json)
      return printJson({
        checkpoint: note,
        origin: cp?.origin ?? null,
        size: cp?.size ?? null,
        root: cp ? cp.root.toString('base64') : null,
        verified,
      });
    process.stdout.write(note.endsWith('\n') ? note : `${note}\n`);
  },
});

const key = defineCommand({
  name: 'hreg log key',
  summary: "Print the log's checkpoint verifier key (public)",
  flags: PUBLIC_CLIENT_FLAGS,
  details:
    "An auditor should get this key out of band (e.g. the regulator's published notice) and compare it,\n" +
    'since a registry that rewrote its log could also serve a different key. --json: {key}.',
  examples: ['hreg log key > registry.vkey'],
  async action({ flags, json }) {
    const text = (await clientFrom(flags, { anonymous: true }).text('/v1/log/key')).trim();
    if (json) return printJson({ key: text });
    process.stdout.write(`${text}\n`);
  },
});

/** log reads the tamper-evident log's checkpoint and key. */
export const log = defineGroup(
  'hreg log',
  'Read the tamper-evident log: signed checkpoint and verifier key',
  { checkpoint, key },
  'hreg log checkpoint --key registry.vkey',
);
