import { parseArgs } from 'node:util';
import { EXIT, toCliError, usageError } from './cli-error.ts';
import { Flags, type FlagSpecs, type FlagValues } from './flags.ts';
import { printLine, reportError } from './output.ts';

/** Command is one entry of the command table: a one-line summary and a runner that returns the exit code. */
export interface Command {
  summary: string;
  run(argv: string[]): Promise<number>;
  /** help is the full --help text. */
  help(): string;
  /** flags are the flag names the command accepts (for groups, none). */
  flags: string[];
  /** subcommands of a group, by name. */
  subcommands?: Record<string, Command>;
}

/** Invocation is what a command's action receives: checked flags and positionals. */
export interface Invocation {
  flags: Flags;
  positionals: string[];
  json: boolean;
}

/** CommandSpec declares a command: its usage, flags, positional names and an example. */
export interface CommandSpec {
  /** name is the full command, e.g. `hreg participants create`. */
  name: string;
  summary: string;
  /** args is the usage line after the name, e.g. `ID [--limit N]`. */
  args?: string;
  /** positionals names the required positional arguments, in order. */
  positionals?: string[];
  flags: FlagSpecs;
  /** details are paragraphs printed after the options. */
  details?: string;
  examples: string[];
  action(inv: Invocation): Promise<number | void>;
}

const EXIT_TEXT = 'Exit codes: 0 ok, 1 refused by the registry, 2 usage error, 3 cannot reach the registry or internal error.';

function flagLine(name: string, spec: FlagSpecs[string]): [string, string] {
  const left = `${spec.short ? `-${spec.short}, ` : '    '}--${name}${spec.type === 'string' ? ` ${spec.value ?? 'VALUE'}` : ''}`;
  const extra = [spec.required ? 'required' : '', spec.multiple ? 'repeatable' : ''].filter(Boolean).join(', ');
  return [left, extra ? `${spec.description} (${extra})` : spec.description];
}

function helpOf(spec: CommandSpec): string {
  const rows = Object.entries(spec.flags).map(([n, s]) => flagLine(n, s));
  const width = Math.max(...rows.map(([l]) => l.length)) + 2;
  return [
    `Usage: ${spec.name}${spec.args ? ` ${spec.args}` : ''} [options]`,
    '',
    spec.summary,
    '',
    'Options:',
    ...rows.map(([l, r]) => `  ${l.padEnd(width)}${r}`),
    ...(spec.details ? ['', spec.details] : []),
    '',
    spec.examples.length > 1 ? 'Examples:' : 'Example:',
    ...spec.examples.map((e) => `  ${e}`),
    '',
    EXIT_TEXT,
  ].join('\n');
}

/** defineCommand makes a Command that parses its flags strictly, prints --help, and maps every failure to an exit code. */
export function defineCommand(spec: CommandSpec): Command {
  const options = Object.fromEntries(
    Object.entries(spec.flags).map(([n, s]) => [
      n,
      { type: s.type, ...(s.multiple ? { multiple: true } : {}), ...(s.short ? { short: s.short } : {}) },
    ]),
  );
  return {
    summary: spec.summary,
    flags: Object.keys(spec.flags),
    help: () => helpOf(spec),
    async run(argv) {
      let values: FlagValues;
      let positionals: string[];
      try {
        ({ values, positionals } = parseArgs({ args: argv, options, allowPositionals: true, strict: true }) as {
          values: FlagValues;
          positionals: string[];
        });
      } catch (err) {
        // Only node:util's ERR_PARSE_ARGS_* errors are the user's; anything else is a bug in the spec.
        const userError = String((err as { code?: unknown }).code ?? '').startsWith('ERR_PARSE_ARGS');
        const e = userError ? usageError(`${(err as Error).message}; see \`${spec.name} --help\``) : toCliError(err);
        reportError(e, false);
        return e.exitCode;
      }
      if (values.help === true) {
        printLine(helpOf(spec));
        return EXIT.ok;
      }
      const json = values.json === true;
      try {
        const wanted = spec.positionals ?? [];
        if (positionals.length !== wanted.length) {
          throw usageError(
            wanted.length === 0
              ? `unexpected argument "${positionals[0]}"; see \`${spec.name} --help\``
              : `expected ${wanted.join(' ')}, got ${positionals.length} argument(s); see \`${spec.name} --help\``,
          );
        }
        const missing = Object.entries(spec.flags).filter(
          ([n, s]) => s.required && (typeof values[n] !== 'string' || (values[n] as string).trim() === ''),
        );
        if (missing.length > 0) throw usageError(`missing ${missing.map(([n]) => `--${n}`).join(', ')}; see \`${spec.name} --help\``);
        return (await spec.action({ flags: new Flags(values), positionals, json })) ?? EXIT.ok;
      } catch (err) {
        const e = toCliError(err);
        reportError(e, json);
        return e.exitCode;
      }
    },
  };
}

/** defineGroup makes a Command that dispatches to named subcommands and lists them on --help. */
export function defineGroup(name: string, summary: string, subcommands: Record<string, Command>, example: string): Command {
  const help = () => {
    const width = Math.max(...Object.keys(subcommands).map((k) => k.length)) + 3;
    return [
      `Usage: ${name} <command> [options]`,
      '',
      summary,
      '',
      'Commands:',
      ...Object.entries(subcommands).map(([k, c]) => `  ${k.padEnd(width)}${c.summary}`),
      '',
      `Run \`${name} <command> --help\` for a command's flags (every command takes --json and --help).`,
      '',
      'Example:',
      `  ${example}`,
    ].join('\n');
  };
  return {
    summary,
    flags: [],
    subcommands,
    help,
    async run(argv) {
      const [sub, ...rest] = argv;
      if (sub === '--help' || sub === '-h' || sub === 'help') {
        printLine(help());
        return EXIT.ok;
      }
      const command = sub === undefined ? undefined : Object.hasOwn(subcommands, sub) ? subcommands[sub] : undefined;
      if (!command) {
        process.stderr.write(help() + '\n\n');
        reportError(usageError(sub === undefined ? `${name} needs a command` : `unknown command "${name} ${sub}"`), false);
        return EXIT.usage;
      }
      return command.run(rest);
    },
  };
}
