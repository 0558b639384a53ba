/**
 * Filing a public report (issue #16, item 4): anyone, signed in or not, about a registered
 * unit. The flood guard is in three layers, cheapest first: a proof-of-work challenge
 * (src/report/proof-of-work.ts) spent once, a limit per network address over all units
 * (so rotating codes does not help) and a limit per unit over all addresses, both counted
 * in the database under advisory locks, so concurrent requests and other servers count too.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Caller } from '../../access/principal.ts';
import { RegistryError } from '../../errors.ts';
import { msg } from '../../i18n/message.ts';
import { MAX_PHOTO_BYTES, queueRank, type ReportCategory } from '../../report/categories.ts';
import { photoTypeOf } from '../../report/photo-type.ts';
import { DEFAULT_REPORT_POLICY, type ReportPolicy } from '../../report/policy.ts';
import { checkWork, issueChallenge } from '../../report/proof-of-work.ts';
import type { RegistryContext } from '../context.ts';
import { compactCode } from '../robots/passport.ts';
import { reportKey, sourceKey } from './report-keys.ts';

/** policyOf is the context's report policy, or the defaults. */
export function policyOf(ctx: RegistryContext): ReportPolicy {
  return ctx.reportPolicy ?? DEFAULT_REPORT_POLICY;
}

/** reportChallenge issues a challenge for a report about a code (public): the work a browser does before it files. */
export async function reportChallenge(ctx: RegistryContext, input: string) {
  const code = compactCode(input);
  const bits = policyOf(ctx).powBits;
  return { code, challenge: issueChallenge(await reportKey(ctx.store), code, bits, ctx.now()), bits };
}

/** NewReport is a report as filed. */
export interface NewReport {
  category: ReportCategory;
  description: string;
  contact?: string;
  /** photo is base64; its type is told by its bytes. */
  photo?: string;
  challenge: string;
  work: string;
}

/** reportDigest is SHA-256 over the report's canonical text (never its contact): what the log commits to at triage. */
export function reportDigest(r: {
  id: string;
  code: string;
  category: string;
  description: string;
  filedAt: string;
  photoDigest: string | null;
}): Buffer {
  const canonical = JSON.stringify([r.id, r.code, r.category, r.description, r.filedAt, r.photoDigest]);
  return createHash('sha256').update(canonical).digest();
}

/** decodePhoto checks a photo's size and type by its bytes before anything is written. */
function decodePhoto(photo: string | undefined): { bytes: Buffer; type: string } | undefined {
  if (photo === undefined || photo === '') return undefined;
  // Base64 is 4 characters per 3 bytes: a longer text is refused before it is decoded.
  if (photo.length > Math.ceil(MAX_PHOTO_BYTES / 3) * 4 + 4)
    throw new RegistryError('PHOTO_TOO_LARGE', msg('problem.reports.photoSize', { max: MAX_PHOTO_BYTES }), { max: MAX_PHOTO_BYTES });
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(photo))
    throw new RegistryError('PHOTO_NOT_IMAGE', msg('problem.reports.photoType'), {
      errors: [{ field: 'body.photo', message: 'not base64' }],
    });
  const bytes = Buffer.from(photo, 'base64');
  if (bytes.length > MAX_PHOTO_BYTES)
    throw new RegistryError('PHOTO_TOO_LARGE', msg('problem.reports.photoSize', { max: MAX_PHOTO_BYTES }), { max: MAX_PHOTO_BYTES });
  const type = photoTypeOf(bytes);
  if (!type)
    throw new RegistryError('PHOTO_NOT_IMAGE', msg('problem.reports.photoType'), {
      errors: [{ field: 'body.photo', message: 'not an image' }],
    });
  return { bytes, type };
}

/** fileReport files a public report from a network address; it answers the report's id and digest, never echoing the contact. */
export async function fileReport(ctx: RegistryContext, caller: Caller, input: string, report: NewReport, address: string) {
  const code = compactCode(input);
  const now = ctx.now();
  const policy = policyOf(ctx);
  const key = await reportKey(ctx.store);
  const verdict = checkWork(key, report.challenge, report.work, code, policy.powBits, now);
  if (!verdict.ok)
    throw new RegistryError('REPORT_CHALLENGE_FAILED', msg('problem.reports.challenge', { why: verdict.why, code }), { why: verdict.why });
  const photo = decodePhoto(report.photo);
  const source = sourceKey(key, address);
  const since = new Date(now.getTime() - 3_600_000);
  return ctx.store.readWrite(async (tx) => {
    // One address, then one unit: every writer takes them in this order, so none waits on another in a cycle.
    await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 16))', [`report-source:${source.toString('hex')}`]);
    await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 16))', [`report-code:${code}`]);
    const [robot] = await tx.query<{ enterprise_code: string; model_code: string }>(
      'SELECT enterprise_code, model_code FROM robots WHERE code = $1',
      [code],
    );
    if (!robot) throw new RegistryError('NOT_REGISTERED', msg('problem.robots.notRegistered', { code }), { code });
    const [counts] = await tx.query<{ by_source: number; by_code: number }>(
      `SELECT (SELECT count(*)::int FROM public_reports r JOIN public_report_personal p ON p.report_id = r.id
                WHERE p.source_key = $1 AND r.filed_at > $3) AS by_source,
              (SELECT count(*)::int FROM public_reports WHERE robot_code = $2 AND filed_at > $3) AS by_code`,
      [source, code, since],
    );
    if ((counts?.by_source ?? 0) >= policy.perAddressPerHour)
      throw new RegistryError('REPORT_FLOOD', msg('problem.reports.floodAddress', { max: policy.perAddressPerHour }), {
        limit: policy.perAddressPerHour,
        per: 'address',
      });
    if ((counts?.by_code ?? 0) >= policy.perCodePerHour)
      throw new RegistryError('REPORT_FLOOD', msg('problem.reports.floodCode', { max: policy.perCodePerHour }), {
        limit: policy.perCodePerHour,
        per: 'code',
      });
    const id = randomUUID();
    const filedAt = now.toISOString();
    const photoDigest = photo ? createHash('sha256').update(photo.bytes).digest('hex') : null;
    const digest = reportDigest({ id, code, category: report.category, description: report.description, filedAt, photoDigest });
    const inserted = await tx.query(
      `INSERT INTO public_reports (id, robot_code, enterprise_code, model_code, category, queue_rank, description, digest, photo_digest, filed_at, reporter_id, challenge_nonce)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT (challenge_nonce) DO NOTHING RETURNING id`,
      [
        id,
        code,
        robot.enterprise_code,
        robot.model_code,
        report.category,
        queueRank(report.category),
        report.description,
        digest,
        photoDigest ? Buffer.from(photoDigest, 'hex') : null,
        now,
        caller?.participantId ?? null,
        verdict.challenge.nonce,
      ],
    );
    if (inserted.length === 0)
      throw new RegistryError('REPORT_CHALLENGE_FAILED', msg('problem.reports.challenge', { why: 'spent', code }), { why: 'spent' });
    await tx.query('INSERT INTO public_report_personal (report_id, source_key, contact, photo, photo_type) VALUES ($1, $2, $3, $4, $5)', [
      id,
      source,
      report.contact || null,
      photo?.bytes ?? null,
      photo?.type ?? null,
    ]);
    return {
      id,
      code,
      category: report.category,
      state: 'open' as const,
      filedAt,
      digest: digest.toString('hex'),
      photo: photo !== undefined,
    };
  });
}
