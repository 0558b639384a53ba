/** Helpers for the public-report tests: solve a challenge and file a report from a given network address. */
import { solveChallenge } from '../../src/report/proof-of-work.ts';
import type { TestRegistry } from '../harness.ts';

/** TEST_POLICY keeps the work tiny (tests measure the rules, not the hashing) and the limits small enough to reach. */
export const TEST_POLICY = { powBits: 4, perAddressPerHour: 5, perCodePerHour: 8 };

/** A 1×1 PNG. */
export const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

/** challengeFor fetches and solves a challenge for code. */
export async function challengeFor(r: TestRegistry, code: string, address = '127.0.0.1'): Promise<{ challenge: string; work: string }> {
  const res = await r.app.inject({ method: 'GET', url: `/v1/robots/${code}/reports/challenge`, remoteAddress: address });
  if (res.statusCode !== 200) throw new Error(`challenge: ${res.statusCode} ${res.body}`);
  const { challenge, bits } = res.json() as { challenge: string; bits: number };
  return { challenge, work: solveChallenge(challenge, bits) };
}

/** fileFrom files a report about code from a network address (with extra headers, e.g. a spoofed X-Forwarded-For). */
export async function fileFrom(
  r: TestRegistry,
  code: string,
  body: Record<string, unknown>,
  opts: { address?: string; headers?: Record<string, string>; token?: string; solved?: { challenge: string; work: string } } = {},
) {
  const address = opts.address ?? '127.0.0.1';
  const solved = opts.solved ?? (await challengeFor(r, code, address));
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  const res = await r.app.inject({
    method: 'POST',
    url: `/v1/robots/${code}/reports`,
    remoteAddress: address,
    headers,
    payload: { category: 'safety_hazard', description: 'It swung its arm at a child in the mall.', ...solved, ...body },
  });
  return { status: res.statusCode, body: res.json() as any, headers: res.headers as Record<string, unknown> };
}

/** reportCounts counts reports, their personal rows, and the log's size: a refused report changes none of them. */
export async function reportCounts(r: TestRegistry) {
  const [row] = await r.ctx.store.query<{ reports: number; personal: number; size: number; events: number; signals: number }>(
    `SELECT (SELECT count(*)::int FROM public_reports) AS reports, (SELECT count(*)::int FROM public_report_personal) AS personal,
            (SELECT size FROM log_head)::int AS size, (SELECT count(*)::int FROM events) AS events, (SELECT count(*)::int FROM defect_signals) AS signals`,
  );
  return row;
}
