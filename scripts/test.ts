// The test runner: node's own, over two lanes.
//
//   tsx scripts/test.ts unit         src/**/*.test.ts — pure modules, no database or network
//   tsx scripts/test.ts integration  test/**/*.test.ts
//   tsx scripts/test.ts              both (what `npm test` and CI run)
//
// Files run in parallel, each in its own process with its own database (in-memory
// PGlite, or a fresh database per file when TEST_DATABASE_URL is set; see
// test/harness.ts). Files that cannot share the machine with others run after
// that, one at a time. TEST_CONCURRENCY overrides the number of files at once.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';

/** SERIAL are the test files that must run alone, each with the reason. */
const SERIAL: Record<string, string> = {
  'test/crash.test.ts': 'on PostgreSQL it stops the whole cluster (-m immediate), cutting every other file off',
};

/** CONCURRENCY suits two cores: files wait on their database and child processes as much as on the CPU. */
const CONCURRENCY = Number(process.env.TEST_CONCURRENCY || 3);

/** FILE_TIMEOUT_MS cancels a file (and fails the run) that hangs, so CI never waits forever. */
const FILE_TIMEOUT_MS = 10 * 60_000;

function testFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.test.ts'))
    .map((f) => `${dir}/${f}`)
    .sort();
}

function nodeTest(files: string[], concurrency: number): boolean {
  if (files.length === 0) return true;
  const args = ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, `--test-timeout=${FILE_TIMEOUT_MS}`, ...files];
  const run = spawnSync(process.execPath, args, { stdio: 'inherit' });
  return run.status === 0;
}

const lane = process.argv[2] ?? 'all';
const files = {
  unit: testFiles('src'),
  integration: testFiles('test'),
  all: [...testFiles('src'), ...testFiles('test')],
}[lane];
if (!files) {
  console.error(`usage: tsx scripts/test.ts [unit|integration]`);
  process.exit(2);
}

const alone = files.filter((f) => f in SERIAL);
const parallelOk = nodeTest(
  files.filter((f) => !(f in SERIAL)),
  CONCURRENCY,
);
if (alone.length > 0) console.log(`# alone, after the others: ${alone.map((f) => `${f} (${SERIAL[f]})`).join('; ')}`);
const aloneOk = nodeTest(alone, 1);
process.exit(parallelOk && aloneOk ? 0 : 1);
