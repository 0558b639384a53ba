import { openCheckpoint, parseCheckpoint } from '../../ledger/index.ts';
import { clientFrom } from '../api-client.ts';
import { defineCommand, defineGroup } from '../command.ts';
import { refusal } from '../cli-error.ts';
import { PUBLIC_CLIENT_FLAGS } from '../flags.ts';
import { printJson } from '../output.ts';
import { KEY_DESCRIPTION, loadVerifierKey } from './verifier-key.ts';
import { keys, rotateKey, witnesses } from './log-keys.ts';
import { msg } from '../../i18n/message.ts';
import { t } from '../lang.ts';

const checkpoint = defineCommand({
  name: 'hreg log checkpoint',
  summary: 'cli.log.checkpoint.summary',
  flags: {
    key: { type: 'string', value: 'VKEY', description: msg('cli.log.checkpoint.flag.key', { key: msg(KEY_DESCRIPTION) }) },
    ...PUBLIC_CLIENT_FLAGS,
  },
  details: 'cli.log.checkpoint.details',
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
        throw refusal('LOG_VERIFICATION_FAILED', t('cli.log.checkpoint.notVerified', { error: (err as Error).message }));
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
  summary: 'cli.log.key.summary',
  flags: PUBLIC_CLIENT_FLAGS,
  details: 'cli.log.key.details',
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
  'cli.log.summary',
  { checkpoint, key, keys, 'rotate-key': rotateKey, witnesses },
  'hreg log checkpoint --key registry.vkey',
);
