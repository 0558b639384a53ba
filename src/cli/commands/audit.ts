import { existsSync, readFileSync } from 'node:fs';
import cliProgress from 'cli-progress';
import { cliDefaults } from '../../config.ts';
import type { AuditResult, AuditState } from '../../audit/auditor.ts';
import { defineCommand } from '../command.ts';
import { unavailable, usageError } from '../cli-error.ts';
import { COMMON_FLAGS, URL_FLAG } from '../flags.ts';
import { note, printFields, printJson, printLine, printTable } from '../output.ts';
import { writeAtomically } from './bundle.ts';
import { KEY_DESCRIPTION, loadVerifierKey } from './verifier-key.ts';
import { msg } from '../../i18n/message.ts';
import { say, t } from '../lang.ts';

const DEFAULT_STATE = './hreg-audit-state.json';

/** loadState reads the previous run's state, if the file exists. */
function loadState(path: string): AuditState | undefined {
  if (!existsSync(path)) return undefined;
  let s: unknown;
  try {
    s = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw usageError(t('cli.audit.badState', { path, error: (err as Error).message }));
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
    throw usageError(t('cli.audit.badState', { path, error: '(origin, size, root, checkpoint)' }));
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
            { stream: process.stderr, format: say('cli.audit.bar'), hideCursor: true },
            cliProgress.Presets.shades_classic,
          );
          bar.start(total, 0);
        }
        bar.update(done);
      },
      stop: () => bar?.stop(),
    };
  }
  return { update: (done, total) => note(t('cli.audit.downloaded', { done, total })), stop: () => {} };
}

/** auditCommand recomputes the log from its entries and proves it only grew since the last run. */
export const auditCommand = defineCommand({
  name: 'hreg audit',
  summary: 'cli.audit.summary',
  flags: {
    url: URL_FLAG,
    key: { type: 'string', value: 'VKEY', required: true, description: KEY_DESCRIPTION },
    state: {
      type: 'string',
      value: 'FILE',
      description: msg('cli.audit.flag.state', { path: DEFAULT_STATE }),
    },
    ...COMMON_FLAGS,
  },
  details: 'cli.audit.details',
  examples: ['hreg audit --url https://registry.example.cn --key registry.vkey --state /var/lib/hreg/audit.json'],
  async action({ flags, json }) {
    const { text: verifierKey, verifier } = loadVerifierKey(flags.required('key'));
    const statePath = flags.string('state') ?? DEFAULT_STATE;
    const previous = loadState(statePath);
    const url = flags.string('url') ?? cliDefaults().url;
    if (!/^https?:\/\/[^/]/.test(url)) throw usageError(t('cli.usage.url', { value: url }));
    const { audit } = await import('../../audit/auditor.ts');
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
        rotated: result.rotated,
        state: result.ok ? statePath : null,
      });
    if (!result.ok) {
      if (!json)
        printTable(
          ['cli.field.kind', 'cli.field.index', 'cli.field.message'],
          result.findings.map((f) => [f.kind, f.index, f.message]),
        );
      process.stderr.write(
        `${t('cli.output.error', { code: 'AUDIT_FAILED', detail: t('cli.audit.failed', { count: result.findings.length, log: verifier.name, state: statePath }) })}\n`,
      );
      return 1;
    }
    if (json) return;
    for (const r of result.rotated) note(t('cli.audit.rotated', { key: r.key, size: r.size }));
    printLine(t('cli.audit.ok', { log: verifier.name }));
    printFields([
      ['cli.field.size', result.size],
      ['cli.field.root', result.root],
      [
        'cli.field.previous',
        result.previous ? t('cli.audit.consistent', { size: result.previous.size }) : t('cli.audit.first', { state: statePath }),
      ],
    ]);
  },
});
