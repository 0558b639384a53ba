/**
 * OWASP API Security Top 10 (2023) cases that apply to the registry (issue
 * "Hardening", item 4), one named test each.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { ENGINE, enrol, fileModel, MODEL_PARAMETERS, testRegistry, unitBody, type Enrolled, type TestRegistry } from '../harness.ts';
import { acceptEachOther, DAY, movableClock, type MovableClock } from '../lifecycle/flow.ts';
import { assertNoLeak, assertProblem, digest, registeredRoutes } from './support.ts';

interface World {
  r: TestRegistry;
  clock: MovableClock;
  makerA: Enrolled;
  makerB: Enrolled;
  ownerA: Enrolled;
  ownerB: Enrolled;
  modelA: string;
  modelB: string;
  filedB: string;
  robotA: string;
  robotB: string;
  hookA: string;
  hookB: string;
}

const modelBody = () => ({
  name: `OWASP ${randomBytes(4).toString('hex')}`,
  category: 'humanoid',
  parameters: MODEL_PARAMETERS,
  componentTypes: ['main_controller', 'battery_pack'],
});
const recallBody = (scope: unknown) => ({
  scope,
  hazard: 'Loose fastener',
  severity: 'low',
  remedy: 'inspection',
  stopSale: false,
  stopUse: false,
});

describe(`OWASP API Security Top 10 (${ENGINE})`, () => {
  let w: World;
  before(async () => {
    const clock = movableClock();
    const r = await testRegistry({ now: clock.now });
    const [makerA, makerB] = [await enrol(r, ['manufacturer'], 'Maker A'), await enrol(r, ['manufacturer'], 'Maker B')];
    const [ownerA, ownerB] = [await enrol(r, ['operator'], 'Owner A'), await enrol(r, ['operator'], 'Owner B')];
    await acceptEachOther(r, [makerA, makerB, ownerA, ownerB]);
    const [modelA, modelB, filedB] = [await fileModel(r, makerA), await fileModel(r, makerB), await fileModel(r, makerB, false)];
    const unit = async (maker: Enrolled, model: string, owner: Enrolled) => {
      const u = await r.call('POST', '/v1/robots', { token: maker.token, body: unitBody(model) });
      assert.equal(u.status, 201, JSON.stringify(u.body));
      const t = await r.call('POST', `/v1/robots/${u.body.code}/events`, {
        token: maker.token,
        body: { type: 'transferred', data: { to: owner.id, sale: true } },
      });
      assert.equal(t.status, 201, JSON.stringify(t.body));
      return u.body.code as string;
    };
    const [robotA, robotB] = [await unit(makerA, modelA, ownerA), await unit(makerB, modelB, ownerB)];
    const hook = async (p: Enrolled) =>
      (await r.call('POST', '/v1/webhooks', { token: p.token, body: { url: 'https://hooks.example.com/x' } })).body.id as string;
    w = {
      r,
      clock,
      makerA,
      makerB,
      ownerA,
      ownerB,
      modelA,
      modelB,
      filedB,
      robotA,
      robotB,
      hookA: await hook(ownerA),
      hookB: await hook(ownerB),
    };
  });
  after(async () => {
    await w?.r.dispose();
  });

  /** refusedUnchanged sends a request that must be refused with status/code and change nothing. */
  async function refusedUnchanged(
    method: string,
    url: string,
    opts: { token?: string; body?: unknown; headers?: Record<string, string> },
    status: number,
    code: string | undefined,
    what: string,
  ) {
    const before = await digest(w.r);
    const res = await w.r.call(method, url, opts);
    assertProblem(res, status, code, what);
    assert.deepEqual(await digest(w.r), before, `${what}: nothing changed`);
    return res;
  }

  test("API1 BOLA: another participant's tokens, model, robot events and webhook deliveries", async () => {
    const { r, makerA, makerB, ownerA, robotB, hookB, filedB } = w;
    // Another participant's token list and revocation.
    const list = await r.call('GET', `/v1/participants/${makerB.id}/tokens`, { token: makerA.token });
    assertProblem(list, 403, 'FORBIDDEN_ROLE', 'tokens of another');
    assert.doesNotMatch(JSON.stringify(list.body), /expiresAt|createdAt/);
    const own = await r.call('GET', `/v1/participants/${makerB.id}/tokens`, { token: makerB.token });
    assert.equal(own.status, 200);
    await refusedUnchanged(
      'DELETE',
      `/v1/participants/${makerB.id}/tokens/${own.body.items[0].id}`,
      { token: makerA.token },
      403,
      'FORBIDDEN_ROLE',
      "revoke another's token",
    );
    // A participant id in the path does not let a caller act on another's token under its own id.
    await refusedUnchanged(
      'DELETE',
      `/v1/participants/${makerA.id}/tokens/${own.body.items[0].id}`,
      { token: makerA.token },
      404,
      'NOT_FOUND',
      "revoke another's token via own id",
    );
    // Another maker's model: approve (and the other type-approval actions).
    for (const action of ['approve', 'suspend', 'withdraw']) {
      await refusedUnchanged(
        'POST',
        `/v1/models/${makerB.enterpriseCode}/${filedB}/${action}`,
        { token: makerB.token },
        403,
        'FORBIDDEN_ROLE',
        `own model ${action} by maker`,
      );
      await refusedUnchanged(
        'POST',
        `/v1/models/${makerB.enterpriseCode}/${filedB}/${action}`,
        { token: makerA.token },
        403,
        'FORBIDDEN_ROLE',
        `another's model ${action}`,
      );
    }
    assert.equal((await r.call('GET', `/v1/models/${makerB.enterpriseCode}/${filedB}`)).body.status, 'filed');
    // Another owner's robot: events, accountability, and events written to it.
    const svc = await enrol(r, ['service'], 'BOLA service');
    assertProblem(
      await r.call('GET', `/v1/robots/${robotB}/events`, { token: ownerA.token }),
      403,
      'NOT_ENTITLED',
      "another owner's events",
    );
    assertProblem(
      await r.call('GET', `/v1/robots/${robotB}/accountability`, { token: ownerA.token }),
      403,
      'NOT_ENTITLED',
      "another owner's accountability",
    );
    for (const [type, data] of [
      ['transferred', { to: ownerA.id, sale: false }],
      ['stolen_reported', {}],
      ['decommissioned', {}],
      ['service_granted', { service: svc.id, expiresAt: new Date(Date.now() + DAY).toISOString() }],
    ] as const) {
      await refusedUnchanged(
        'POST',
        `/v1/robots/${robotB}/events`,
        { token: ownerA.token, body: { type, data } },
        403,
        'NOT_ENTITLED',
        `${type} on another owner's robot`,
      );
    }
    const pass = await r.call('GET', `/v1/robots/${robotB}`, { token: ownerA.token });
    assert.equal(pass.status, 200);
    assert.equal(pass.body.view, 'public');
    assert.equal(pass.body.ownerId, undefined, 'the public view hides the owner');
    // Another participant's webhook: deliveries, replay, removal all look like "no such subscription".
    assertProblem(
      await r.call('GET', `/v1/webhooks/${hookB}/deliveries`, { token: ownerA.token }),
      404,
      'NOT_FOUND',
      "another's deliveries",
    );
    await refusedUnchanged(
      'POST',
      `/v1/webhooks/${hookB}/replay`,
      { token: ownerA.token, body: {} },
      404,
      'NOT_FOUND',
      "replay another's webhook",
    );
    await refusedUnchanged('DELETE', `/v1/webhooks/${hookB}`, { token: ownerA.token }, 404, 'NOT_FOUND', "remove another's webhook");
    assert.ok(!(await r.call('GET', '/v1/webhooks', { token: ownerA.token })).body.items.some((s: { id: string }) => s.id === hookB));
  });

  test('API2 broken authentication: expired, revoked, forged, malformed, wrong scheme, empty, deleted participant → 401', async () => {
    const { r, clock, makerA } = w;
    const issue = async (id: string, days = 365) =>
      (await r.call('POST', `/v1/participants/${id}/tokens`, { token: r.regulatorToken, body: { days } })).body as {
        id: string;
        token: string;
      };
    const expect401 = async (headers: Record<string, string>, what: string) => {
      for (const url of ['/v1/me', '/v1/verify/CN000100000126112000000000005', '/v1/models']) {
        const res = await r.call('GET', url, { headers });
        assertProblem(res, 401, 'UNAUTHENTICATED', `${what} on ${url}`);
      }
    };
    // Revoked.
    const revoked = await issue(makerA.id);
    assert.equal((await r.call('GET', '/v1/me', { token: revoked.token })).status, 200);
    assert.equal((await r.call('DELETE', `/v1/participants/${makerA.id}/tokens/${revoked.id}`, { token: revoked.token })).status, 204);
    await expect401({ authorization: `Bearer ${revoked.token}` }, 'revoked');
    // Forged: the right prefix and a real token id, the wrong secret; and one secret character changed.
    const good = await issue(makerA.id);
    await expect401({ authorization: `Bearer hreg_${good.id}_${randomBytes(32).toString('base64url')}` }, 'forged secret');
    const flipped = good.token.slice(0, -1) + (good.token.endsWith('A') ? 'B' : 'A');
    await expect401({ authorization: `Bearer ${flipped}` }, 'one character off');
    await expect401({ authorization: `Bearer ${good.token}x` }, 'appended');
    // Malformed, wrong scheme, empty.
    for (const h of [
      'garbage',
      `Basic ${Buffer.from('a:b').toString('base64')}`,
      `Token ${good.token}`,
      `bearer ${good.token}`,
      `Bearer  ${good.token}`,
      'Bearer ',
      'Bearer',
      '',
      `Bearer ${'hreg_' + 'x'.repeat(300)}`,
      'Bearer not_a_registry_token',
      `Bearer ${good.token} extra`,
    ]) {
      await expect401({ authorization: h }, `header ${JSON.stringify(h.slice(0, 40))}`);
    }
    // A token of a participant that no longer exists.
    const gone = await enrol(r, ['operator'], 'Gone');
    await r.ctx.store.query('DELETE FROM api_tokens WHERE participant_id = $1', [gone.id]);
    await r.ctx.store.query('DELETE FROM participants WHERE id = $1', [gone.id]);
    await expect401({ authorization: `Bearer ${gone.token}` }, 'deleted participant');
    // Expired: a one-day token after two days.
    const shortLived = await issue(makerA.id, 1);
    assert.equal((await r.call('GET', '/v1/me', { token: shortLived.token })).status, 200);
    clock.advance(2 * DAY);
    try {
      await expect401({ authorization: `Bearer ${shortLived.token}` }, 'expired');
      assert.equal((await r.call('GET', '/v1/me', { token: good.token })).status, 200, 'a live token still works');
    } finally {
      clock.advance(-2 * DAY);
    }
    // A refused token is refused before any write.
    await refusedUnchanged(
      'POST',
      '/v1/models',
      { headers: { authorization: `Bearer ${revoked.token}` }, body: modelBody() },
      401,
      'UNAUTHENTICATED',
      'write with a revoked token',
    );
  });

  test('API3 mass assignment: fields a caller may not set are refused with 400 and nothing is stored', async () => {
    const { r, makerA, makerB, ownerA, modelA, robotA } = w;
    const bad = (what: string, method: string, url: string, token: string, body: unknown) =>
      refusedUnchanged(method, url, { token, body }, 400, 'INVALID_REQUEST', what);
    const participant = { name: `MA ${randomBytes(3).toString('hex')}`, country: 'CN', roles: ['operator'] };
    for (const extra of [
      { enterpriseCode: makerB.enterpriseCode },
      { id: makerB.id },
      { createdAt: '2000-01-01T00:00:00Z' },
      { status: 'active' },
    ]) {
      await bad(`participant with ${Object.keys(extra)[0]}`, 'POST', '/v1/participants', r.regulatorToken, { ...participant, ...extra });
    }
    await bad('participant with an unknown role', 'POST', '/v1/participants', r.regulatorToken, { ...participant, roles: ['superuser'] });
    // Role escalation by a non-regulator: enrolling a regulator, or a token for oneself.
    await refusedUnchanged(
      'POST',
      '/v1/participants',
      { token: makerA.token, body: { ...participant, roles: ['regulator'] } },
      403,
      'FORBIDDEN_ROLE',
      'maker enrols a regulator',
    );
    await refusedUnchanged(
      'POST',
      `/v1/participants/${makerA.id}/tokens`,
      { token: makerA.token, body: {} },
      403,
      'FORBIDDEN_ROLE',
      'maker issues itself a token',
    );
    await bad('token with participantId', 'POST', `/v1/participants/${makerA.id}/tokens`, r.regulatorToken, { participantId: makerB.id });
    await bad('token with roles', 'POST', `/v1/participants/${makerA.id}/tokens`, r.regulatorToken, { roles: ['regulator'] });
    await bad('token with a lifetime over the cap', 'POST', `/v1/participants/${makerA.id}/tokens`, r.regulatorToken, { days: 100_000 });
    // Models: status, enterprise, code.
    for (const extra of [
      { status: 'approved' },
      { enterpriseCode: makerB.enterpriseCode },
      { modelCode: '000001' },
      { filedAt: '2000-01-01T00:00:00Z' },
    ]) {
      await bad(`model with ${Object.keys(extra)[0]}`, 'POST', '/v1/models', makerA.token, { ...modelBody(), ...extra });
    }
    // Robots: status, owner, version, log index, code, enterprise of another maker.
    for (const extra of [
      { status: 'in_use' },
      { ownerId: ownerA.id },
      { version: 7 },
      { logIndex: 0 },
      { code: robotA },
      { serial: '0000000000000000' },
    ]) {
      await bad(`unit with ${Object.keys(extra)[0]}`, 'POST', '/v1/robots', makerA.token, { ...unitBody(modelA), ...extra });
      await bad(`batch unit with ${Object.keys(extra)[0]}`, 'POST', '/v1/robots/batch', makerA.token, {
        units: [{ ...unitBody(modelA), ...extra }],
      });
    }
    await bad('component with state', 'POST', '/v1/robots', makerA.token, {
      ...unitBody(modelA),
      components: unitBody(modelA).components.map((c) => ({ ...c, state: 'installed' })),
    });
    // Events: the caller may not set the actor, version, log index, owner or sequence.
    const incident = { severity: 'minor', kind: 'malfunction', description: 'x' };
    for (const extra of [
      { actorId: makerB.id },
      { version: 1 },
      { logIndex: 0 },
      { seq: 1 },
      { recordedAt: '2000-01-01T00:00:00Z' },
      { robot: { ownerId: ownerA.id } },
    ]) {
      await bad(`event with ${Object.keys(extra)[0]}`, 'POST', `/v1/robots/${robotA}/events`, ownerA.token, {
        type: 'incident_reported',
        data: incident,
        ...extra,
      });
    }
    for (const extra of [{ ownerId: makerB.id }, { status: 'scrapped' }, { reporterId: makerB.id }]) {
      await bad(`event data with ${Object.keys(extra)[0]}`, 'POST', `/v1/robots/${robotA}/events`, ownerA.token, {
        type: 'incident_reported',
        data: { ...incident, ...extra },
      });
    }
    // Recalls: kind, issuer, status, counts.
    const scope = { models: [modelA] };
    for (const extra of [
      { kind: 'ordered' },
      { issuerId: makerB.id },
      { closedAt: '2030-01-01T00:00:00Z' },
      { version: 9 },
      { enterprise: makerB.enterpriseCode },
    ]) {
      await bad(`recall with ${Object.keys(extra)[0]}`, 'POST', '/v1/recalls', makerA.token, { ...recallBody(scope), ...extra });
    }
    await bad('recall amendment with kind', 'POST', `/v1/recalls/00000000-0000-4000-8000-000000000000/amend`, makerA.token, {
      kind: 'ordered',
    });
    // Webhooks: owner, secret.
    for (const extra of [{ participantId: makerB.id }, { secret: 'chosen-by-caller' }, { id: '00000000-0000-4000-8000-000000000000' }]) {
      await bad(`webhook with ${Object.keys(extra)[0]}`, 'POST', '/v1/webhooks', ownerA.token, {
        url: 'https://hooks.example.com/y',
        ...extra,
      });
    }
  });

  test('API4 unrestricted resource consumption: body, page, batch, proof range and rate limits', async () => {
    const { r, makerA, modelA, robotA } = w;
    // Body over the 256 KiB limit.
    await refusedUnchanged(
      'POST',
      '/v1/recalls',
      {
        token: makerA.token,
        body: recallBody({ models: [modelA] }) && { ...recallBody({ models: [modelA] }), hazard: 'x'.repeat(300 * 1024) },
      },
      413,
      'BODY_TOO_LARGE',
      'recall body over the limit',
    );
    await refusedUnchanged(
      'POST',
      '/v1/participants',
      { token: r.regulatorToken, body: { name: 'y'.repeat(400 * 1024), country: 'CN', roles: ['operator'] } },
      413,
      'BODY_TOO_LARGE',
      'participant body over the limit',
    );
    // The batch route's own limit (16 MiB).
    await refusedUnchanged(
      'POST',
      '/v1/robots/batch',
      {
        token: makerA.token,
        body: JSON.stringify({ units: [], pad: 'z'.repeat(17 * 1024 * 1024) }),
        headers: { 'content-type': 'application/json' },
      },
      413,
      'BODY_TOO_LARGE',
      'batch body over 16 MiB',
    );
    // Page size over the cap.
    for (const url of [
      '/v1/models?limit=501',
      '/v1/participants?limit=100000',
      `/v1/robots/${robotA}/events?limit=501`,
      '/v1/incidents?limit=501',
      '/v1/recalls/00000000-0000-4000-8000-000000000000/robots?limit=501',
      '/v1/models?limit=0',
      '/v1/models?limit=-1',
    ]) {
      assertProblem(await r.call('GET', url, { token: r.regulatorToken }), 400, 'INVALID_REQUEST', url);
    }
    // A production run of 10,001 units.
    const units = Array.from({ length: 10_001 }, () => unitBody(modelA));
    await refusedUnchanged('POST', '/v1/robots/batch', { token: makerA.token, body: { units } }, 413, 'BATCH_TOO_LARGE', 'batch of 10,001');
    // Proof ranges outside the log.
    const size = (await r.ctx.store.query<{ size: number }>('SELECT size::int AS size FROM log_head'))[0]!.size;
    for (const url of [
      `/v1/log/proof/inclusion?index=${size}`,
      `/v1/log/proof/inclusion?index=0&size=${size + 1}`,
      `/v1/log/proof/inclusion?index=5&size=3`,
      `/v1/log/proof/consistency?from=0&to=1`,
      `/v1/log/proof/consistency?from=3&to=2`,
      `/v1/log/proof/consistency?from=1&to=${size + 1}`,
      `/v1/log/entries?start=${size + 1}`,
    ]) {
      assertProblem(await r.call('GET', url), 400, 'LOG_PROOF_RANGE', url);
    }
    // Entries page over 1000.
    assertProblem(await r.call('GET', '/v1/log/entries?start=0&limit=1001'), 400, 'INVALID_REQUEST', 'entries limit 1001');
    assert.equal((await r.call('GET', '/v1/log/entries?start=0&limit=1000')).status, 200);
  });

  test('API4 rate limit on public endpoints → 429 RATE_LIMITED problem', async () => {
    const r = await testRegistry({ publicRateLimit: 5 });
    try {
      for (const url of ['/v1/verify/CN000100000126112000000000005', '/v1/log/checkpoint']) {
        const statuses: number[] = [];
        let last: Awaited<ReturnType<typeof r.call>> | undefined;
        for (let i = 0; i < 7; i++) {
          last = await r.call('GET', url);
          statuses.push(last.status);
        }
        assert.deepEqual(statuses.slice(5), [429, 429], `${url}: ${statuses}`);
        assertProblem(last!, 429, 'RATE_LIMITED', url);
        assert.ok(last!.headers['retry-after'] !== undefined, 'Retry-After is sent');
      }
      // A valid token does not lift the public limit on a public route, and authenticated routes are not public-limited.
      assertProblem(
        await r.call('GET', '/v1/verify/CN000100000126112000000000005', { token: r.regulatorToken }),
        429,
        'RATE_LIMITED',
        'regulator on a public route',
      );
      for (let i = 0; i < 8; i++) assert.equal((await r.call('GET', '/v1/me', { token: r.regulatorToken })).status, 200);
    } finally {
      await r.dispose();
    }
  });

  test('API5 function-level authorization: non-regulators cannot call regulator functions', async () => {
    const { r, makerA, makerB, ownerA, filedB, robotA, robotB } = w;
    const service = await enrol(r, ['service', 'seller', 'recycler', 'operator'], 'Everything but regulator and maker');
    for (const p of [makerA, ownerA, service]) {
      const t = p.token;
      await refusedUnchanged(
        'POST',
        '/v1/participants',
        { token: t, body: { name: 'Escalate', country: 'CN', roles: ['regulator'] } },
        403,
        'FORBIDDEN_ROLE',
        'create participant',
      );
      await refusedUnchanged('POST', `/v1/participants/${makerB.id}/tokens`, { token: t, body: {} }, 403, 'FORBIDDEN_ROLE', 'issue token');
      await refusedUnchanged(
        'POST',
        `/v1/models/${makerB.enterpriseCode}/${filedB}/approve`,
        { token: t },
        403,
        'FORBIDDEN_ROLE',
        'approve model',
      );
      await refusedUnchanged(
        'POST',
        `/v1/models/${makerB.enterpriseCode}/${filedB}/suspend`,
        { token: t },
        403,
        'FORBIDDEN_ROLE',
        'suspend model',
      );
      await refusedUnchanged(
        'POST',
        `/v1/robots/${robotA}/personal-data/erase`,
        { token: t },
        403,
        'FORBIDDEN_ROLE',
        'erase personal data',
      );
      await refusedUnchanged(
        'POST',
        `/v1/robots/${robotA}/events`,
        { token: t, body: { type: 'suspended', data: { reason: 'self-suspend' } } },
        403,
        'NOT_ENTITLED',
        'suspend a unit',
      );
      assertProblem(await r.call('GET', '/v1/defects/clusters', { token: t }), 403, 'FORBIDDEN_ROLE', 'defect clusters');
      assertProblem(await r.call('GET', '/v1/stats', { token: t }), 403, 'FORBIDDEN_ROLE', 'stats');
      assertProblem(await r.call('GET', '/v1/participants', { token: t }), 403, 'FORBIDDEN_ROLE', 'list participants');
    }
    // Recalls across enterprises: only the regulator orders them.
    await refusedUnchanged(
      'POST',
      '/v1/recalls',
      { token: makerA.token, body: recallBody({ enterprise: makerB.enterpriseCode, models: [w.modelB] }) },
      403,
      'FOREIGN_ENTERPRISE',
      "maker recalls another maker's units",
    );
    await refusedUnchanged(
      'POST',
      '/v1/recalls',
      { token: ownerA.token, body: recallBody({ productionDate: { from: '2000-01-01' } }) },
      403,
      'FORBIDDEN_ROLE',
      'owner issues a recall',
    );
    // A maker's unscoped-by-enterprise recall is narrowed to its own enterprise, and voluntary.
    const mine = await w.r.call('POST', '/v1/recalls', {
      token: makerA.token,
      body: recallBody({ productionDate: { from: '2000-01-01' } }),
    });
    assert.equal(mine.status, 201, JSON.stringify(mine.body));
    assert.equal(mine.body.recall.kind, 'voluntary');
    const units = await r.call('GET', `/v1/recalls/${mine.body.recall.id}/robots?limit=500`);
    assert.ok(
      units.body.items.every((u: { code: string }) => u.code.slice(2, 6) === makerA.enterpriseCode),
      "no foreign unit in a maker's recall",
    );
    assert.ok(!units.body.items.some((u: { code: string }) => u.code === robotB));
    // A maker cannot widen its recall into another enterprise, nor close the regulator's.
    await refusedUnchanged(
      'POST',
      `/v1/recalls/${mine.body.recall.id}/amend`,
      { token: makerA.token, body: { scope: { enterprise: makerB.enterpriseCode, productionDate: { from: '2000-01-01' } } } },
      403,
      'FOREIGN_ENTERPRISE',
      'widen into another enterprise',
    );
    const ordered = await r.call('POST', '/v1/recalls', {
      token: r.regulatorToken,
      body: recallBody({ enterprise: makerA.enterpriseCode, models: [w.modelA] }),
    });
    assert.equal(ordered.status, 201);
    assert.equal(ordered.body.recall.kind, 'ordered');
    await refusedUnchanged(
      'POST',
      `/v1/recalls/${ordered.body.recall.id}/close`,
      { token: makerA.token },
      403,
      'NOT_ENTITLED',
      'maker closes an ordered recall',
    );
  });

  test('API8 security misconfiguration: odd inputs never leak internals; errors are application/problem+json', async () => {
    const { r, makerA, robotA } = w;
    const cases: { method: string; url: string; body?: unknown; headers?: Record<string, string>; token?: string }[] = [
      { method: 'GET', url: '/v1/nope' },
      { method: 'PUT', url: '/v1/robots' },
      { method: 'GET', url: `/v1/robots/${'A'.repeat(300)}` },
      { method: 'GET', url: '/v1/robots/%E0%A4%A' },
      { method: 'GET', url: '/v1/robots/%00' },
      { method: 'GET', url: '/v1/verify/CN-0001-000001-2611200000000000%27%3B--' },
      { method: 'GET', url: '/v1/participants/not-a-uuid', token: r.regulatorToken },
      { method: 'GET', url: '/v1/models?enterprise=%27%20OR%201%3D1--' },
      { method: 'POST', url: '/v1/models', body: '{"name":', headers: { 'content-type': 'application/json' }, token: makerA.token },
      {
        method: 'POST',
        url: '/v1/models',
        body: 'name=x',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        token: makerA.token,
      },
      { method: 'POST', url: '/v1/models', body: '', headers: { 'content-type': 'application/json' }, token: makerA.token },
      {
        method: 'POST',
        url: '/v1/models',
        body: '{"__proto__":{"admin":true}}',
        headers: { 'content-type': 'application/json' },
        token: makerA.token,
      },
      {
        method: 'POST',
        url: `/v1/robots/${robotA}/events`,
        body: { type: 'incident_reported', data: {} },
        headers: { 'if-match': 'DROP TABLE robots' },
        token: makerA.token,
      },
      { method: 'GET', url: `/v1/log/entries?start=1e400` },
      { method: 'GET', url: `/v1/log/proof/inclusion?index=-1` },
      { method: 'GET', url: `/v1/robots/${robotA}/accountability?at=not-a-date`, token: r.regulatorToken },
    ];
    for (const c of cases) {
      const res = await r.call(c.method, c.url, { token: c.token, body: c.body, headers: c.headers });
      const what = `${c.method} ${c.url.slice(0, 60)}`;
      assert.ok(
        res.status >= 400 && res.status < 500,
        `${what}: a client error, not ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`,
      );
      assertProblem(res, res.status, undefined, what);
    }
  });

  // Each of these reaches the database with a value it cannot hold and answered 500 INTERNAL when written; the
  // right answer is a 4xx problem (the input is the client's error), not a server error.
  const odd: [string, string, (w: World) => { method: string; url: string; body?: unknown; token: string }][] = [
    [
      'events ?after beyond int4',
      'GET /v1/robots/:code/events?after=99999999999',
      (w) => ({ method: 'GET', url: `/v1/robots/${w.robotA}/events?after=99999999999`, token: w.r.regulatorToken }),
    ],
    [
      'participants ?after not a uuid',
      'GET /v1/participants?after=zzz',
      (w) => ({ method: 'GET', url: '/v1/participants?after=zzz', token: w.r.regulatorToken }),
    ],
    [
      'models ?after with a NUL',
      'GET /v1/models?after=%00',
      (w) => ({ method: 'GET', url: '/v1/models?after=%00', token: w.r.regulatorToken }),
    ],
    [
      'accountability ?at in year 0',
      'GET /v1/robots/:code/accountability?at=0000-01-01T00:00:00Z',
      (w) => ({ method: 'GET', url: `/v1/robots/${w.robotA}/accountability?at=0000-01-01T00:00:00Z`, token: w.r.regulatorToken }),
    ],
    [
      'defects ?since in year 0',
      'GET /v1/defects?since=0000-01-01T00:00:00Z',
      (w) => ({ method: 'GET', url: '/v1/defects?since=0000-01-01T00:00:00Z', token: w.r.regulatorToken }),
    ],
    [
      'participant name with a NUL',
      'POST /v1/participants',
      (w) => ({
        method: 'POST',
        url: '/v1/participants',
        body: { name: 'a\u0000b', country: 'CN', roles: ['operator'] },
        token: w.r.regulatorToken,
      }),
    ],
    [
      'event text with a NUL',
      'POST /v1/robots/:code/events',
      (w) => ({
        method: 'POST',
        url: `/v1/robots/${w.robotA}/events`,
        body: { type: 'incident_reported', data: { severity: 'minor', kind: 'malfunction', description: 'a\u0000b' } },
        token: w.ownerA.token,
      }),
    ],
    [
      'webhook replay fromLogIndex beyond int8',
      'POST /v1/webhooks/:id/replay',
      (w) => ({ method: 'POST', url: `/v1/webhooks/${w.hookA}/replay`, body: { fromLogIndex: 1e20 }, token: w.ownerA.token }),
    ],
  ];
  for (const [name, route, make] of odd) {
    test(`API8 odd input is a 4xx, not a 500: ${name} (${route})`, async () => {
      const c = make(w);
      const before = await digest(w.r);
      const res = await w.r.call(c.method, c.url, { token: c.token, body: c.body });
      assertNoLeak(res, name);
      assert.ok(
        res.status >= 400 && res.status < 500,
        `${route}: expected a 4xx problem, got ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`,
      );
      assertProblem(res, res.status, undefined, name);
      assert.deepEqual(await digest(w.r), before);
    });
  }

  test('API9 inventory: /openapi.json documents every registered API route, each with a summary', async () => {
    const { r } = w;
    const spec = (await r.call('GET', '/openapi.json')).body;
    assert.equal(spec.openapi, '3.1.0');
    const documented = new Set<string>();
    for (const [path, ops] of Object.entries<Record<string, { summary?: string; responses?: unknown }>>(spec.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
        documented.add(`${method.toUpperCase()} ${path}`);
        assert.ok(op.summary && op.summary.trim().length > 0, `${method.toUpperCase()} ${path} has a summary`);
      }
    }
    const registered = registeredRoutes(r.app)
      .filter((e) => e.path.startsWith('/v1/') || e.path.startsWith('/labels/'))
      .map((e) => `${e.method} ${e.path.replace(/:(\w+)/g, '{$1}')}`);
    assert.ok(registered.length >= 40, `found ${registered.length} routes`);
    assert.deepEqual(
      registered.filter((k) => !documented.has(k)),
      [],
      'registered but undocumented routes',
    );
    assert.deepEqual(
      [...documented].filter((k) => !registered.includes(k)),
      [],
      'documented but unregistered routes',
    );
    // Every bearer-only route declares its security scheme. The one write without a token is a witness's
    // cosignature, which its own signature authenticates (only registered witnesses' are taken); it says so.
    const SIGNED_NOT_BEARER = ['post /v1/log/cosignatures'];
    for (const [path, ops] of Object.entries<Record<string, { security?: unknown[] }>>(spec.paths)) {
      for (const [method, op] of Object.entries(ops))
        if (['post', 'delete'].includes(method) && path.startsWith('/v1/'))
          if (SIGNED_NOT_BEARER.includes(`${method} ${path}`)) assert.deepEqual(op.security, [], `${method} ${path} takes no bearer`);
          else assert.ok(op.security?.length, `${method} ${path} declares bearer security`);
    }
  });
});
