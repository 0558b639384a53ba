import { readFileSync } from 'node:fs';
import { EXIT, usageError } from './cli-error.ts';
import { COMMANDS } from './commands.ts';
import { printLine, reportError } from './output.ts';

/** version is the package's version, read from package.json next to src/. */
function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
  return pkg.version ?? 'unknown';
}

function help(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((k) => k.length)) + 3;
  return [
    'Usage: hreg <command> [options]',
    '',
    'Humanoid Registry command line: identity codes, models, production runs, lifecycle events, verification and log audits.',
    '',
    'Commands:',
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}${c.summary}`),
    '',
    'Global options:',
    '  -h, --help      show help (also after any command)',
    '  -V, --version   print the version',
    '',
    'Client commands call the registry at --url or $HREG_URL (default http://127.0.0.1:8080) with',
    '--token or $HREG_TOKEN; every command takes --json for machine output.',
    'Exit codes: 0 ok, 1 refused by the registry, 2 usage error, 3 cannot reach the registry or internal error.',
    '',
    'Example:',
    '  HREG_TOKEN=hreg_… hreg robots register --csv run.csv --out codes.csv',
  ].join('\n');
}

/** main runs `hreg` with argv (without node and script) and returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    printLine(help());
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  if (name === '--version' || name === '-V') {
    printLine(version());
    return EXIT.ok;
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    reportError(usageError(`unknown command "${name}"; see \`hreg --help\``), false);
    return EXIT.usage;
  }
  return command.run(rest);
}

// Set exitCode rather than calling exit() so piped stdout is flushed first.
process.exitCode = await main(process.argv.slice(2));
