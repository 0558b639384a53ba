/**
 * Feeds (issue #16, item 6) on the engine under test: each code's Atom feed of public
 * changes, checked as XML and by a feed parser, with its caching headers; an owner's
 * feed of its units behind its token.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { parseFeed } from '@rowanmanning/feed-parser';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { testRegistry, type TestRegistry } from '../harness.ts';
import { makeCast, ok, record, refused, unitIn, type Cast } from '../lifecycle/flow.ts';
import { notifyAllPending } from '../../src/registry/recalls/recall-notifier.ts';

let r: TestRegistry;
let c: Cast;
let code: string;

before(async () => {
  r = await testRegistry();
  c = await makeCast(r);
  code = await unitIn(r, c, 'in_use');
  ok(
    await record(r, c.buyer.token, code, 'incident_reported', {
      severity: 'minor',
      kind: 'malfunction',
      description: 'Private words <&> of the owner',
    }),
  );
  const recall = await r.call('POST', '/v1/recalls', {
    token: c.maker.token,
    body: {
      scope: { models: [c.model] },
      hazard: 'Arm joint may lock <suddenly> & fall',
      severity: 'high',
      remedy: 'inspection',
      stopSale: false,
      stopUse: false,
    },
  });
  assert.equal(recall.status, 201, JSON.stringify(recall.body));
  await notifyAllPending(r.ctx);
  ok(await record(r, r.regulatorToken, code, 'suspended', { reason: 'under investigation' }));
});
after(() => r.dispose());

const feed = (path: string, headers: Record<string, string> = {}) => r.app.inject({ method: 'GET', url: path, headers });

test("a code's feed is valid Atom with its public changes, newest first, and nothing private", async () => {
  const res = await feed(`/v1/robots/${code}/feed.atom?lang=en`);
  assert.equal(res.statusCode, 200, res.body);
  assert.match(String(res.headers['content-type']), /^application\/atom\+xml/);
  assert.equal(XMLValidator.validate(res.body), true);
  const xml = new XMLParser({ ignoreAttributes: false }).parse(res.body);
  assert.equal(xml.feed['@_xmlns'], 'http://www.w3.org/2005/Atom');
  const parsed = parseFeed(res.body);
  assert.equal(parsed.meta.type, 'atom');
  assert.equal(xml.feed.id, `urn:hreg:robot:${code}`);
  const titles = parsed.items.map((i) => i.title);
  assert.deepEqual(
    titles.map((t) => t?.split(' · ')[0]),
    ['Suspended by the regulator', 'Recall notice', 'Transferred', 'Registered'],
  );
  assert.ok(parsed.items.every((i) => i.id?.startsWith(`urn:hreg:event:${code}:`)));
  const recall = parsed.items[1];
  assert.match(String(recall?.description ?? recall?.content), /Arm joint may lock <suddenly> & fall/);
  assert.ok(!res.body.includes('Private words'), 'an incident is not a public change');
  assert.ok(!res.body.includes(c.buyer.id), 'the owner is not public');
  assert.ok(!res.body.includes('under investigation'), 'a suspension’s reason is not in the feed');
  const chinese = await feed(`/v1/robots/${code}/feed.atom`, { 'accept-language': 'zh-CN' });
  assert.match(String(parseFeed(chinese.body).items[0]?.title), /[\u4e00-\u9fff]/);
  assert.notEqual(chinese.headers.etag, res.headers.etag);
});

test('caching: a strong ETag, public Cache-Control, 304 for the current tag, a new tag after a change', async () => {
  const first = await feed(`/v1/robots/${code}/feed.atom?lang=en`);
  const etag = String(first.headers.etag);
  assert.match(etag, /^"[A-Za-z0-9_-]{43}"$/);
  assert.match(String(first.headers['cache-control']), /^public, max-age=\d+/);
  assert.match(String(first.headers.vary), /Accept-Language/);
  const same = await feed(`/v1/robots/${code}/feed.atom?lang=en`);
  assert.equal(same.headers.etag, etag, 'the same events give the same bytes');
  const held = await feed(`/v1/robots/${code}/feed.atom?lang=en`, { 'if-none-match': etag });
  assert.equal(held.statusCode, 304);
  assert.equal(held.body, '');
  assert.equal((await feed(`/v1/robots/${code}/feed.atom?lang=en`, { 'if-none-match': `W/${etag}` })).statusCode, 304);
  ok(await record(r, r.regulatorToken, code, 'reinstated', { reason: 'cleared' }));
  const changed = await feed(`/v1/robots/${code}/feed.atom?lang=en`, { 'if-none-match': etag });
  assert.equal(changed.statusCode, 200);
  assert.notEqual(changed.headers.etag, etag);
  assert.match(String(parseFeed(changed.body).items[0]?.title), /^Reinstated/);
});

test('unknown and malformed codes are problems; the documented answers pass the response check', async () => {
  refused(await r.call('GET', `/v1/robots/${code.slice(0, 18)}9999999999X/feed.atom`), 400, 'INVALID_CODE');
  const ok200 = await r.call('GET', `/v1/robots/${code}/feed.atom`);
  assert.equal(ok200.status, 200);
});

test("an owner's feed: its units' events behind its token, private to it", async () => {
  refused(await r.call('GET', '/v1/feeds/mine.atom'), 401, 'UNAUTHENTICATED');
  const mine = await feed('/v1/feeds/mine.atom?lang=en', { authorization: `Bearer ${c.buyer.token}` });
  assert.equal(mine.statusCode, 200, mine.body);
  assert.equal(XMLValidator.validate(mine.body), true);
  assert.match(String(mine.headers['cache-control']), /private/);
  const parsed = parseFeed(mine.body);
  assert.ok(
    parsed.items.some((i) => i.title?.startsWith('Incident')),
    'the owner sees its own units’ incidents',
  );
  assert.ok(parsed.items.every((i) => i.title?.endsWith(code)));
  const other = await feed('/v1/feeds/mine.atom?lang=en', { authorization: `Bearer ${c.buyer2.token}` });
  assert.equal(parseFeed(other.body).items.length, 0, 'another owner sees none of them');
  const held = await feed('/v1/feeds/mine.atom?lang=en', {
    authorization: `Bearer ${c.buyer.token}`,
    'if-none-match': String(mine.headers.etag),
  });
  assert.equal(held.statusCode, 304);
});
