/**
 * replica-cluster: a throw-away PostgreSQL primary and a streaming standby of it on this
 * machine, as test/replicas.test.ts makes them (initdb on a free port, `pg_basebackup -R`
 * into a second data directory, another port), under one folder in /tmp that stop()
 * removes. Also the CPU each cluster's processes used, read from /proc, so a benchmark
 * can say what a request cost the database on each side.
 */
import { execFileSync } from 'node:child_process';
import { appendFileSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { sleep } from './stats.ts';

/** PG_BIN holds PostgreSQL 15's server programs (Debian's layout). */
export const PG_BIN = '/usr/lib/postgresql/15/bin';

const root = process.getuid?.() === 0;

/** asPostgres runs a PostgreSQL program as the postgres user (PostgreSQL refuses to run as root). */
function asPostgres(program: string, args: string[]): string {
  const [cmd, argv] = root ? ['runuser', ['-u', 'postgres', '--', join(PG_BIN, program), ...args]] : [join(PG_BIN, program), args];
  return execFileSync(cmd as string, argv as string[], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 300_000 });
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

/** ClusterNode is one running cluster: where its files are and the port it listens on. */
export interface ClusterNode {
  dir: string;
  port: number;
  /** url names database db on this node as the postgres user. */
  url(db: string): string;
}

/** ReplicaPair is a primary and, once added, its streaming standby. */
export interface ReplicaPair {
  primary: ClusterNode;
  replica: ClusterNode | undefined;
  /** addReplica takes a base backup of the primary (-R: standby.signal and primary_conninfo) and starts it streaming. */
  addReplica(): Promise<ClusterNode>;
  /** stop stops both clusters at once and removes their files. */
  stop(): void;
}

function node(dir: string, port: number): ClusterNode {
  return { dir, port, url: (db) => `postgres://postgres@127.0.0.1:${port}/${db}` };
}

function start(n: ClusterNode): void {
  asPostgres('pg_ctl', ['-D', n.dir, '-l', `${n.dir}.log`, '-w', '-t', '120', '-o', `-p ${n.port}`, 'start']);
}

/**
 * startPrimary makes and starts a primary that streams its WAL. Durability stays as in
 * production (fsync and synchronous_commit on): the lag and the write rate depend on it.
 */
export async function startPrimary(sharedBuffers = '256MB'): Promise<ReplicaPair> {
  if (!existsSync(join(PG_BIN, 'initdb'))) throw new Error(`PostgreSQL 15's server programs are not in ${PG_BIN}`);
  const dir = mkdtempSync(join(tmpdir(), 'hreg-bench-replicas-'));
  if (root) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }));
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }));
    chownSync(dir, uid, gid);
  }
  const started: ClusterNode[] = [];
  const stop = () => {
    for (const n of started) {
      try {
        asPostgres('pg_ctl', ['-D', n.dir, '-w', '-t', '60', '-m', 'immediate', 'stop']);
      } catch {
        // Already stopped.
      }
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const primary = node(join(dir, 'primary'), await freePort());
    asPostgres('initdb', ['-D', primary.dir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8']);
    appendFileSync(
      join(primary.dir, 'postgresql.conf'),
      `\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '${dir}'\nwal_level = replica\nmax_wal_senders = 4\n` +
        `shared_buffers = ${sharedBuffers}\nmax_connections = 200\n`,
    );
    appendFileSync(join(primary.dir, 'pg_hba.conf'), '\nhost replication postgres 127.0.0.1/32 trust\n');
    started.push(primary);
    start(primary);
    const pair: ReplicaPair = {
      primary,
      replica: undefined,
      async addReplica() {
        const replica = node(join(dir, 'replica'), await freePort());
        asPostgres('pg_basebackup', [
          '-h',
          '127.0.0.1',
          '-p',
          String(primary.port),
          '-U',
          'postgres',
          '-D',
          replica.dir,
          '-R',
          '-X',
          'stream',
          '-c',
          'fast',
        ]);
        started.push(replica);
        start(replica);
        const end = Date.now() + 120_000;
        while (!(await streaming(primary))) {
          if (Date.now() > end) throw new Error('the standby did not start streaming within 120 s');
          await sleep(100);
        }
        pair.replica = replica;
        return replica;
      },
      stop,
    };
    return pair;
  } catch (err) {
    stop();
    throw err;
  }
}

async function streaming(primary: ClusterNode): Promise<boolean> {
  const rows = await query(primary, "SELECT 1 FROM pg_stat_replication WHERE state = 'streaming'");
  return rows.length === 1;
}

/** query runs one statement on a node's postgres database with a short-lived connection. */
export async function query<T = Record<string, unknown>>(n: ClusterNode, sql: string, params: unknown[] = []): Promise<T[]> {
  const c = new pg.Client({ connectionString: n.url('postgres') });
  await c.connect();
  try {
    return (await c.query(sql, params)).rows as T[];
  } finally {
    await c.end();
  }
}

const TICK_MS = 1000 / 100; // USER_HZ is 100 on Linux

/**
 * clusterCpuMs is the CPU time (user + system) a cluster's processes have used so far: the
 * postmaster's own and its exited children's, plus every live child (backends, the WAL
 * sender or receiver, the startup process replaying WAL).
 */
export function clusterCpuMs(n: ClusterNode): number {
  const postmaster = Number(readFileSync(join(n.dir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  let ticks = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // exited meanwhile
    }
    // Fields after the command (which may hold spaces): state ppid … utime(14) stime(15) cutime(16) cstime(17).
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const pid = Number(entry);
    const ppid = Number(f[1]);
    if (pid === postmaster) ticks += Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
    else if (ppid === postmaster) ticks += Number(f[11]) + Number(f[12]);
  }
  return ticks * TICK_MS;
}
