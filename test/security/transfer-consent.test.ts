// No owner against their will, and no move around market access (issue #11,
// item 4): a transfer to another organisation is an offer its recipient
// accepts, declines or lets lapse; a unit that may not be sold moves only back
// to its maker, to a recycler once decommissioned, or by the regulator's order.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { enrol, ENGINE, testRegistry, type Enrolled, type TestRegistry } from '../harness.ts';
import {
  DAY,
  makeCast,
  movableClock,
  newUnit,
  ok,
  passport,
  record,
  refused,
  transfer,
  unchanged,
  unitIn,
  type Cast,
} from '../lifecycle/flow.ts';

let r: TestRegistry;
let c: Cast;
const clock = movableClock();
/** newcomer has no standing acceptance of anyone: every transfer to it is an offer. */
let newcomer: Enrolled;

before(async () => {
  r = await testRegistry({ now: clock.now });
  c = await makeCast(r);
  newcomer = await enrol(r, ['operator'], 'Newcomer Logistics');
});
after(() => r.dispose());

const accepted = (res: { status: number; body: any }, what = '') => {
  assert.equal(res.status, 202, `${what} expected 202 (an offer), got ${res.status}: ${JSON.stringify(res.body)}`);
  return res;
};

test(`[${ENGINE}] a unit pushed onto a participant without its consent is only an offer: 202, the owner and accountability do not change until it accepts`, async () => {
  const code = await unitIn(r, c, 'in_use');
  const before = await passport(r, code, c.buyer.token);
  const res = accepted(await transfer(r, c.buyer, code, newcomer, false));
  assert.equal(res.body.robot.ownerId, c.buyer.id);
  assert.equal(res.body.robot.offer.to, newcomer.id);
  // The recipient hears the offer (webhooks fan out to it from the outbox row), the event's leaf says it lapses.
  const [row] = await r.ctx.store.query<{ recipient_id: string | null }>('SELECT recipient_id FROM outbox WHERE log_index = $1', [
    res.body.logIndex,
  ]);
  assert.equal(row?.recipient_id, newcomer.id);
  assert.equal(typeof res.body.data.offerExpiresAt, 'string');
  const now = await passport(r, code, c.buyer.token);
  assert.equal(now.ownerId, c.buyer.id, 'the owner is unchanged');
  assert.equal(now.status, before.status);
  assert.equal(now.pendingOffer.to, newcomer.id, 'the owner sees its pending offer');
  const acc = (await r.call('GET', `/v1/robots/${code}/accountability`, { token: r.regulatorToken })).body;
  assert.equal(acc.owner.id, c.buyer.id, 'accountability stays with the owner');
  assert.equal(acc.pendingOffer.to.id, newcomer.id);
  // The recipient sees the offer made to it, and nothing of the owner's business.
  const seen = await passport(r, code, newcomer.token);
  assert.equal(seen.pendingOffer.to, newcomer.id);
  assert.equal(seen.ownerId, undefined);
  const done = ok(await record(r, newcomer.token, code, 'transfer_accepted', {}), 'the recipient accepts');
  assert.equal(done.body.robot.ownerId, newcomer.id);
  assert.equal(done.body.robot.offer, null);
  assert.equal((await r.call('GET', `/v1/robots/${code}/accountability`, { token: r.regulatorToken })).body.owner.id, newcomer.id);
});

test(`[${ENGINE}] the regulator cannot be made an owner against its will either`, async () => {
  const [reg] = await r.ctx.store.query<{ id: string }>(
    "SELECT id FROM participants WHERE 'regulator' = ANY(roles) ORDER BY created_at LIMIT 1",
  );
  const code = await unitIn(r, c, 'in_use');
  const res = accepted(await transfer(r, c.buyer, code, reg!, false));
  assert.equal(res.body.robot.ownerId, c.buyer.id);
  assert.equal((await passport(r, code, c.buyer.token)).ownerId, c.buyer.id);
});

test(`[${ENGINE}] a declined offer ends with the owner unchanged; only the recipient answers, only the sender withdraws`, async () => {
  const code = await unitIn(r, c, 'in_use');
  accepted(await transfer(r, c.buyer, code, newcomer, true));
  await unchanged(r, code, async () => {
    refused(await record(r, c.stranger.token, code, 'transfer_accepted', {}), 403, 'NOT_ENTITLED', 'a stranger accepting');
    refused(await record(r, c.buyer.token, code, 'transfer_accepted', {}), 403, 'NOT_ENTITLED', 'the sender accepting its own offer');
    refused(await record(r, newcomer.token, code, 'transfer_withdrawn', {}), 403, 'NOT_ENTITLED', 'the recipient withdrawing');
    refused(await transfer(r, c.buyer, code, c.buyer2, true), 409, 'OFFER_PENDING', 'a second offer while one is pending');
  });
  ok(await record(r, newcomer.token, code, 'transfer_declined', {}));
  const p = await passport(r, code, c.buyer.token);
  assert.equal(p.ownerId, c.buyer.id);
  assert.equal(p.pendingOffer, undefined);
  await unchanged(r, code, async () => {
    refused(await record(r, newcomer.token, code, 'transfer_accepted', {}), 403, 'NOT_ENTITLED', 'accepting after declining');
  });
});

test(`[${ENGINE}] an offer lapses: accepted after its expiry it is refused with NO_PENDING_OFFER and nothing changes`, async () => {
  const code = await unitIn(r, c, 'in_use');
  const expiresAt = new Date(clock.now().getTime() + 2 * DAY).toISOString();
  accepted(await record(r, c.buyer.token, code, 'transferred', { to: newcomer.id, sale: true, expiresAt }));
  clock.advance(3 * DAY);
  await unchanged(r, code, async () => {
    refused(await record(r, newcomer.token, code, 'transfer_accepted', {}), 409, 'NO_PENDING_OFFER');
  });
  assert.equal((await passport(r, code, c.buyer.token)).pendingOffer, undefined, 'a lapsed offer is not shown as pending');
  // The owner may offer it again, and an offer cannot wait longer than 90 days.
  await unchanged(r, code, async () => {
    refused(
      await record(r, c.buyer.token, code, 'transferred', {
        to: newcomer.id,
        sale: true,
        expiresAt: new Date(clock.now().getTime() + 91 * DAY).toISOString(),
      }),
      400,
      'INVALID_ARGUMENT',
    );
  });
  accepted(await transfer(r, c.buyer, code, newcomer, true));
});

test(`[${ENGINE}] a recipient accepts many offers at once in one batch`, async () => {
  const codes = [await unitIn(r, c, 'in_use'), await unitIn(r, c, 'in_use'), await unitIn(r, c, 'in_use')];
  for (const code of codes) accepted(await transfer(r, c.buyer, code, newcomer, true));
  const res = await r.call('POST', '/v1/events/batch', {
    token: newcomer.token,
    body: { events: codes.map((code) => ({ code, type: 'transfer_accepted', data: {} })) },
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  for (const code of codes) assert.equal((await passport(r, code, newcomer.token)).ownerId, newcomer.id);
});

test(`[${ENGINE}] standing acceptance is the participant's own: a neighbour cannot set it for it, and changes nothing trying`, async () => {
  const code = await unitIn(r, c, 'in_use');
  const res = await r.call('POST', `/v1/participants/${newcomer.id}/standing-acceptances`, {
    token: c.buyer.token,
    body: { senders: [c.buyer.id] },
  });
  assert.equal(res.status, 403);
  assert.equal(res.body.code, 'NOT_ENTITLED');
  accepted(await transfer(r, c.buyer, code, newcomer, true), 'still an offer');
  ok(await record(r, c.buyer.token, code, 'transfer_withdrawn', {}));
  // Once the newcomer accepts the buyer standing, its sales to it are one step; ending that makes them offers again.
  assert.equal(
    (
      await r.call('POST', `/v1/participants/${newcomer.id}/standing-acceptances`, {
        token: newcomer.token,
        body: { senders: [c.buyer.id] },
      })
    ).status,
    200,
  );
  assert.equal(ok(await transfer(r, c.buyer, code, newcomer, true)).body.robot.ownerId, newcomer.id);
  assert.equal(
    (await r.call('DELETE', `/v1/participants/${newcomer.id}/standing-acceptances/${c.buyer.id}`, { token: newcomer.token })).status,
    204,
  );
  const next = await unitIn(r, c, 'in_use');
  accepted(await transfer(r, c.buyer, next, newcomer, true));
});

test(`[${ENGINE}] a suspended unit is not handed over (sale: false) to a dealer or an operator: MARKET_ACCESS_DENIED (handover)`, async () => {
  const code = await unitIn(r, c, 'in_use');
  ok(await record(r, r.regulatorToken, code, 'suspended', { reason: 'investigation' }));
  await unchanged(r, code, async () => {
    for (const to of [c.stranger, c.buyer2, newcomer]) {
      const res = refused(await transfer(r, c.buyer, code, to, false), 409, 'MARKET_ACCESS_DENIED');
      assert.equal(res.body.rule, 'handover');
      assert.ok(res.body.reasons.includes('SUSPENDED'));
    }
  });
  // Back to its maker for remedy is allowed (the maker accepts the buyer standing in the cast).
  assert.equal(ok(await transfer(r, c.buyer, code, c.maker, false)).body.robot.ownerId, c.maker.id);
});

test(`[${ENGINE}] a unit under a stop-sale recall is not handed around; a unit of an unapproved model moves only by the regulator's order`, async () => {
  const code = await unitIn(r, c, 'in_use');
  const recall = await r.call('POST', '/v1/recalls', {
    token: r.regulatorToken,
    body: {
      scope: { enterprise: c.maker.enterpriseCode, codes: { from: code, to: code } },
      hazard: 'battery swelling',
      severity: 'high',
      remedy: 'part_replacement',
      stopSale: true,
      stopUse: false,
    },
  });
  assert.equal(recall.status, 201, JSON.stringify(recall.body));
  await unchanged(r, code, async () => {
    const res = refused(await transfer(r, c.buyer, code, c.buyer2, false), 409, 'MARKET_ACCESS_DENIED');
    assert.ok(res.body.reasons.includes('OPEN_RECALL_STOP_SALE'));
  });
  const stock = await newUnit(r, c.maker, c.pending);
  await unchanged(r, stock, async () => {
    refused(await transfer(r, c.maker, stock, c.stranger, false), 409, 'MARKET_ACCESS_DENIED');
  });
  assert.equal(
    ok(await record(r, r.regulatorToken, stock, 'transferred', { to: c.stranger.id, sale: false })).body.robot.ownerId,
    c.stranger.id,
  );
});
