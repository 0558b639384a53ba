// The test runner: node's own, over two lanes and up to two engines.
//
//   tsx scripts/test.ts unit         src/**/*.test.ts — pure modules, no database or network
//   tsx scripts/test.ts integration  test/**/*.test.ts
//   tsx scripts/test.ts              both (what `npm test` and CI run)
//   … --record                       also writes each file's seconds to scripts/test-durations.json
//
// Integration files run on embedded PGlite; with TEST_DATABASE_URL set they run on PostgreSQL too
// (TEST_ENGINES=postgres or =pglite picks one), except the files listed in ONCE, which touch no
// database and run on the first engine only. Each file opens its own databases (in-memory PGlite, or
// a fresh database per registry on PostgreSQL; see test/harness.ts), and runs inside a suite of its
// own in a process it shares with other files of its lane (scripts/test-shard.ts): starting Node and
// tsx cost as much CPU as a typical file's tests. TEST_PROCESS_PER_FILE=1 gives each file a process.
//
// The processes wait in one queue, longest first by the seconds recorded in scripts/test-durations.json,
// and TEST_CONCURRENCY of them run at once (default: one per core plus one per engine, as PostgreSQL's
// server processes and the browser tests' Chromium take part of their CPU outside the test process).
// A file listed in SERIAL has a process of its own at the head of the queue: it starts when no other
// file of its engine runs, and none of its engine starts beside it, while the other engine's files
// keep the remaining slots busy (run last, it once ran alone on an idle machine for its whole time).
// Each process's report is printed whole when it ends: one line when it passed (the whole TAP with
// TEST_VERBOSE=1), its whole TAP when it failed. Integration runs first make a compiled build of their
// own, which the tests that spawn the server and the CLI use (test/compiled.ts).
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { buildServer } from './server-bundle.ts';

type Engine = 'pglite' | 'postgres';
/** Lane is where a file runs: the unit lane, or the integration lane on one engine. */
type Lane = 'unit' | Engine;

/** SERIAL are the test files that must run alone on an engine, each with the reason. */
const SERIAL: Record<string, { engines: Engine[]; why: string }> = {
  'test/crash.test.ts': {
    engines: ['postgres'],
    why: 'it stops the whole PostgreSQL cluster (-m immediate), cutting every other file off',
  },
};

/** ONCE are the integration files that touch no database, so the engine under test cannot change what they check. */
const ONCE: Record<string, string> = {
  'test/build/compiled-build.test.ts': 'it builds and runs the compiled server and CLI, which open no database',
  'test/bundle-openings.test.ts': 'both bundle verifiers over a fixture built in memory',
  'test/cli/usage.test.ts': "hreg's help, version, language and usage errors, answered before any registry is reached",
};

/** FILE_TIMEOUT_MS cancels a file (and fails the run) that hangs, so CI never waits forever. */
const FILE_TIMEOUT_MS = 10 * 60_000;

const ROOT = fileURLToPath(new URL('../', import.meta.url));
/** DURATIONS is the table of each file's seconds in its lane, as the last `--record` run measured them. */
const DURATIONS = fileURLToPath(new URL('test-durations.json', import.meta.url));

function testFiles(dir: string): string[] {
  return readdirSync(`${ROOT}${dir}`, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.test.ts'))
    .map((f) => `${dir}/${f}`)
    .sort();
}

/** Job is one process: its lane, its files (several only in the unit lane) and whether it must be alone on its engine. */
interface Job {
  lane: Lane;
  files: string[];
  alone: boolean;
  cost: number;
}

/** Counts are a report's closing TAP counts. */
type Counts = Record<'tests' | 'pass' | 'fail' | 'skipped' | 'cancelled' | 'todo', number>;
const COUNTS: (keyof Counts)[] = ['tests', 'pass', 'fail', 'skipped', 'cancelled', 'todo'];

/** Finished is a job that ended: whether it passed, its counts, how long it took, each file's seconds, its CPU seconds and its failed files. */
interface Finished {
  job: Job;
  ok: boolean;
  counts: Counts;
  started: number;
  ended: number;
  seconds: Record<string, number>;
  cpu: number;
  failedFiles: string[];
}

const args = process.argv.slice(2);
const record = args.includes('--record');
const which = args.find((a) => !a.startsWith('--')) ?? 'all';
if (!['unit', 'integration', 'all'].includes(which) || args.some((a) => a.startsWith('--') && a !== '--record')) {
  console.error('usage: tsx scripts/test.ts [unit|integration] [--record]');
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
const cores = availableParallelism();
const concurrency = Number(process.env.TEST_CONCURRENCY || cores + engines.length);
const verbose = process.env.TEST_VERBOSE === '1';

let durations: Record<string, Record<string, number>> = {};
try {
  durations = JSON.parse(readFileSync(DURATIONS, 'utf8')) as typeof durations;
} catch {
  // No table yet: every file is new, and the queue keeps the files' order.
}
/** seconds is a file's recorded time in a lane, or the lane's mean for a file not recorded yet. */
function seconds(lane: Lane, file: string): number {
  const known = Object.values(durations[lane] ?? {});
  return durations[lane]?.[file] ?? (known.length > 0 ? known.reduce((x, y) => x + y, 0) / known.length : 5);
}

/**
 * share spreads a lane's files over count processes whose recorded seconds are about equal: the
 * longest file first, each into the process with the fewest seconds so far. TEST_PROCESS_PER_FILE=1
 * gives every file a process of its own, as `node --test` would.
 */
function share(lane: Lane, files: string[], count: number): Job[] {
  const n = process.env.TEST_PROCESS_PER_FILE === '1' ? files.length : Math.min(count, files.length);
  const jobs: Job[] = Array.from({ length: n }, () => ({ lane, files: [], alone: false, cost: 0 }));
  for (const f of [...files].sort((a, b) => seconds(lane, b) - seconds(lane, a))) {
    const job = jobs.reduce((x, y) => (y.cost < x.cost ? y : x));
    job.files.push(f);
    job.cost += seconds(lane, f);
  }
  return jobs;
}

const unitFiles = which === 'integration' ? [] : testFiles('src');
const integrationFiles = which === 'unit' ? [] : testFiles('test');
// The unit lane takes a process per core; each engine twice as many processes as run at once, so the
// last ones to finish are short; a SERIAL file has a process of its own.
const jobs: Job[] = [
  ...share('unit', unitFiles, cores),
  ...engines.flatMap((engine, i) => {
    const mine = integrationFiles.filter((f) => i === 0 || ONCE[f] === undefined);
    const alone = mine.filter((f) => SERIAL[f]?.engines.includes(engine));
    return [
      ...share(
        engine,
        mine.filter((f) => !alone.includes(f)),
        2 * concurrency,
      ),
      ...alone.map((f) => ({ lane: engine, files: [f], alone: true, cost: seconds(engine, f) })),
    ];
  }),
].sort((a, b) => Number(b.alone) - Number(a.alone) || b.cost - a.cost);

/** BUILD is this run's own compiled build (test/compiled.ts), beside dist/server so its paths to src/ and web/ are the same. */
const BUILD = join(ROOT, 'dist', `server-run-${process.pid}`);

const envFor = (lane: Lane): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = { ...process.env, HREG_TEST_BUILD: BUILD };
  if (lane !== 'postgres') delete env.TEST_DATABASE_URL;
  return env;
};

/** children are the process groups of the files running now. */
const children = new Set<number>();

/** run runs one job's process, reporting in TAP, and cancels it (with every process it started) after FILE_TIMEOUT_MS. */
function run(job: Job): Promise<Finished> {
  const started = performance.now();
  // The process reports each file's seconds (scripts/test-timing.ts) and the CPU it and its children used (scripts/test-cpu.ts).
  const entry = [
    '--import',
    './scripts/test-cpu.ts',
    '--test-reporter=./scripts/test-timing.ts',
    '--test-reporter-destination=stdout',
    'scripts/test-shard.ts',
    ...job.files,
  ];
  const child = spawn(process.execPath, ['--import', 'tsx', '--test-reporter=tap', '--test-reporter-destination=stdout', ...entry], {
    cwd: ROOT,
    env: envFor(job.lane),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const chunks: Buffer[] = [];
  child.stdout.on('data', (c: Buffer) => chunks.push(c));
  child.stderr.on('data', (c: Buffer) => chunks.push(c));
  if (child.pid !== undefined) children.add(child.pid);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
  }, FILE_TIMEOUT_MS);
  return new Promise((resolve) => {
    child.on('close', (code) => {
      clearTimeout(timer);
      if (child.pid !== undefined) children.delete(child.pid);
      const output = Buffer.concat(chunks).toString('utf8');
      const counts = Object.fromEntries(
        COUNTS.map((k) => [k, Number(output.match(new RegExp(`^# ${k} (\\d+)$`, 'm'))?.[1] ?? 0)]),
      ) as Counts;
      const ok = code === 0 && !timedOut && counts.fail === 0 && counts.tests > 0;
      const ended = performance.now();
      const perFile = output.match(/^# seconds per file (\{.*\})$/m)?.[1];
      const fileSeconds: Record<string, number> = perFile ? JSON.parse(perFile) : {};
      const cpu = Number(output.match(/^# cpu seconds ([\d.]+)$/m)?.[1] ?? Number.NaN);
      // Each file is a top-level suite (scripts/test-shard.ts): the failed ones are named, or, if the process died, all of its files.
      const named = [...output.matchAll(/^not ok \d+ - (\S+\.test\.ts)$/gm)].map((m) => m[1] ?? '');
      const failedFiles = ok ? [] : named.length > 0 ? named : job.files;
      const took = `${((ended - started) / 1000).toFixed(1)} s${Number.isFinite(cpu) ? ` (${cpu.toFixed(1)} s CPU)` : ''}`;
      const note = timedOut ? `, cancelled after ${FILE_TIMEOUT_MS / 60_000} min` : '';
      const what = job.files.length === 1 ? job.files[0] : `${job.files.length} files`;
      console.log(`${ok ? 'ok' : 'FAILED'} ${job.lane} ${what}: ${counts.tests} tests, ${counts.fail} failed in ${took}${note}`);
      if (!ok) console.log(`  failed: ${failedFiles.join(', ')}`);
      if (!ok || verbose) console.log(output.replace(/^/gm, '    '));
      resolve({ job, ok, counts, started, ended, seconds: fileSeconds, cpu: Number.isFinite(cpu) ? cpu : 0, failedFiles });
    });
  });
}

/** schedule runs the jobs, concurrency at a time, in the queue's order, a SERIAL file alone on its engine. */
function schedule(queue: Job[]): Promise<Finished[]> {
  const pending = [...queue];
  const running = new Set<Job>();
  // Interrupted, the run takes its files' processes (and theirs) down with it.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      for (const pid of children) process.kill(-pid, 'SIGKILL');
      process.exit(130);
    });
  }
  const done: Finished[] = [];
  return new Promise((resolve) => {
    const startable = (job: Job) => {
      const sameEngine = (j: Job) => j !== job && j.lane === job.lane;
      if ([...running].some((j) => sameEngine(j) && j.alone)) return false;
      return !job.alone || ![...running].some(sameEngine);
    };
    const next = () => {
      while (running.size < concurrency) {
        const i = pending.findIndex(startable);
        if (i < 0) break;
        const [job] = pending.splice(i, 1);
        if (!job) break;
        running.add(job);
        void run(job).then((f) => {
          running.delete(job);
          done.push(f);
          next();
        });
      }
      if (running.size === 0 && pending.length === 0) resolve(done);
    };
    next();
  });
}

const started = performance.now();
// The tests that start the server or the CLI as a user does run this run's compiled build: never the
// sources through tsx (three times the CPU per start), nor stale code, nor a build another run replaces.
if (integrationFiles.length > 0) {
  await buildServer(BUILD);
  process.on('exit', () => rmSync(BUILD, { recursive: true, force: true }));
  console.log(`# compiled build made in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
console.log(`# ${jobs.length} processes, ${concurrency} at a time: ${[...new Set(jobs.map((j) => j.lane))].join(', ')}`);
const finished = await schedule(jobs);

const lanes = [...new Set(jobs.map((j) => j.lane))];
const lines = lanes.map((lane) => {
  const mine = finished.filter((f) => f.job.lane === lane);
  const sum = (k: keyof Counts) => mine.reduce((n, f) => n + f.counts[k], 0);
  const wall = (Math.max(...mine.map((f) => f.ended)) - Math.min(...mine.map((f) => f.started))) / 1000;
  const cpu = mine.reduce((n, f) => n + f.cpu, 0);
  const failed = mine.flatMap((f) => f.failedFiles);
  return (
    `${lane}: ${failed.length === 0 ? 'ok' : `FAILED (${failed.join(', ')})`} in ${wall.toFixed(0)} s, ${cpu.toFixed(0)} s CPU ` +
    `(${mine.reduce((n, f) => n + f.job.files.length, 0)} files in ${mine.length} processes; ${sum('tests')} tests, ` +
    `${sum('pass')} passed, ${sum('fail')} failed, ${sum('skipped')} skipped)`
  );
});
const slowest = finished
  .filter((f) => f.job.lane !== 'unit')
  .flatMap((f) => Object.entries(f.seconds).map(([file, s]) => ({ file, s, lane: f.job.lane })))
  .sort((a, b) => b.s - a.s)
  .slice(0, 10)
  .map((x) => `${x.s.toFixed(0).padStart(5)} s  ${x.lane} ${x.file}`);
if (slowest.length > 0) console.log(`\n# the ten longest files:\n# ${slowest.join('\n# ')}`);
console.log(`\n# ${lines.join('\n# ')}\n# all lanes: ${((performance.now() - started) / 1000).toFixed(0)} s`);

if (record) {
  const table = durations;
  // A failed file's time says little about its next run: it keeps the time it had.
  for (const f of finished) {
    const lane = { ...table[f.job.lane] };
    for (const file of f.failedFiles) delete f.seconds[file];
    for (const [file, s] of Object.entries(f.seconds)) lane[file] = Math.round(s * 10) / 10;
    table[f.job.lane] = lane;
  }
  const known = new Set([...testFiles('src'), ...testFiles('test')]);
  for (const lane of Object.keys(table)) {
    table[lane] = Object.fromEntries(
      Object.entries(table[lane] ?? {})
        .filter(([file]) => known.has(file))
        .sort(([a], [b]) => a.localeCompare(b)),
    );
  }
  writeFileSync(DURATIONS, `${JSON.stringify(table, null, 2)}\n`);
  console.log(
    `# recorded ${finished.reduce((n, f) => n + Object.keys(f.seconds).length, 0)} files' seconds in scripts/test-durations.json`,
  );
}
process.exit(finished.every((f) => f.ok) ? 0 : 1);
