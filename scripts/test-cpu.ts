// Imported into each integration file's process by scripts/test.ts (`--import ./scripts/test-cpu.ts`): when
// the process exits it writes the CPU seconds it and the processes it started and waited for used
// (servers, the CLI, Chromium) as a TAP comment, `# cpu seconds 12.3`, which the runner sums and
// records. Linux only (it reads /proc/self/stat); elsewhere it writes nothing.
import { readFileSync, writeSync } from 'node:fs';

/** CLOCK_TICKS is Linux's USER_HZ, the unit of /proc's CPU times, 100 on every architecture Node runs on. */
const CLOCK_TICKS = 100;

process.on('exit', () => {
  let stat: string;
  try {
    stat = readFileSync('/proc/self/stat', 'utf8');
  } catch {
    return;
  }
  // Fields after the command's closing parenthesis start at field 3 (state); utime, stime, cutime and cstime are fields 14 to 17.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = [11, 12, 13, 14].reduce((n, i) => n + Number(fields[i] ?? 0), 0);
  writeSync(2, `# cpu seconds ${(ticks / CLOCK_TICKS).toFixed(1)}\n`);
});
