import { must } from '../must.ts';
import { parseArgs } from 'node:util';
import { EXIT, toCliError, usageError } from './cli-error.ts';
import { Flags, type FlagSpecs, type FlagValues } from './flags.ts';
import { say, t, type Text } from './lang.ts';
import { printLine, reportError } from './output.ts';

/** Command is one entry of the command table: a one-line summary and a runner that returns the exit code. */
export interface Command {
  summary: Text;
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
  /** arg is the i-th declared positional; hreg has checked their count before the action runs. */
  arg(i: number): string;
  json: boolean;
}

/** CommandSpec declares a command: its usage, flags, positional names and an example. */
export interface CommandSpec {
  /** name is the full command, e.g. `hreg participants create`. */
  name: string;
  summary: Text;
  /** args is the usage line after the name, e.g. `ID [--limit N]`. */
  args?: string;
  /** positionals names the required positional arguments, in order. */
  positionals?: string[];
  flags: FlagSpecs;
  /** details are paragraphs printed after the options. */
  details?: Text | Text[];
  examples: string[];
  action(inv: Invocation): Promise<number | void>;
}

function flagLine(name: string, spec: FlagSpecs[string]): [string, string] {
  const left = `${spec.short ? `-${spec.short}, ` : '    '}--${name}${spec.type === 'string' ? ` ${spec.value ?? 'VALUE'}` : ''}`;
  const extra = [spec.required ? t('cli.help.required') : '', spec.multiple ? t('cli.help.repeatable') : ''].filter(Boolean);
  const description = say(spec.description);
  return [
    left,
    extra.length > 0 ? t('cli.help.flagWithExtra', { description, extra: extra.join(t('cli.help.extraSeparator')) }) : description,
  ];
}

function helpOf(spec: CommandSpec): string {
  const rows = Object.entries(spec.flags).map(([n, s]) => flagLine(n, s));
  const width = Math.max(...rows.map(([l]) => l.length)) + 2;
  return [
    t('cli.help.usage', { usage: `${spec.name}${spec.args ? ` ${spec.args}` : ''}` }),
    '',
    say(spec.summary),
    '',
    t('cli.help.options'),
    ...rows.map(([l, r]) => `  ${l.padEnd(width)}${r}`),
    ...(spec.details ? ['', [spec.details].flat().map(say).join('\n\n')] : []),
    '',
    t('cli.help.examples', { count: spec.examples.length }),
    ...spec.examples.map((e) => `  ${e}`),
    '',
    t('cli.help.exitCodes'),
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
        const e = userError ? usageError(t('cli.usage.badFlags', { error: (err as Error).message, command: spec.name })) : toCliError(err);
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
              ? t('cli.usage.unexpectedArgument', { argument: positionals[0] ?? '', command: spec.name })
              : t('cli.usage.wrongArguments', { expected: wanted.join(' '), count: positionals.length, command: spec.name }),
          );
        }
        const missing = Object.entries(spec.flags).filter(
          ([n, s]) => s.required && (typeof values[n] !== 'string' || (values[n] as string).trim() === ''),
        );
        if (missing.length > 0)
          throw usageError(t('cli.usage.missingFlags', { flags: missing.map(([n]) => `--${n}`).join(', '), command: spec.name }));
        const arg = (i: number): string => must(positionals[i], `${spec.name} declares positional ${i + 1} and its count was checked`);
        return (await spec.action({ flags: new Flags(values), positionals, arg, json })) ?? EXIT.ok;
      } catch (err) {
        const e = toCliError(err);
        reportError(e, json);
        return e.exitCode;
      }
    },
  };
}

/** defineGroup makes a Command that dispatches to named subcommands and lists them on --help. */
export function defineGroup(name: string, summary: Text, subcommands: Record<string, Command>, example: string): Command {
  const help = () => {
    const width = Math.max(...Object.keys(subcommands).map((k) => k.length)) + 3;
    return [
      t('cli.help.usageGroup', { name }),
      '',
      say(summary),
      '',
      t('cli.help.commands'),
      ...Object.entries(subcommands).map(([k, c]) => `  ${k.padEnd(width)}${say(c.summary)}`),
      '',
      t('cli.help.groupHint', { name }),
      '',
      t('cli.help.examples', { count: 1 }),
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
        reportError(
          usageError(
            sub === undefined ? t('cli.usage.needsCommand', { name }) : t('cli.usage.unknownCommand', { command: `${name} ${sub}` }),
          ),
          false,
        );
        return EXIT.usage;
      }
      return command.run(rest);
    },
  };
}
