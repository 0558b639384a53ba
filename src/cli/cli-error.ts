/** EXIT is the table of exit codes scripts may rely on. */
export const EXIT = {
  /** ok: the command did what was asked. */
  ok: 0,
  /** refused: the registry (or a local check of what would be sent) refused the request. */
  refused: 1,
  /** usage: the command line itself is wrong; nothing was sent. */
  usage: 2,
  /** unavailable: the registry could not be reached or failed internally. */
  unavailable: 3,
} as const;

/** ExitCode is one of the codes in EXIT. */
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/**
 * CliError is every failure a command reports: a stable code, a detail, the
 * exit code, and the problem document (RFC 9457 members such as `errors` and
 * `suggestions`) that --json prints.
 */
export class CliError extends Error {
  readonly code: string;
  readonly exitCode: ExitCode;
  readonly problem: Record<string, unknown>;

  constructor(code: string, detail: string, exitCode: ExitCode, problem: Record<string, unknown> = {}) {
    super(detail);
    this.name = 'CliError';
    this.code = code;
    this.exitCode = exitCode;
    this.problem = { ...problem, code, detail };
  }
}

/** usageError is a wrong command line (exit 2). */
export function usageError(detail: string): CliError {
  return new CliError('USAGE', detail, EXIT.usage);
}

/** refusal is a refused request (exit 1); extra carries problem members such as `errors`. */
export function refusal(code: string, detail: string, extra: Record<string, unknown> = {}): CliError {
  return new CliError(code, detail, EXIT.refused, extra);
}

/** unavailable is an unreachable or failing registry (exit 3). */
export function unavailable(code: string, detail: string, extra: Record<string, unknown> = {}): CliError {
  return new CliError(code, detail, EXIT.unavailable, extra);
}

/** toCliError turns anything a command threw into a CliError; RegistryErrors from local commands keep their code. */
export function toCliError(err: unknown): CliError {
  if (err instanceof CliError) return err;
  const e = err as { code?: unknown; status?: unknown; message?: unknown; extra?: unknown } | undefined;
  if (e && typeof e.code === 'string' && typeof e.status === 'number') {
    // A RegistryError thrown by a command that opened the registry itself (init, serve).
    const extra = typeof e.extra === 'object' && e.extra !== null ? (e.extra as Record<string, unknown>) : {};
    const exit = e.status >= 400 && e.status < 500 ? EXIT.refused : EXIT.unavailable;
    return new CliError(e.code, String(e.message ?? e.code), exit, extra);
  }
  const message = err instanceof Error ? err.message : String(err);
  return unavailable('INTERNAL', message);
}
