/**
 * seed builds the verify/driver dataset: a migrated registry database holding
 * ~100 manufacturers, ~200 approved models and N registered robots with valid
 * codes from issueCode, gap-free serial counters, ownerships and key
 * components — written with bulk unnest() inserts, not through the API.
 * Events and log leaves are not written: verification never reads them.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { enterpriseCodeFor, issueCode, modelCodeFor } from '../src/code/index.ts';
import { canonicalLot, canonicalText } from '../src/component/part-identity.ts';
import { nameKey } from '../src/names/display-name.ts';
import { FIRST_REGULATOR as REGULATOR } from '../src/registry/init.ts';
import { migrate } from '../src/store/migrate.ts';
import { openPostgresStore } from '../src/store/postgres-store.ts';
import { databaseExists, recreateDatabase } from './database.ts';
import { progress, type ResultTable } from './report.ts';
import { seededRandom } from './stats.ts';

/** SeedOptions size the dataset. */
export interface SeedOptions {
  url: string;
  robots: number;
  chunk: number;
  reuse: boolean;
}

/** SeedResult describes the seeded database. */
export interface SeedResult {
  reused: boolean;
  robots: number;
  components: number;
  manufacturers: number;
  models: number;
  seconds: number;
  robotsPerSecond: number;
  rowsPerSecond: number;
}

const MANUFACTURERS = 100;
const MODELS = 200;
const DAYS = 730;
const CITIES = ['Shenzhen', 'Beijing', 'Shanghai', 'Hangzhou', 'Suzhou', 'Guangzhou', 'Wuhan', 'Chengdu', 'Tianjin', 'Hefei'];
const NOUNS = [
  'Robotics',
  'Dynamics',
  'Intelligent Machines',
  'Humanoid Technology',
  'Automation',
  'Embodied AI',
  'Bionics',
  'Motion',
  'Mechatronics',
  'Androids',
];
const FOREIGN = ['JP', 'KR', 'US', 'DE', 'FR', 'SG', 'GB', 'IT', 'CH', 'CA'];
const COMPONENT_POOL = [
  ['main_controller', 'Horizon Compute'],
  ['battery_pack', 'CATL Power'],
  ['joint_actuator_set', 'Harmonic Drive Systems'],
  ['vision_sensor', 'Orbbec Vision'],
  ['dexterous_hand', 'Inspire Hands'],
  ['lidar', 'Hesai Sensing'],
] as const;
const BODY = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

interface Maker {
  id: string;
  name: string;
  country: string;
  uscc: string | null;
  enterprise: string;
  models: number;
}
interface SeedModel {
  enterprise: string;
  model: string;
  ownerId: string;
  country: string;
  types: (typeof COMPONENT_POOL)[number][];
  weight: number;
}

function makers(rand: () => number): Maker[] {
  return Array.from({ length: MANUFACTURERS }, (_, i) => {
    // A few big makers with several models, a long tail with one: 20×4 + 40×2 + 40×1 = 200.
    const models = i < 20 ? 4 : i < 60 ? 2 : 1;
    const country = i % 10 === 9 ? FOREIGN[(i / 10) | 0]! : 'CN';
    const uscc = country === 'CN' ? '91' + Array.from({ length: 16 }, () => BODY[(rand() * 36) | 0]).join('') : null;
    return {
      id: randomUUID(),
      name: `${CITIES[i % 10]} ${NOUNS[(i / 10) | 0]} Co., Ltd.`,
      country,
      uscc,
      enterprise: enterpriseCodeFor(i + 1),
      models,
    };
  });
}

function modelsOf(ms: Maker[], rand: () => number): SeedModel[] {
  const out: SeedModel[] = [];
  for (const m of ms) {
    for (let k = 1; k <= m.models; k++) {
      const count = 2 + ((rand() * 3) | 0); // 2..4 key component types
      const types = COMPONENT_POOL.slice(0, count);
      // Zipf-like popularity so a few models hold most units, as in a real market.
      out.push({
        enterprise: m.enterprise,
        model: modelCodeFor(k),
        ownerId: m.id,
        country: m.country,
        types,
        weight: 1 / (out.length + 1) ** 0.8,
      });
    }
  }
  return out;
}

function isoDay(start: number, day: number): string {
  return new Date(start + day * 86_400_000).toISOString().slice(0, 10);
}

/** seededRobotCount returns the robot count of a seeded database, or undefined when it is absent or unseeded. */
export async function seededRobotCount(url: string): Promise<number | undefined> {
  if (!(await databaseExists(url))) return undefined;
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const marker = await c.query("SELECT value FROM registry_meta WHERE key = 'bench_seed'").catch(() => ({ rows: [] }));
    if (marker.rows.length === 0) return undefined;
    const { rows } = await c.query('SELECT count(*)::int AS n FROM robots');
    return rows[0].n as number;
  } finally {
    await c.end();
  }
}

/** seed creates and fills the database, or keeps it with reuse when its robot count already matches. */
export async function seed(opts: SeedOptions): Promise<SeedResult> {
  if (opts.reuse && (await seededRobotCount(opts.url)) === opts.robots) {
    progress(`reusing ${opts.url} with ${opts.robots.toLocaleString('en-US')} robots; applying any newer migrations`);
    const store = await openPostgresStore(opts.url, { poolSize: 1 });
    await migrate(store);
    await store.close();
    return {
      reused: true,
      robots: opts.robots,
      components: NaN,
      manufacturers: MANUFACTURERS,
      models: MODELS,
      seconds: 0,
      robotsPerSecond: NaN,
      rowsPerSecond: NaN,
    };
  }
  const started = performance.now();
  progress(`recreating ${opts.url}`);
  await recreateDatabase(opts.url);
  const store = await openPostgresStore(opts.url, { poolSize: 2 });
  await migrate(store);
  await store.close();

  // Seeding is not the measurement: skip waiting for WAL flushes.
  const pool = new pg.Pool({ connectionString: opts.url, max: 2, options: '-c synchronous_commit=off' });
  const rand = seededRandom(20_260_101);
  const ms = makers(rand);
  const models = modelsOf(ms, rand);
  const now = new Date();

  await pool.query(
    `INSERT INTO participants (id, name, name_en, name_key, name_en_key, country, roles, created_at) VALUES ($1, $2, $3, $4, $5, 'CN', '{regulator}', $6)`,
    [randomUUID(), REGULATOR.name, REGULATOR.nameEn, nameKey(REGULATOR.name), nameKey(REGULATOR.nameEn), now],
  );
  await pool.query("INSERT INTO registry_meta (key, value) VALUES ('initialised_at', $1)", [now.toISOString()]);
  await pool.query(
    // Each name beside its comparison key, as the registry writes it, so look-alike checks see these makers too.
    `INSERT INTO participants (id, name, name_key, country, uscc, roles, enterprise_code, next_model, created_at)
     SELECT i, n, nk, c, u, '{manufacturer}', e, k + 1, $7 FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int[], $8::text[]) AS x(i, n, c, u, e, k, nk)`,
    [
      ms.map((m) => m.id),
      ms.map((m) => m.name),
      ms.map((m) => m.country),
      ms.map((m) => m.uscc),
      ms.map((m) => m.enterprise),
      ms.map((m) => m.models),
      now,
      ms.map((m) => nameKey(m.name)),
    ],
  );
  await pool.query(`SELECT setval('enterprise_number_seq', ${MANUFACTURERS})`);
  const params = {
    heightCm: 165,
    massKg: 55,
    degreesOfFreedom: 41,
    payloadKg: 15,
    topSpeedKmh: 6,
    batteryChemistry: 'NMC',
    batteryCapacityWh: 1800,
    autonomyLevel: 'L3',
    applications: ['manufacturing', 'logistics'],
  };
  await pool.query(
    `INSERT INTO models (enterprise_code, model_code, name, name_key, category, parameters, component_types, status, filed_at, updated_at)
     SELECT e, m, n, nk, '通用人形机器人', $4::jsonb, string_to_array(t, ','), 'approved', $5, $5
       FROM unnest($1::text[], $2::text[], $3::text[], $6::text[], $7::text[]) AS x(e, m, n, t, nk)`,
    [
      models.map((m) => m.enterprise),
      models.map((m) => m.model),
      models.map((m, i) => `H${i + 1} ${m.model}`),
      JSON.stringify(params),
      now,
      models.map((m) => m.types.map((t) => t[0]).join(',')),
      models.map((m, i) => nameKey(`H${i + 1} ${m.model}`)),
    ],
  );

  // Draw (model, day) for every robot, then issue gap-free sequences per group.
  const start = Date.UTC(now.getUTCFullYear() - 2, now.getUTCMonth(), now.getUTCDate());
  const cumulative: number[] = [];
  let total = 0;
  for (const m of models) {
    total += m.weight;
    cumulative.push(total);
  }
  const counts = new Uint32Array(models.length * DAYS);
  for (let i = 0; i < opts.robots; i++) {
    const r = rand() * total;
    let lo = 0;
    let hi = models.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < r) lo = mid + 1;
      else hi = mid;
    }
    counts[lo * DAYS + ((rand() * DAYS) | 0)]!++;
  }

  let inserted = 0;
  let components = 0;
  const inFlight = new Set<Promise<void>>();
  const flush = async (rows: ChunkRows) => {
    const c = await pool.connect();
    try {
      await c.query(
        `INSERT INTO robots (code, enterprise_code, model_code, production_date, sequence, status, owner_id, firmware, version, registered_at, updated_at)
         SELECT c, e, m, d, s, 'registered', o, f, 1, t, t FROM unnest($1::text[], $2::text[], $3::text[], $4::date[], $5::bigint[], $6::uuid[], $7::text[], $8::timestamptz[]) AS x(c, e, m, d, s, o, f, t)`,
        [rows.code, rows.enterprise, rows.model, rows.date, rows.sequence, rows.owner, rows.firmware, rows.at],
      );
      await c.query(
        `INSERT INTO components (component_type, maker, serial, lot, robot_code, state, updated_at, canonical_maker, canonical_serial, canonical_lot)
         SELECT t, m, s, l, r, 'installed', u, cm, cs, cl
           FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::text[], $8::text[], $9::text[]) AS x(t, m, s, l, r, u, cm, cs, cl)`,
        [
          rows.cType,
          rows.cMaker,
          rows.cSerial,
          rows.cLot,
          rows.cRobot,
          rows.cAt,
          rows.cMaker.map(canonicalText),
          rows.cSerial.map(canonicalText),
          rows.cLot.map((l) => canonicalLot(l)),
        ],
      );
      await c.query(
        'INSERT INTO ownerships (robot_code, owner_id, from_seq) SELECT c, o, 1 FROM unnest($1::text[], $2::uuid[]) AS x(c, o)',
        [rows.code, rows.owner],
      );
    } finally {
      c.release();
    }
    inserted += rows.code.length;
    components += rows.cType.length;
  };
  let lastReport = 0;
  let rows = emptyChunk();
  let serial = 0;
  for (let mi = 0; mi < models.length; mi++) {
    const m = models[mi]!;
    for (let day = 0; day < DAYS; day++) {
      const n = counts[mi * DAYS + day]!;
      if (n === 0) continue;
      const date = isoDay(start, day);
      for (let s = 0; s < n; s++) {
        const code = issueCode({ country: m.country, enterprise: m.enterprise, model: m.model, productionDate: date, sequence: s });
        const at = new Date(start + day * 86_400_000 + 8 * 3_600_000 + rand() * 2 * 86_400_000).toISOString();
        rows.code.push(code);
        rows.enterprise.push(m.enterprise);
        rows.model.push(m.model);
        rows.date.push(date);
        rows.sequence.push(s);
        rows.owner.push(m.ownerId);
        rows.firmware.push(`v${1 + (day >> 8)}.${(day >> 4) & 15}.${rand() < 0.5 ? 0 : 1}`);
        rows.at.push(at);
        const id = (serial++).toString(36).toUpperCase().padStart(8, '0');
        for (const [type, maker] of m.types) {
          rows.cType.push(type);
          rows.cMaker.push(maker);
          rows.cSerial.push(`${type.slice(0, 3).toUpperCase()}-${id}`);
          rows.cLot.push(`LOT-${date.slice(0, 7)}`);
          rows.cRobot.push(code);
          rows.cAt.push(at);
        }
        if (rows.code.length >= opts.chunk) {
          const chunk = rows;
          rows = emptyChunk();
          // Two chunks in flight: PostgreSQL inserts one while JS builds the next.
          while (inFlight.size >= 2) await Promise.race(inFlight);
          const p: Promise<void> = flush(chunk).finally(() => inFlight.delete(p));
          inFlight.add(p);
          if (performance.now() - lastReport > 5000) {
            lastReport = performance.now();
            const secs = (lastReport - started) / 1000;
            progress(
              `seed: ${inserted.toLocaleString('en-US')}/${opts.robots.toLocaleString('en-US')} robots (${Math.round(inserted / secs).toLocaleString('en-US')} robots/s)`,
            );
          }
        }
      }
    }
  }
  if (rows.code.length > 0) inFlight.add(flush(rows));
  await Promise.all(inFlight);

  // Serial counters: next_sequence is how many sequences each (enterprise, model, date) has issued.
  const sc: { e: string[]; m: string[]; d: string[]; n: number[] } = { e: [], m: [], d: [], n: [] };
  models.forEach((m, mi) => {
    for (let day = 0; day < DAYS; day++) {
      const n = counts[mi * DAYS + day]!;
      if (n === 0) continue;
      sc.e.push(m.enterprise);
      sc.m.push(m.model);
      sc.d.push(isoDay(start, day));
      sc.n.push(n);
    }
  });
  await pool.query(
    `INSERT INTO serial_counters (enterprise_code, model_code, production_date, next_sequence)
     SELECT * FROM unnest($1::text[], $2::text[], $3::date[], $4::bigint[])`,
    [sc.e, sc.m, sc.d, sc.n],
  );
  const loaded = performance.now();
  progress(
    `seed: ${inserted.toLocaleString('en-US')} robots loaded in ${((loaded - started) / 1000).toFixed(1)}s; VACUUM ANALYZE + CHECKPOINT`,
  );
  // Set hint bits and statistics now, so the first benchmark reads do not write.
  await pool.query('VACUUM (ANALYZE) robots, components, ownerships, serial_counters, models, participants');
  await pool.query('CHECKPOINT');
  await pool.query("INSERT INTO registry_meta (key, value) VALUES ('bench_seed', $1)", [
    JSON.stringify({ robots: inserted, components, seededAt: new Date().toISOString() }),
  ]);
  await pool.end();
  const seconds = (performance.now() - started) / 1000;
  const rowsTotal = inserted * 2 + components + sc.e.length;
  return {
    reused: false,
    robots: inserted,
    components,
    manufacturers: ms.length,
    models: models.length,
    seconds,
    robotsPerSecond: inserted / seconds,
    rowsPerSecond: rowsTotal / seconds,
  };
}

interface ChunkRows {
  code: string[];
  enterprise: string[];
  model: string[];
  date: string[];
  sequence: number[];
  owner: string[];
  firmware: string[];
  at: string[];
  cType: string[];
  cMaker: string[];
  cSerial: string[];
  cLot: string[];
  cRobot: string[];
  cAt: string[];
}

function emptyChunk(): ChunkRows {
  return {
    code: [],
    enterprise: [],
    model: [],
    date: [],
    sequence: [],
    owner: [],
    firmware: [],
    at: [],
    cType: [],
    cMaker: [],
    cSerial: [],
    cLot: [],
    cRobot: [],
    cAt: [],
  };
}

/** sampleCodes draws up to n robot codes at random from the seeded database. */
export async function sampleCodes(url: string, n: number): Promise<string[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const { rows } = await c.query('SELECT code FROM robots ORDER BY random() LIMIT $1', [n]);
    return rows.map((r: { code: string }) => r.code);
  } finally {
    await c.end();
  }
}

/** seedTable reports a seeding run. */
export function seedTable(r: SeedResult, url: string): ResultTable {
  return {
    title: `seed — ${url}`,
    rows: [
      {
        database: new URL(url).pathname.slice(1),
        reused: r.reused,
        robots: r.robots,
        components: r.components,
        manufacturers: r.manufacturers,
        models: r.models,
        seconds: r.seconds,
        'robots/s': r.robotsPerSecond,
        'rows/s (all tables)': r.rowsPerSecond,
      },
    ],
    notes: [
      'bulk unnest() inserts, 2 chunks in flight, synchronous_commit=off for the seeding session only; includes VACUUM ANALYZE + CHECKPOINT',
    ],
  };
}
