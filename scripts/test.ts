// The test runner: node's own, over two lanes and up to two engines.
//
//   tsx scripts/test.ts unit         src/**/*.test.ts — pure modules, no database or network
//   tsx scripts/test.ts integration  test/**/*.test.ts
//   tsx scripts/test.ts              both (what `npm test` and CI run)
//
// Integration files run on embedded PGlite; with TEST_DATABASE_URL set they run on
// PostgreSQL too, the two engines side by side (TEST_ENGINES=postgres or =pglite
// picks one). The unit lane needs no database and runs once. Files run in parallel,
// each in its own process with its own database (in-memory PGlite, or a fresh
// database per file on PostgreSQL; see test/harness.ts). Files that cannot share
// the machine with others run after their engine's lane, one at a time.
// TEST_CONCURRENCY overrides the number of files at once per engine. Integration runs first refresh
// the compiled build (dist/server), which the tests that spawn the server and the CLI use.
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { buildServer } from './server-bundle.ts';

type Engine = 'pglite' | 'postgres';

/** SERIAL are the test files that must run alone on an engine, each with the reason. */
const SERIAL: Record<string, { engines: Engine[]; why: string }> = {
  'test/crash.test.ts': {
    engines: ['postgres'],
    why: 'it stops the whole PostgreSQL cluster (-m immediate), cutting every other file off',
  },
};

/** FILE_TIMEOUT_MS cancels a file (and fails the run) that hangs, so CI never waits forever. */
const FILE_TIMEOUT_MS = 10 * 60_000;

function testFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.test.ts'))
    .map((f) => `${dir}/${f}`)
    .sort();
}

/** Lane is one `node --test` run: its name, files, concurrency and environment. */
interface Lane {
  name: string;
  files: string[];
  concurrency: number;
  env: NodeJS.ProcessEnv;
}

/** LaneResult is a finished lane: whether it passed, its TAP output and how long it took. */
interface LaneResult {
  lane: Lane;
  ok: boolean;
  output: string;
  seconds: number;
}

/**
 * runLane runs one lane. Alone it streams its output; beside another lane it
 * collects it and prints it whole at the end, so two engines' reports never interleave.
 */
function runLane(lane: Lane, stream: boolean): Promise<LaneResult> {
  const started = performance.now();
  const args = ['--import', 'tsx', '--test', `--test-concurrency=${lane.concurrency}`, `--test-timeout=${FILE_TIMEOUT_MS}`, ...lane.files];
  return new Promise((resolve) => {
    if (lane.files.length === 0) {
      resolve({ lane, ok: true, output: '', seconds: 0 });
      return;
    }
    const child = spawn(process.execPath, args, { env: lane.env, stdio: stream ? 'inherit' : ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    child.stdout?.on('data', (c: Buffer) => chunks.push(c));
    child.stderr?.on('data', (c: Buffer) => chunks.push(c));
    child.on('close', (code) => {
      resolve({ lane, ok: code === 0, output: Buffer.concat(chunks).toString('utf8'), seconds: (performance.now() - started) / 1000 });
    });
  });
}

/** summary is a lane's closing TAP counts (tests, pass, fail) on one line. */
function summary(r: LaneResult): string {
  const count = (k: string) => r.output.match(new RegExp(`^# ${k} (\\d+)$`, 'm'))?.[1] ?? '?';
  return r.lane.files.length === 0
    ? `${r.lane.name}: no files`
    : `${r.lane.name}: ${r.ok ? 'ok' : 'FAILED'} in ${r.seconds.toFixed(0)} s` +
        (r.output ? ` (${count('tests')} tests, ${count('pass')} passed, ${count('fail')} failed)` : '');
}

const which = process.argv[2] ?? 'all';
if (!['unit', 'integration', 'all'].includes(which)) {
  console.error('usage: tsx scripts/test.ts [unit|integration]');
  process.exit(2);
}
const url = process.env.TEST_DATABASE_URL || undefined;
const wanted = (process.env.TEST_ENGINES || (url ? 'pglite,postgres' : 'pglite')).split(',').map((s) => s.trim());
const engines = wanted.filter((e): e is Engine => e === 'pglite' || e === 'postgres');
if (engines.length !== wanted.length || engines.length === 0) {
  console.error(`TEST_ENGINES names pglite and/or postgres, not ${process.env.TEST_ENGINES}`);
  process.exit(2);
}
if (engines.includes('postgres') && !url) {
  console.error('TEST_ENGINES=postgres needs TEST_DATABASE_URL');
  process.exit(2);
}

const envFor = (engine: Engine): NodeJS.ProcessEnv => {
  const env = { ...process.env };
  if (engine === 'pglite') delete env.TEST_DATABASE_URL;
  return env;
};
const concurrency = Number(process.env.TEST_CONCURRENCY || (engines.length > 1 ? 2 : 3));
const unit = which === 'integration' ? [] : testFiles('src');
const integration = which === 'unit' ? [] : testFiles('test');
const aloneOn = (engine: Engine) => integration.filter((f) => SERIAL[f]?.engines.includes(engine));

// Each engine: its integration files in parallel, then its lone files one at a time. The unit
// lane rides with the first engine (it needs no database, so it runs once).
async function engineRun(engine: Engine, withUnit: boolean, stream: boolean): Promise<LaneResult[]> {
  const lone = aloneOn(engine);
  const parallel: Lane = {
    name: `${withUnit && unit.length > 0 ? 'unit and ' : ''}${engine}`,
    files: [...(withUnit ? unit : []), ...integration.filter((f) => !lone.includes(f))],
    concurrency,
    env: envFor(engine),
  };
  const results = [await runLane(parallel, stream)];
  if (!stream) process.stdout.write(`\n== ${parallel.name} ==\n${results[0]?.output ?? ''}`);
  if (lone.length > 0) {
    const why = lone.map((f) => `${f} (${SERIAL[f]?.why})`).join('; ');
    console.log(`\n== ${engine}, alone after the others: ${why} ==`);
    results.push(await runLane({ name: `${engine} alone`, files: lone, concurrency: 1, env: envFor(engine) }, true));
  }
  return results;
}

const started = performance.now();
// The tests that start the server or the CLI as a user does run the compiled build when it is newer
// than every source (test/compiled.ts): build it now, so they never fall back to tsx (three times the
// CPU per start) nor exercise stale code.
if (integration.length > 0) {
  await buildServer();
  console.log(`# compiled build refreshed in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
const stream = engines.length === 1;
const results = (await Promise.all(engines.map((e, i) => engineRun(e, i === 0, stream)))).flat();
console.log(`\n# ${results.map(summary).join('\n# ')}\n# all lanes: ${((performance.now() - started) / 1000).toFixed(0)} s`);
process.exit(results.every((r) => r.ok) ? 0 : 1);
