import { readFileSync } from 'node:fs';
import { packagePath } from '../package-root.ts';
import { cliDefaults } from '../config.ts';
import { localeOfName } from '../i18n/environment.ts';
import { EXIT, toCliError, usageError } from './cli-error.ts';
import { COMMANDS } from './commands.ts';
import { say, speak, t } from './lang.ts';
import { printLine, reportError } from './output.ts';

/** version is the package's version, read from the package's package.json. */
function version(): string {
  const pkg = JSON.parse(readFileSync(packagePath('package.json'), 'utf8')) as { version?: string };
  return pkg.version ?? 'unknown';
}

function help(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((k) => k.length)) + 3;
  return [
    t('cli.help.usageGroup', { name: 'hreg' }),
    '',
    t('cli.help.top.summary'),
    '',
    t('cli.help.commands'),
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}${say(c.summary)}`),
    '',
    t('cli.help.top.globalOptions'),
    `  -h, --help      ${t('cli.help.top.help')}`,
    `  -V, --version   ${t('cli.help.top.version')}`,
    `      --lang L    ${t('cli.help.top.lang')}`,
    '',
    t('cli.help.top.client'),
    t('cli.help.exitCodes'),
    '',
    t('cli.help.examples', { count: 1 }),
    '  HREG_TOKEN=hreg_… hreg robots register --csv run.csv --out codes.csv',
  ].join('\n');
}

/**
 * chooseLanguage sets the language of the run, from the environment or a global
 * --lang anywhere before `--`, and returns argv without --lang.
 */
function chooseLanguage(argv: string[]): string[] {
  speak(cliDefaults().locale);
  const end = argv.indexOf('--') === -1 ? argv.length : argv.indexOf('--');
  const at = argv.findIndex((a, i) => i < end && (a === '--lang' || a.startsWith('--lang=')));
  if (at === -1) return argv;
  const arg = argv[at] ?? '';
  const value = arg === '--lang' ? argv[at + 1] : arg.slice('--lang='.length);
  const locale = value === undefined ? undefined : localeOfName(value);
  if (locale === undefined) throw usageError(t('cli.usage.lang', { value: value ?? '' }));
  speak(locale);
  return argv.filter((_, i) => i !== at && !(arg === '--lang' && i === at + 1));
}

/** main runs `hreg` with argv (without node and script) and returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  let args: string[];
  try {
    args = chooseLanguage(argv);
  } catch (err) {
    reportError(toCliError(err), false);
    return EXIT.usage;
  }
  const [name, ...rest] = args;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    printLine(help());
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  if (name === '--version' || name === '-V') {
    printLine(version());
    return EXIT.ok;
  }
  const entry = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!entry) {
    reportError(usageError(t('cli.usage.unknownTopCommand', { command: name })), false);
    return EXIT.usage;
  }
  return (await entry.load()).run(rest);
}

// Set exitCode rather than calling exit() so piped stdout is flushed first.
process.exitCode = await main(process.argv.slice(2));
