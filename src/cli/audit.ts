import { existsSync, readFileSync } from 'node:fs';
import cliProgress from 'cli-progress';
import { cliDefaults } from '../config.ts';
import type { AuditResult, AuditState } from '../audit/auditor.ts';
import { defineCommand } from './command.ts';
import { unavailable, usageError } from './cli-error.ts';
import { COMMON_FLAGS, PUBLIC_CLIENT_FLAGS } from './flags.ts';
import { note, printFields, printJson, printLine, printTable } from './output.ts';
import { writeAtomically } from './bundle.ts';
import { KEY_DESCRIPTION, loadVerifierKey } from './verifier-key.ts';

const DEFAULT_STATE = './hreg-audit-state.json';

/** loadState reads the previous run's state, if the file exists. */
function loadState(path: string): AuditState | undefined {
  if (!existsSync(path)) return undefined;
  let s: unknown;
  try {
    s = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw usageError(`--state: ${path} is not an audit state file: ${(err as Error).message}; move it away to start afresh`);
  }
  const o = s as Record<string, unknown>;
  if (
    typeof o !== 'object' ||
    o === null ||
    typeof o.origin !== 'string' ||
    !Number.isSafeInteger(o.size) ||
    (o.size as number) < 0 ||
    typeof o.root !== 'string' ||
    typeof o.checkpoint !== 'string'
  ) {
    throw usageError(`--state: ${path} is not an audit state file (origin, size, root, checkpoint); move it away to start afresh`);
  }
  return o as unknown as AuditState;
}

interface Progress {
  update(done: number, total: number): void;
  stop(): void;
}

/** progressFor draws a bar on a terminal; elsewhere it prints a plain line per page to stderr. */
function progressFor(json: boolean): Progress {
  if (!json && process.stderr.isTTY) {
    let bar: cliProgress.SingleBar | undefined;
    return {
      update(done, total) {
        if (!bar) {
          bar = new cliProgress.SingleBar(
            { stream: process.stderr, format: 'auditing |{bar}| {value}/{total} entries | {eta_formatted} left', hideCursor: true },
            cliProgress.Presets.shades_classic,
          );
          bar.start(total, 0);
        }
        bar.update(done);
      },
      stop: () => bar?.stop(),
    };
  }
  return { update: (done, total) => note(`downloaded ${done}/${total} entries`), stop: () => {} };
}

/** auditCommand recomputes the log from its entries and proves it only grew since the last run. */
export const auditCommand = defineCommand({
  name: 'hreg audit',
  summary: 'Audit the whole log: recompute the tree, check the signed checkpoint, prove it only grew since last run',
  flags: {
    url: PUBLIC_CLIENT_FLAGS.url!,
    key: { type: 'string', value: 'VKEY', required: true, description: KEY_DESCRIPTION },
    state: {
      type: 'string',
      value: 'FILE',
      description: `what the last successful run accepted (default ${DEFAULT_STATE}); created on the first run`,
    },
    ...COMMON_FLAGS,
  },
  details:
    'Downloads every entry (progress on stderr), checks that they hash to the signed root, and against the\n' +
    'state file checks the old checkpoint is a prefix of the new one (a consistency proof), so a rewritten,\n' +
    'forked or shrunk log is caught. Exit 0 and save the new state when all is well; exit 1 with the\n' +
    'findings (kind, index, message) otherwise, leaving the state file as it was.\n' +
    '--json: {ok, origin, size, root, previous, findings, state}.',
  examples: ['hreg audit --url https://registry.example.cn --key registry.vkey --state /var/lib/hreg/audit.json'],
  async action({ flags, json }) {
    const { text: verifierKey, verifier } = loadVerifierKey(flags.required('key'));
    const statePath = flags.string('state') ?? DEFAULT_STATE;
    const previous = loadState(statePath);
    const url = flags.string('url') ?? cliDefaults().url;
    if (!/^https?:\/\/[^/]/.test(url)) throw usageError(`--url must be an http(s) URL, not "${url}"`);
    const { audit } = await import('../audit/auditor.ts');
    const progress = progressFor(json);
    let result: AuditResult;
    try {
      result = await audit({ url, verifierKey, previous, onProgress: (done, total) => progress.update(done, total) });
    } catch (err) {
      const e = err as Error & { cause?: { code?: string } };
      throw unavailable(
        e.name === 'TypeError' ? 'UNREACHABLE' : 'AUDIT_ERROR',
        `cannot audit the registry at ${url}: ${e.cause?.code ?? e.message}`,
      );
    } finally {
      progress.stop();
    }
    if (result.ok && result.state) writeAtomically(statePath, JSON.stringify(result.state, null, 2) + '\n');
    if (json)
      printJson({
        ok: result.ok,
        origin: verifier.name,
        size: result.size,
        root: result.root,
        previous: result.previous ?? null,
        findings: result.findings,
        state: result.ok ? statePath : null,
      });
    if (!result.ok) {
      if (!json)
        printTable(
          ['Kind', 'Index', 'Message'],
          result.findings.map((f) => [f.kind, f.index, f.message]),
        );
      process.stderr.write(
        `error: AUDIT_FAILED: ${result.findings.length} finding(s) in the log ${verifier.name}; the state file ${statePath} was not updated\n`,
      );
      return 1;
    }
    if (json) return;
    printLine(`OK: the log ${verifier.name} verifies`);
    printFields([
      ['Size', result.size],
      ['Root', result.root],
      [
        'Previous',
        result.previous
          ? `consistent with previous checkpoint of size ${result.previous.size}`
          : `none (first audit; state saved to ${statePath})`,
      ],
    ]);
  },
});
