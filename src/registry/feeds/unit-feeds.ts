/**
 * The feeds of issue #16, item 6: a code's public changes (anyone, no account) and an
 * owner's units' events (behind its token). Neither carries personal data or an event's
 * private data: a unit's feed shows what its verify page and the public log already show.
 */
import type { Caller } from '../../access/principal.ts';
import { RegistryError } from '../../errors.ts';
import { msg } from '../../i18n/message.ts';
import type { Translator } from '../../i18n/translator.ts';
import type { RegistryContext } from '../context.ts';
import { compactCode } from '../robots/passport.ts';
import { type FeedEvent, type RenderedFeed, renderAtom } from './atom-feed.ts';

/** PUBLIC_FEED_TYPES are the events a unit's public feed lists: status changes, recalls opened and remedied, brands, borders and second life. */
export const PUBLIC_FEED_TYPES = [
  'registered',
  'transferred',
  'transfer_accepted',
  'decommissioned',
  'recycling_received',
  'scrapped',
  'suspended',
  'reinstated',
  'stolen_reported',
  'recovered',
  'recall_notified',
  'recall_remedied',
  'brand_recorded',
  'brand_corrected',
  'imported',
  'exported',
  'reimported',
  'remanufactured',
] as const;

/** FEED_SIZE is how many of the newest events a feed lists. */
export const FEED_SIZE = 100;

/** PUBLIC_DATA are the data fields a public feed may show: a recall's public terms and a brand. */
const PUBLIC_DATA = ['recallId', 'change', 'hazard', 'brand'];

type Row = { robot_code: string; seq: number; type: string; occurred_at: Date; recorded_at: Date; data: Record<string, unknown> };

function feedEvent(r: Row): FeedEvent {
  const data = Object.fromEntries(Object.entries(r.data).filter(([k]) => PUBLIC_DATA.includes(k)));
  return { code: r.robot_code, seq: r.seq, type: r.type, occurredAt: r.occurred_at, recordedAt: r.recorded_at, data };
}

/** unitFeed is the Atom feed of a registered code's public changes (public). */
export async function unitFeed(ctx: RegistryContext, input: string, t: Translator, origin: string): Promise<RenderedFeed> {
  const code = compactCode(input);
  const rows = await ctx.store.query<Row>(
    `SELECT robot_code, seq, type, occurred_at, recorded_at, data FROM events
      WHERE robot_code = $1 AND type = ANY($2::text[]) ORDER BY seq DESC LIMIT $3`,
    [code, PUBLIC_FEED_TYPES, FEED_SIZE],
  );
  if (rows.length === 0) throw new RegistryError('NOT_REGISTERED', msg('problem.robots.notRegistered', { code }), { code });
  return renderAtom(
    t,
    {
      id: `urn:hreg:robot:${code}`,
      title: t.t('feed.unit.title', { code }),
      self: `/v1/robots/${code}/feed.atom`,
      alternate: `/r/${code}`,
      fallbackUpdated: new Date(0),
      origin,
    },
    rows.map(feedEvent),
  );
}

/** ownerFeed is the Atom feed of every event of the units the caller owns now (behind its token). */
export async function ownerFeed(ctx: RegistryContext, caller: Caller, t: Translator, origin: string): Promise<RenderedFeed> {
  if (!caller) throw new RegistryError('UNAUTHENTICATED');
  const p = caller;
  const rows = await ctx.store.query<Row>(
    `SELECT e.robot_code, e.seq, e.type, e.occurred_at, e.recorded_at, e.data FROM events e
      WHERE e.robot_code IN (SELECT code FROM robots WHERE owner_id = $1) ORDER BY e.log_index DESC LIMIT $2`,
    [p.participantId, FEED_SIZE],
  );
  return renderAtom(
    t,
    {
      id: `urn:hreg:owner:${p.participantId}`,
      title: t.t('feed.owner.title', { name: p.name }),
      self: '/v1/feeds/mine.atom',
      alternate: '/portal',
      fallbackUpdated: new Date(0),
      origin,
    },
    rows.map(feedEvent),
  );
}
