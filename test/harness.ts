import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { generateSignerKey } from '../src/ledger/index.ts';
import { buildApp, type App, type AppOptions } from '../src/http/app.ts';
import { registryContext, type RegistryContext } from '../src/registry/context.ts';
import { initRegistry } from '../src/registry/init.ts';
import { createLogSigner } from '../src/registry/log/log-signer.ts';
import { FactsCache } from '../src/registry/robots/facts-cache.ts';
import { migrate } from '../src/store/migrate.ts';
import { openPgliteStore } from '../src/store/pglite-store.ts';
import { openPostgresStore } from '../src/store/postgres-store.ts';
import type { Store } from '../src/store/store.ts';
import { responseValidator, type Answer, type ResponseValidator } from './openapi/response-validator.ts';
import { openMigratedPglite } from './pglite-template.ts';

/** TEST_DATABASE_URL runs the suite on PostgreSQL; unset, on in-memory PGlite. */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || undefined;
export const ENGINE = TEST_DATABASE_URL ? 'postgres' : 'pglite';
export const TEST_ORIGIN = 'test.humanoid-registry.local/log';
/** CHECK_RESPONSES sends every answer of call() through the response validator built from /openapi.json: always, unless HREG_CHECK_RESPONSES=0. */
export const CHECK_RESPONSES = process.env.HREG_CHECK_RESPONSES !== '0';

/**
 * OUTSIDE_THE_DOCUMENT are the only answers call() takes for a URL no operation of the document
 * matches; every answer of a documented operation must be described in full.
 */
const OUTSIDE_THE_DOCUMENT: { why: string; takes(a: Answer): boolean }[] = [
  {
    why: 'the document itself is not one of its operations',
    takes: (a) => a.method === 'GET' && a.url.split('?')[0] === '/openapi.json' && a.status === 200,
  },
  { why: 'the Swagger UI that shows the document', takes: (a) => a.method === 'GET' && a.url.split('?')[0]!.startsWith('/docs') },
  {
    why: 'a URL no route serves answers 404 NOT_FOUND as a Problem',
    takes: (a) => a.status === 404 && (a.contentType ?? '').startsWith('application/problem+json'),
  },
  {
    why: "the web UI's pages and bundled assets (HTML, JavaScript, CSS) are the browser app, not API operations",
    takes: (a) => a.method === 'GET' && a.status === 200 && /^text\/(html|javascript|css)/.test(a.contentType ?? ''),
  },
  { why: 'the liveness probe for load balancers', takes: (a) => a.method === 'GET' && a.url === '/healthz' && a.status === 200 },
  {
    why: 'a URL whose percent-encoding is malformed is refused 400 as a Problem before any route is chosen, so no operation matches it',
    takes: (a) => a.status === 400 && (a.contentType ?? '').startsWith('application/problem+json') && !decodes(a.url.split('?')[0] ?? ''),
  },
];

/** decodes tells whether a URL path's percent-encoding is well formed. */
function decodes(path: string): boolean {
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}

/** TestDatabase is a fresh, empty database for one test file, with its URL on PostgreSQL. */
export interface TestDatabase {
  store: Store;
  url?: string;
  dispose(): Promise<void>;
}

function withDatabase(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}

/** freshDatabase creates an empty, migrated database on the engine under test (to migrateTo, for tests of a migration over older rows). */
export async function freshDatabase(migrateTo?: string): Promise<TestDatabase> {
  if (!TEST_DATABASE_URL) {
    if (migrateTo === undefined) {
      const store = await openMigratedPglite();
      return { store, dispose: () => store.close() };
    }
    const store = await openPgliteStore();
    await migrate(store, migrateTo);
    return { store, dispose: () => store.close() };
  }
  const name = `hreg_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = withDatabase(TEST_DATABASE_URL, name);
  const store = await openPostgresStore(url);
  await migrate(store, migrateTo);
  return {
    store,
    url,
    async dispose() {
      await store.close();
      const a = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}

/** validators are the response validators made in this process, one per document: a file's test registries share one, and its compiled schemas. */
const validators = new Map<string, ResponseValidator>();

/** validatorFor is the response validator for document, made once per text of the document. */
function validatorFor(document: object): ResponseValidator {
  const text = JSON.stringify(document);
  const made = validators.get(text);
  if (made) return made;
  const validator = responseValidator(document);
  validators.set(text, validator);
  return validator;
}

/** TestRegistry is a registry with its HTTP app (in-process, via inject) and a regulator token. */
export interface TestRegistry {
  ctx: RegistryContext;
  app: App;
  db: TestDatabase;
  regulatorToken: string;
  verifierKey: string;
  call(
    method: string,
    url: string,
    opts?: { token?: string; body?: unknown; headers?: Record<string, string> },
  ): Promise<{ status: number; body: any; headers: Record<string, unknown> }>;
  dispose(): Promise<void>;
}

/** testRegistry builds a fresh registry over a fresh database; pass now to pin the clock, webhookTargets as config.ts reads them. */
export async function testRegistry(
  opts: { now?: () => Date; publicRateLimit?: number; webhookTargets?: AppOptions['webhookTargets'] } = {},
): Promise<TestRegistry> {
  const db = await freshDatabase();
  const { signerKey, verifierKey } = generateSignerKey(TEST_ORIGIN);
  const ctx = registryContext({
    store: db.store,
    signer: createLogSigner(TEST_ORIGIN, signerKey),
    now: opts.now ?? (() => new Date()),
    facts: new FactsCache(),
  });
  const init = await initRegistry(db.store, ctx.now());
  const app = await buildApp(ctx, { publicRateLimit: opts.publicRateLimit ?? 1_000_000, webhookTargets: opts.webhookTargets });
  await app.ready();
  // Every answer call() sees is checked against the app's own OpenAPI document (HREG_CHECK_RESPONSES=0 turns it off).
  const checker = CHECK_RESPONSES ? validatorFor(app.swagger()) : undefined;
  return {
    ctx,
    app,
    db,
    regulatorToken: init.regulatorToken,
    verifierKey,
    async call(method, url, o = {}) {
      const headers: Record<string, string> = { ...(o.headers ?? {}) };
      if (o.token) headers.authorization = `Bearer ${o.token}`;
      const res = await app.inject({
        method: method as 'GET',
        url,
        headers,
        ...(o.body !== undefined ? { payload: o.body as object } : {}),
      });
      let body: unknown = res.body;
      if ((res.headers['content-type'] ?? '').toString().includes('json') && res.body) body = res.json();
      const contentType = res.headers['content-type']?.toString();
      const answer = { method, url, status: res.statusCode, contentType, body };
      let undocumented = checker?.check(answer);
      if (undocumented?.endsWith('no operation in the document') && OUTSIDE_THE_DOCUMENT.some((x) => x.takes(answer)))
        undocumented = undefined;
      if (undocumented) throw new Error(`The OpenAPI document does not describe this answer: ${undocumented}`);
      return { status: res.statusCode, body, headers: res.headers as Record<string, unknown> };
    },
    async dispose() {
      await app.close();
      await db.dispose();
    },
  };
}

/** Enrolled is a participant with a token. */
export interface Enrolled {
  id: string;
  token: string;
  enterpriseCode: string | null;
}

/** enrol creates a participant with roles and issues it a token, through the API. */
export async function enrol(
  r: TestRegistry,
  roles: string[],
  name = `Org ${randomBytes(3).toString('hex')}`,
  country = 'CN',
): Promise<Enrolled> {
  const p = await r.call('POST', '/v1/participants', { token: r.regulatorToken, body: { name, country, roles } });
  if (p.status !== 201) throw new Error(`enrol failed: ${JSON.stringify(p.body)}`);
  const t = await r.call('POST', `/v1/participants/${p.body.id}/tokens`, { token: r.regulatorToken, body: {} });
  if (t.status !== 201) throw new Error(`token failed: ${JSON.stringify(t.body)}`);
  return { id: p.body.id, token: t.body.token, enterpriseCode: p.body.enterpriseCode };
}

/** MODEL_PARAMETERS are plausible technical parameters for test models. */
export const MODEL_PARAMETERS = {
  heightCm: 172,
  massKg: 63,
  degreesOfFreedom: 43,
  payloadKg: 20,
  topSpeedKmh: 7.2,
  batteryChemistry: 'NMC',
  batteryCapacityWh: 2100,
  autonomyLevel: 'L3',
  applications: ['logistics', 'manufacturing'],
};

/** COMPONENT_TYPES are the key component types test models declare. */
export const COMPONENT_TYPES = ['main_controller', 'battery_pack'];

/** fileModel files a model for maker and, unless approve is false, has the regulator approve it. Returns the model code. */
export async function fileModel(r: TestRegistry, maker: Enrolled, approve = true, componentTypes = COMPONENT_TYPES): Promise<string> {
  const m = await r.call('POST', '/v1/models', {
    token: maker.token,
    body: {
      name: `Model ${randomBytes(3).toString('hex')}`,
      category: 'general-purpose humanoid',
      parameters: MODEL_PARAMETERS,
      componentTypes,
    },
  });
  if (m.status !== 201) throw new Error(`file model failed: ${JSON.stringify(m.body)}`);
  if (approve) {
    const a = await r.call('POST', `/v1/models/${maker.enterpriseCode}/${m.body.modelCode}/approve`, { token: r.regulatorToken });
    if (a.status !== 200) throw new Error(`approve failed: ${JSON.stringify(a.body)}`);
  }
  return m.body.modelCode;
}

/**
 * PRODUCTION_DATE is ten days before the day the suite runs: a production
 * date the registry accepts whatever that day is (not in the future, not long
 * before a model filed today), so no test depends on the date it runs.
 */
export const PRODUCTION_DATE = new Date(Date.now() - 10 * 86_400_000).toISOString().slice(0, 10);

/** daysAgo is the calendar day n days before today (UTC), for tests whose dates must stay inside the production window whatever day they run. */
export const daysAgo = (n: number): string => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);

let componentCounter = 0;
/** unitBody makes a unit with fresh, unique component serials. */
export function unitBody(model: string, productionDate = PRODUCTION_DATE, componentTypes = COMPONENT_TYPES) {
  return {
    model,
    productionDate,
    components: componentTypes.map((type) => ({
      type,
      maker: 'ACME Parts',
      serial: `SN-${process.pid}-${++componentCounter}`,
      lot: 'LOT-1',
    })),
  };
}
