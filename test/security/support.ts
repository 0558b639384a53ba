/**
 * Helpers shared by the security tests: a digest of everything a request may
 * change, the app's registered route list, and problem-document checks.
 */
import assert from 'node:assert/strict';
import type { TestRegistry } from '../harness.ts';

/** digest sums up every table a request may write, so a refused request can be shown to have changed nothing. */
export async function digest(r: TestRegistry): Promise<Record<string, unknown>> {
  const [row] = await r.ctx.store.query<Record<string, unknown>>(
    `SELECT (SELECT count(*)::int FROM participants) AS participants,
            (SELECT count(*)::int FROM api_tokens) AS tokens,
            (SELECT count(*)::int FROM api_tokens WHERE revoked_at IS NOT NULL) AS revoked,
            (SELECT count(*)::int FROM models) AS models,
            (SELECT coalesce(string_agg(enterprise_code || model_code || status, ',' ORDER BY enterprise_code, model_code), '') FROM models) AS model_states,
            (SELECT count(*)::int FROM robots) AS robots,
            (SELECT coalesce(sum(version), 0)::int FROM robots) AS robot_versions,
            (SELECT count(*)::int FROM events) AS events,
            (SELECT count(*)::int FROM components) AS components,
            (SELECT count(*)::int FROM ownerships) AS ownerships,
            (SELECT count(*)::int FROM service_grants) AS grants,
            (SELECT count(*)::int FROM personal_data) AS personal,
            (SELECT count(*)::int FROM incidents) AS incidents,
            (SELECT count(*)::int FROM defect_signals) AS defect_signals,
            (SELECT count(*)::int FROM recalls) AS recalls,
            (SELECT coalesce(sum(version), 0)::int FROM recalls) AS recall_versions,
            (SELECT count(*)::int FROM recalls WHERE closed_at IS NOT NULL) AS recalls_closed,
            (SELECT count(*)::int FROM recall_units) AS recall_units,
            (SELECT count(*)::int FROM webhook_subscriptions) AS webhooks,
            (SELECT count(*)::int FROM webhook_subscriptions WHERE deleted_at IS NOT NULL) AS webhooks_deleted,
            (SELECT count(*)::int FROM webhook_deliveries) AS deliveries,
            (SELECT count(*)::int FROM idempotency_keys) AS idempotency_keys,
            (SELECT count(*)::int FROM outbox) AS outbox,
            (SELECT count(*)::int FROM software_versions) AS software_versions,
            (SELECT count(*)::int FROM software_versions WHERE blocked) AS software_blocked,
            (SELECT count(*)::int FROM software_version_decisions) AS software_decisions,
            (SELECT count(*)::int FROM ota_campaigns) AS campaigns,
            (SELECT count(*)::int FROM ota_campaigns WHERE acknowledged_at IS NOT NULL) AS campaigns_acknowledged,
            (SELECT count(*)::int FROM campaign_units) AS campaign_units,
            (SELECT count(updated_seq)::int FROM campaign_units) AS campaign_updated,
            (SELECT coalesce(string_agg(code || coalesce(software_version, ''), ',' ORDER BY code), '') FROM robots) AS installed,
            (SELECT size::int FROM log_head) AS log_size`,
  );
  return row!;
}

/** RouteEntry is one registered method + path template. */
export interface RouteEntry {
  method: string;
  path: string;
}

/** registeredRoutes parses Fastify's printRoutes tree into method + path pairs (HEAD left out). */
export function registeredRoutes(app: { printRoutes(opts?: { commonPrefix?: boolean }): string }): RouteEntry[] {
  const stack: string[] = [];
  const out: RouteEntry[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const at = line.indexOf('── ');
    if (at < 0) continue;
    const depth = (at - 1) / 4;
    const m = /^(.*?)(?: \(([A-Z, ]+)\))?$/.exec(line.slice(at + 3).trim())!;
    stack.length = depth;
    stack.push(m[1]!);
    const path = stack.join('').replace(/^\/\//, '/');
    for (const method of (m[2] ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)) {
      if (method !== 'HEAD') out.push({ method, path });
    }
  }
  return out;
}

type Res = Awaited<ReturnType<TestRegistry['call']>>;

const PROBLEM_KEYS = new Set(['type', 'title', 'status', 'detail', 'code', 'instance']);
/** Extra members some problems carry by design. */
const PROBLEM_EXTRAS = new Set([
  'errors',
  'suggestions',
  'candidates',
  'confusableWith',
  'reasons',
  'required',
  'limit',
  'max',
  'code',
  'rule',
  'allowed',
  'unitStatus',
  'allowedFrom',
  'current',
  'modelStatus',
  'entry',
  'problems',
  'unit',
  'normalised',
  'part',
  // Issue #15, items 4–6: the brand and its correction event, the last usage reading, the brands known, the revision.
  'brand',
  'correction',
  'last',
  'known',
  'suggestion',
  'revision',
  'revisionStatus',
  'significant',
  // Every answer names its request (X-Request-Id), problems too.
  'requestId',
]);

/** assertProblem checks an RFC 9457 problem answer with the registry's stable code, and no leaked internals. */
export function assertProblem(res: Res, status: number, code?: string, what = ''): void {
  const ctx = `${what} → ${res.status} ${JSON.stringify(res.body).slice(0, 400)}`;
  assert.equal(res.status, status, ctx);
  assert.match(String(res.headers['content-type']), /^application\/problem\+json/, ctx);
  assert.equal(typeof res.body, 'object', ctx);
  if (code) assert.equal(res.body.code, code, ctx);
  assert.equal(typeof res.body.code, 'string', ctx);
  assert.equal(res.body.status, status, ctx);
  assert.equal(typeof res.body.title, 'string', ctx);
  assert.equal(typeof res.body.detail, 'string', ctx);
  assert.match(res.body.type, /^https:\/\/humanoid-registry\.dev\/problems\/[A-Z_]+$/, ctx);
  assertNoLeak(res, ctx);
}

/** assertNoLeak refuses stack traces, SQL and driver internals in an answer. */
export function assertNoLeak(res: Res, what = ''): void {
  const text = typeof res.body === 'string' ? res.body : JSON.stringify(res.body);
  assert.doesNotMatch(text, /\n\s+at |node_modules|\.ts:\d+|\bstack\b/, `${what}: stack trace leaked`);
  assert.doesNotMatch(
    text,
    /\b(SELECT|INSERT INTO|UPDATE \w+ SET|DELETE FROM)\b|syntax error at|violates .* constraint|relation "\w+"|pg_|PGlite|SQLSTATE/,
    `${what}: SQL leaked`,
  );
  if (res.status >= 400 && res.body && typeof res.body === 'object') {
    for (const k of Object.keys(res.body))
      assert.ok(PROBLEM_KEYS.has(k) || PROBLEM_EXTRAS.has(k), `${what}: unexpected problem member ${k}`);
  }
}
