/**
 * Atom feeds (RFC 4287) of robots' events (issue #16, item 6), written with the `feed`
 * library. A feed's bytes depend only on the events it lists and the reader's language
 * (its `updated` is its newest event's recordedAt, never the clock), so its ETag changes
 * only when it does. Links are absolute under the origin the request came to (a cache
 * keys a feed by that origin too, so one Host header's feed is never served for another).
 */
import { createHash } from 'node:crypto';
import { Feed } from 'feed';
import type { Translator } from '../../i18n/translator.ts';

/** FeedEvent is an event a feed lists: public header fields and the public parts of its data. */
export interface FeedEvent {
  code: string;
  seq: number;
  type: string;
  occurredAt: Date;
  recordedAt: Date;
  data: Record<string, unknown>;
}

/** RenderedFeed is a feed's bytes and their strong ETag. */
export interface RenderedFeed {
  body: string;
  etag: string;
}

/** entryTitle names an event in the reader's language. */
function entryTitle(t: Translator, e: FeedEvent): string {
  const key = `lifecycle.event.${e.type}`;
  return t.t('feed.entry.title', { event: t.has(key) ? t.t(key) : e.type, code: e.code });
}

/** entrySummary says what a public change was: a recall's id, change and hazard; a brand; else the event's name. */
function entrySummary(t: Translator, e: FeedEvent): string {
  const d = e.data;
  if (e.type === 'recall_notified' && typeof d.recallId === 'string')
    return t.t('feed.entry.recall', { recallId: d.recallId, change: String(d.change ?? ''), hazard: String(d.hazard ?? '') });
  const key = `lifecycle.event.${e.type}`;
  const name = t.has(key) ? t.t(key) : e.type;
  const brand = typeof d.brand === 'string' ? d.brand : undefined;
  return brand ? `${name}: ${brand}` : name;
}

/** renderAtom writes a feed of events, newest first; `id` and `self` name the feed, `alternate` the page it follows. */
export function renderAtom(
  t: Translator,
  f: { id: string; title: string; self: string; alternate: string; fallbackUpdated: Date; origin: string },
  events: readonly FeedEvent[],
): RenderedFeed {
  const updated = events.reduce((max, e) => (e.recordedAt > max ? e.recordedAt : max), new Date(0));
  const feed = new Feed({
    id: f.id,
    title: f.title,
    link: new URL(f.alternate, f.origin).href,
    language: t.locale,
    updated: events.length > 0 ? updated : f.fallbackUpdated,
    generator: false,
    feedLinks: { atom: new URL(f.self, f.origin).href },
    author: { name: t.t('web.footer') },
  });
  for (const e of events) {
    feed.addItem({
      id: `urn:hreg:event:${e.code}:${e.seq}`,
      title: entryTitle(t, e),
      link: new URL(`/r/${e.code}`, f.origin).href,
      date: e.recordedAt,
      published: e.occurredAt,
      description: entrySummary(t, e),
    });
  }
  const body = feed.atom1();
  return { body, etag: `"${createHash('sha256').update(body).digest('base64url')}"` };
}
