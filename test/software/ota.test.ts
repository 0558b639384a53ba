/**
 * Software versions, OTA campaigns and market access from software (issue
 * #15, items 1–3), end to end over the HTTP API on PGlite and PostgreSQL
 * (TEST_DATABASE_URL): filing, blocking, campaigns, updates, the OTA-remedied
 * recall, verification and the cached public answers.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ENGINE, testRegistry, unitBody, type TestRegistry } from '../harness.ts';
import { access, DAY, grant, makeCast, movableClock, newUnit, ok, record, refused, transfer, type Cast } from '../lifecycle/flow.ts';
import { fileCampaign, fileVersion, sha, softSnapshot, unchangedSoftware, update } from './software-flow.ts';

describe(`software versions and OTA campaigns (${ENGINE})`, () => {
  let r: TestRegistry;
  let c: Cast;
  const clock = movableClock();
  before(async () => {
    r = await testRegistry({ now: clock.now });
    c = await makeCast(r);
    ok(await fileVersion(r, c.maker, c.model, '1.0.0', { releasedOn: '2026-01-01' }), 'file 1.0.0');
    ok(await fileVersion(r, c.maker, c.model, '1.1.0', { releasedOn: '2026-02-01' }), 'file 1.1.0');
    ok(await fileVersion(r, c.maker, c.model, '2.0.0', { releasedOn: '2026-03-01', safetyRelevant: true }), 'file 2.0.0');
  });
  after(() => r.dispose());

  const unitOn = async (version: string) => {
    const res = await r.call('POST', '/v1/robots', { token: c.maker.token, body: { ...unitBody(c.model), softwareVersion: version } });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body.code as string;
  };

  test('a filed version is listed with its key; the latest unblocked one is current', async () => {
    const res = await r.call('GET', `/v1/models/${c.maker.enterpriseCode}/${c.model}/software`);
    assert.equal(res.status, 200);
    assert.deepEqual(
      res.body.items.map((v: { key: string; current: boolean }) => [v.key, v.current]),
      [
        ['2.0.0', true],
        ['1.1.0', false],
        ['1.0.0', false],
      ],
    );
  });

  test('a unit registered with a version runs it; verify shows it and whether it is current', async () => {
    const code = await unitOn('V1.00.0');
    const v = await r.call('GET', `/v1/verify/${code}`);
    assert.equal(v.status, 200);
    assert.deepEqual(v.body.software, { installed: '1.0.0', current: '2.0.0', upToDate: false, blocked: false });
    const plain = await newUnit(r, c.maker, c.model);
    assert.deepEqual((await r.call('GET', `/v1/verify/${plain}`)).body.software, {
      installed: null,
      current: '2.0.0',
      upToDate: null,
      blocked: false,
    });
  });

  test('registration with a version not filed for the model, or malformed, is refused and registers nothing', async () => {
    const [{ n: before } = { n: -1 }] = await r.ctx.store.query<{ n: number }>('SELECT count(*)::int AS n FROM robots');
    refused(
      await r.call('POST', '/v1/robots', { token: c.maker.token, body: { ...unitBody(c.model), softwareVersion: '9.9.9' } }),
      422,
      'UNKNOWN_SOFTWARE_VERSION',
    );
    refused(
      await r.call('POST', '/v1/robots', { token: c.maker.token, body: { ...unitBody(c.model), softwareVersion: '1.0.0 beta!' } }),
      400,
      'MALFORMED_VERSION',
    );
    const [{ n: afterwards } = { n: -2 }] = await r.ctx.store.query<{ n: number }>('SELECT count(*)::int AS n FROM robots');
    assert.equal(afterwards, before);
  });

  test('a duplicate version, under any spelling, is SOFTWARE_VERSION_EXISTS and files nothing', async () => {
    const code = await unitOn('1.0.0');
    for (const spelling of ['1.1.0', 'v1.1.0', 'V1.1.0', ' 1.1.0 ', '１.１.０', '1.01.0', '1.1.0\u200b']) {
      await unchangedSoftware(r, code, async () =>
        refused(await fileVersion(r, c.maker, c.model, spelling), 409, 'SOFTWARE_VERSION_EXISTS', spelling),
      );
    }
    // A Cyrillic letter does not make another version: it is no version at all.
    await unchangedSoftware(r, code, async () => refused(await fileVersion(r, c.maker, c.model, '1.1.0-rс1'), 400, 'MALFORMED_VERSION'));
  });

  test('a malformed SHA-256 is MALFORMED_DIGEST and files nothing', async () => {
    const code = await unitOn('1.0.0');
    for (const bad of ['abc', sha('x').slice(0, 63), `${sha('x').slice(0, 63)}g`, `${sha('x')}0`]) {
      await unchangedSoftware(r, code, async () =>
        refused(await fileVersion(r, c.maker, c.model, '3.0.0', { sha256: bad }), 400, 'MALFORMED_DIGEST', bad),
      );
    }
  });

  test('a maker files versions only for its own models; the regulator alone blocks', async () => {
    const code = await unitOn('1.0.0');
    await unchangedSoftware(r, code, async () => {
      refused(
        await r.call('POST', `/v1/models/${c.maker.enterpriseCode}/${c.model}/software`, {
          token: c.otherMaker.token,
          body: { identifier: 'X', version: '7.0.0', releasedOn: '2026-01-01', changes: 'x', safetyRelevant: false, sha256: sha('7') },
        }),
        403,
        'FOREIGN_ENTERPRISE',
      );
      refused(
        await r.call('POST', `/v1/models/${c.maker.enterpriseCode}/${c.model}/software/1.0.0/block`, {
          token: c.maker.token,
          body: { reason: 'self-block' },
        }),
        403,
        'FORBIDDEN_ROLE',
      );
    });
  });

  test('a campaign on another maker’s model is FOREIGN_ENTERPRISE and files nothing', async () => {
    const code = await unitOn('1.0.0');
    await unchangedSoftware(r, code, async () => {
      refused(
        await fileCampaign(r, c.otherMaker, {
          enterprise: c.maker.enterpriseCode ?? '',
          models: [c.model],
          fromVersions: ['1.0.0'],
          toVersion: '1.1.0',
        }),
        403,
        'FOREIGN_ENTERPRISE',
      );
      // Naming the model under its own enterprise finds no such model.
      refused(
        await fileCampaign(r, c.otherMaker, { models: [c.model], fromVersions: ['1.0.0'], toVersion: '1.1.0' }),
        404,
        'UNKNOWN_MODEL',
      );
      refused(
        await fileCampaign(r, c.maker, { models: [c.model], fromVersions: ['1.0.0'], toVersion: '5.5.5' }),
        422,
        'UNKNOWN_SOFTWARE_VERSION',
      );
      refused(
        await fileCampaign(r, c.maker, {
          models: [c.model],
          fromVersions: ['1.0.0'],
          toVersion: '1.1.0',
          plannedStart: new Date(r.ctx.now().getTime() - DAY).toISOString(),
        }),
        400,
        'INVALID_ARGUMENT',
      );
    });
  });

  test('an OTA update: maker reports it, the unit runs the new version, the campaign shows progress', async () => {
    const code = await unitOn('1.0.0');
    ok(await transfer(r, c.maker, code, c.buyer, true), 'sale');
    const filed = await fileCampaign(r, c.maker, { models: [c.model], fromVersions: ['v1.0.0'], toVersion: 'V1.1.0' });
    assert.equal(filed.status, 201, JSON.stringify(filed.body));
    const id = filed.body.campaign.id;
    assert.equal(filed.body.campaign.safetyRelevant, false);
    assert.deepEqual(filed.body.campaign.fromVersions, ['1.0.0']);
    assert.ok(filed.body.units >= 1);
    const beforeUpdate = new Date(r.ctx.now().getTime() - 1).toISOString();
    const res = ok(await update(r, c.maker.token, code, id, '1.0.0', '1.1.0'), 'update');
    // Which software was running at time T.
    const then = await r.call('GET', `/v1/robots/${code}/accountability?at=${encodeURIComponent(beforeUpdate)}`, {
      token: r.regulatorToken,
    });
    assert.equal(then.status, 200, JSON.stringify(then.body));
    assert.equal(then.body.software.version, '1.0.0');
    const now = await r.call('GET', `/v1/robots/${code}/accountability`, { token: r.regulatorToken });
    assert.deepEqual([now.body.software.version, now.body.software.campaignId], ['1.1.0', id]);
    assert.deepEqual(res.body.data, { campaignId: id, from: '1.0.0', to: '1.1.0' });
    assert.equal((await softSnapshot(r, code)).software, '1.1.0');
    assert.equal((await r.call('GET', `/v1/robots/${code}`, { token: c.buyer.token })).body.softwareVersion, '1.1.0');
    const progress = await r.call('GET', `/v1/campaigns/${id}`, { token: r.regulatorToken });
    assert.equal(progress.status, 200);
    assert.ok(progress.body.totals.updated >= 1);
    assert.ok(progress.body.byModel.some((m: { model: string; updated: number }) => m.model === c.model && m.updated >= 1));
    assert.ok(progress.body.byProvince.length >= 1);
    // The maker reads its own campaign; another maker does not learn it exists.
    assert.equal((await r.call('GET', `/v1/campaigns/${id}`, { token: c.maker.token })).status, 200);
    refused(await r.call('GET', `/v1/campaigns/${id}`, { token: c.otherMaker.token }), 404, 'NOT_FOUND');
    refused(await r.call('GET', `/v1/campaigns/${id}`, { token: c.buyer.token }), 403, 'FORBIDDEN_ROLE');
    // The passport's timeline holds the event.
    const events = await r.call('GET', `/v1/robots/${code}/events`, { token: c.buyer.token });
    assert.ok(events.body.items.some((e: { type: string }) => e.type === 'software_updated'));
  });

  test('bad updates: another version, another starting version, a unit outside the campaign — each refused, nothing changed', async () => {
    const inScope = await unitOn('1.0.0');
    const res = await fileCampaign(r, c.maker, { models: [c.model], fromVersions: ['1.0.0'], toVersion: '1.1.0' });
    const id = res.body.campaign.id;
    // A version not in the campaign (the right one is 1.1.0).
    await unchangedSoftware(r, inScope, async () =>
      refused(await update(r, c.maker.token, inScope, id, '1.0.0', '2.0.0'), 409, 'SOFTWARE_NOT_IN_CAMPAIGN'),
    );
    // A starting version that is not the one installed (the unit runs 1.0.0).
    const other = await unitOn('1.0.0');
    await unchangedSoftware(r, other, async () =>
      refused(await update(r, c.maker.token, other, id, '1.1.0', '1.1.0'), 409, 'SOFTWARE_NOT_IN_CAMPAIGN'),
    );
    // A unit registered after the campaign was filed is outside it.
    const late = await unitOn('1.0.0');
    await unchangedSoftware(r, late, async () =>
      refused(await update(r, c.maker.token, late, id, '1.0.0', '1.1.0'), 409, 'UNIT_NOT_IN_CAMPAIGN'),
    );
    // A unit on 1.1.0 already, reporting as if from 1.0.0.
    ok(await update(r, c.maker.token, inScope, id, '1.0.0', '1.1.0'));
    await unchangedSoftware(r, inScope, async () =>
      refused(await update(r, c.maker.token, inScope, id, '1.0.0', '1.1.0'), 409, 'SOFTWARE_FROM_MISMATCH'),
    );
    // Another maker reporting on the unit is no party to it.
    await unchangedSoftware(r, other, async () =>
      refused(await update(r, c.otherMaker.token, other, id, '1.0.0', '1.1.0'), 403, 'NOT_ENTITLED'),
    );
    // An unknown campaign.
    await unchangedSoftware(r, other, async () =>
      refused(await update(r, c.maker.token, other, '00000000-0000-4000-8000-000000000000', '1.0.0', '1.1.0'), 404, 'NOT_FOUND'),
    );
  });

  test('an update whose starting version is not the installed one is SOFTWARE_FROM_MISMATCH', async () => {
    // A campaign from both 1.0.0 and 1.1.0: the unit runs 1.0.0 but reports from 1.1.0.
    const code = await unitOn('1.0.0');
    ok(await fileVersion(r, c.maker, c.model, '1.2.0', { releasedOn: '2026-02-15' }));
    const res = await fileCampaign(r, c.maker, { models: [c.model], fromVersions: ['1.0.0', '1.1.0'], toVersion: '1.2.0' });
    assert.equal(res.status, 201);
    await unchangedSoftware(r, code, async () =>
      refused(await update(r, c.maker.token, code, res.body.campaign.id, '1.1.0', '1.2.0'), 409, 'SOFTWARE_FROM_MISMATCH'),
    );
  });

  test('a safety-relevant campaign: no update before acknowledgement; after it, or after the waiting period, it records', async () => {
    const a = await unitOn('1.1.0');
    const b = await unitOn('1.1.0');
    const res = await fileCampaign(r, c.maker, { models: [c.model], fromVersions: ['1.1.0'], toVersion: '2.0.0' });
    assert.equal(res.status, 201);
    assert.equal(res.body.campaign.safetyRelevant, true);
    const id = res.body.campaign.id;
    await unchangedSoftware(r, a, async () =>
      refused(await update(r, c.maker.token, a, id, '1.1.0', '2.0.0'), 409, 'CAMPAIGN_NOT_CLEARED'),
    );
    // Only the regulator acknowledges.
    refused(await r.call('POST', `/v1/campaigns/${id}/acknowledge`, { token: c.maker.token }), 403, 'FORBIDDEN_ROLE');
    const ack = await r.call('POST', `/v1/campaigns/${id}/acknowledge`, { token: r.regulatorToken });
    assert.equal(ack.status, 200, JSON.stringify(ack.body));
    refused(await r.call('POST', `/v1/campaigns/${id}/acknowledge`, { token: r.regulatorToken }), 409, 'CAMPAIGN_STATE');
    ok(await update(r, c.maker.token, a, id, '1.1.0', '2.0.0'));
    // Another safety-relevant campaign that nobody acknowledges clears after the waiting period.
    const other = await fileCampaign(r, c.maker, { models: [c.model], fromVersions: ['1.1.0'], toVersion: '2.0.0' });
    const wait = other.body.campaign.id;
    await unchangedSoftware(r, b, async () =>
      refused(await update(r, c.maker.token, b, wait, '1.1.0', '2.0.0'), 409, 'CAMPAIGN_NOT_CLEARED'),
    );
    clock.advance(14 * DAY + 60_000);
    ok(await update(r, c.maker.token, b, wait, '1.1.0', '2.0.0'));
  });

  test('a shop under the owner’s grant reports an update; without a grant it may not', async () => {
    const code = await unitOn('1.0.0');
    ok(await transfer(r, c.maker, code, c.buyer, true), 'sale');
    const res = await fileCampaign(r, c.maker, { models: [c.model], fromVersions: ['1.0.0'], toVersion: '1.1.0' });
    const id = res.body.campaign.id;
    await unchangedSoftware(r, code, async () =>
      refused(await update(r, c.service.token, code, id, '1.0.0', '1.1.0'), 403, 'NOT_ENTITLED'),
    );
    await unchangedSoftware(r, code, async () => refused(await update(r, c.buyer.token, code, id, '1.0.0', '1.1.0'), 403, 'NOT_ENTITLED'));
    ok(await grant(r, c.buyer, code, c.service), 'grant');
    ok(await update(r, c.service.token, code, id, '1.0.0', '1.1.0'), 'shop update');
  });

  test('a blocked version: sale and deployment refused with BLOCKED_SOFTWARE; verify shows it at once; unblock restores', async () => {
    ok(await fileVersion(r, c.maker, c.model, '0.9.0', { releasedOn: '2025-12-01' }));
    const stock = await unitOn('0.9.0');
    const sold = await unitOn('0.9.0');
    ok(await transfer(r, c.maker, sold, c.buyer, true), 'sale before the block');
    // The answers are cached before the block …
    assert.equal((await r.call('GET', `/v1/verify/${stock}`)).body.marketAccess.allowed, true);
    assert.equal((await access(r, stock)).allowed, true);
    const block = await r.call('POST', `/v1/models/${c.maker.enterpriseCode}/${c.model}/software/V0.9/block`, {
      token: r.regulatorToken,
      body: { reason: 'unbounded joint torque' },
    });
    refused(block, 422, 'UNKNOWN_SOFTWARE_VERSION');
    const blocked = await r.call('POST', `/v1/models/${c.maker.enterpriseCode}/${c.model}/software/V0.9.0/block`, {
      token: r.regulatorToken,
      body: { reason: 'unbounded joint torque' },
    });
    assert.equal(blocked.status, 200, JSON.stringify(blocked.body));
    assert.equal(blocked.body.blocked, true);
    refused(
      await r.call('POST', `/v1/models/${c.maker.enterpriseCode}/${c.model}/software/0.9.0/block`, {
        token: r.regulatorToken,
        body: { reason: 'again' },
      }),
      409,
      'BLOCK_STATE',
    );
    // … and dropped by it.
    const v = await r.call('GET', `/v1/verify/${stock}`);
    assert.deepEqual(v.body.marketAccess, { allowed: false, reasons: ['BLOCKED_SOFTWARE'] });
    assert.equal(v.body.software.blocked, true);
    assert.deepEqual(await access(r, stock), { allowed: false, reasons: ['BLOCKED_SOFTWARE'] });
    await unchangedSoftware(r, stock, async () => {
      const res = refused(await transfer(r, c.maker, stock, c.buyer, true), 409, 'MARKET_ACCESS_DENIED');
      assert.deepEqual(res.body.reasons, ['BLOCKED_SOFTWARE']);
    });
    await unchangedSoftware(r, sold, async () => {
      const res = refused(
        await record(r, c.buyer.token, sold, 'deployed', { site: { province: 'Guangdong', city: 'Shenzhen' }, domain: 'logistics' }),
        409,
        'MARKET_ACCESS_DENIED',
      );
      assert.deepEqual(res.body.reasons, ['BLOCKED_SOFTWARE']);
    });
    // A campaign to a blocked version is refused; an update away from it is the remedy.
    refused(
      await fileCampaign(r, c.maker, { models: [c.model], fromVersions: ['1.0.0'], toVersion: '0.9.0' }),
      409,
      'SOFTWARE_VERSION_BLOCKED',
    );
    const away = await fileCampaign(r, c.maker, { models: [c.model], fromVersions: ['0.9.0'], toVersion: '1.1.0' });
    assert.equal(away.status, 201);
    ok(await update(r, c.maker.token, stock, away.body.campaign.id, '0.9.0', '1.1.0'));
    assert.equal((await access(r, stock)).allowed, true);
    // Unblocking is a new decision with its reason.
    const unblocked = await r.call('POST', `/v1/models/${c.maker.enterpriseCode}/${c.model}/software/0.9.0/unblock`, {
      token: r.regulatorToken,
      body: { reason: 'torque limit proven in firmware' },
    });
    assert.equal(unblocked.status, 200);
    assert.deepEqual(
      unblocked.body.decisions.map((d: { action: string; reason: string }) => [d.action, d.reason]),
      [
        ['blocked', 'unbounded joint torque'],
        ['unblocked', 'torque limit proven in firmware'],
      ],
    );
    assert.equal((await access(r, sold)).allowed, true);
    ok(await record(r, c.buyer.token, sold, 'deployed', { site: { province: 'Guangdong', city: 'Shenzhen' }, domain: 'logistics' }));
  });

  test('a target version blocked after the campaign was filed may not be reported', async () => {
    ok(await fileVersion(r, c.maker, c.model, '1.3.0', { releasedOn: '2026-02-20' }));
    const code = await unitOn('1.0.0');
    const res = await fileCampaign(r, c.maker, { models: [c.model], fromVersions: ['1.0.0'], toVersion: '1.3.0' });
    const id = res.body.campaign.id;
    const block = await r.call('POST', `/v1/models/${c.maker.enterpriseCode}/${c.model}/software/1.3.0/block`, {
      token: r.regulatorToken,
      body: { reason: 'regression' },
    });
    assert.equal(block.status, 200);
    await unchangedSoftware(r, code, async () =>
      refused(await update(r, c.maker.token, code, id, '1.0.0', '1.3.0'), 409, 'SOFTWARE_VERSION_BLOCKED'),
    );
  });

  test('racing a block: concurrent sales and a block end with no sale committed after the block', async () => {
    ok(await fileVersion(r, c.maker, c.model, '0.8.0', { releasedOn: '2025-11-01' }));
    const codes = await Promise.all(Array.from({ length: 6 }, () => unitOn('0.8.0')));
    const blocking = r.call('POST', `/v1/models/${c.maker.enterpriseCode}/${c.model}/software/0.8.0/block`, {
      token: r.regulatorToken,
      body: { reason: 'race' },
    });
    const sales = codes.map((code) => transfer(r, c.maker, code, c.buyer, true));
    const [b, ...s] = await Promise.all([blocking, ...sales]);
    assert.equal(b.status, 200);
    const [decision] = await r.ctx.store.query<{ decided_at: Date }>(
      "SELECT decided_at FROM software_version_decisions WHERE version_key = '0.8.0' AND action = 'blocked'",
    );
    for (const [i, res] of s.entries()) {
      if (res.status === 201) {
        // A sale that committed was decided on an unblocked version: its event is not after the block.
        const [e] = await r.ctx.store.query<{ recorded_at: Date }>(
          "SELECT recorded_at FROM events WHERE robot_code = $1 AND type = 'transferred'",
          [codes[i]],
        );
        assert.ok(e && decision && e.recorded_at <= decision.decided_at, 'a sale recorded after the block');
      } else refused(res, 409, 'MARKET_ACCESS_DENIED');
    }
    // Every later sale is refused.
    for (const code of codes) {
      const owner = (await r.ctx.store.query<{ owner_id: string }>('SELECT owner_id FROM robots WHERE code = $1', [code]))[0];
      if (owner?.owner_id === c.maker.id) refused(await transfer(r, c.maker, code, c.buyer, true), 409, 'MARKET_ACCESS_DENIED');
    }
  });

  test('an OTA-remedied recall: units that report the campaign’s version are remedied without a shop visit', async () => {
    ok(await fileVersion(r, c.maker, c.model, '1.4.0', { releasedOn: '2026-02-25' }));
    const a = await unitOn('1.0.0');
    const b = await unitOn('1.0.0');
    const [lo, hi] = [a, b].sort();
    const campaign = await fileCampaign(r, c.maker, {
      models: [c.model],
      fromVersions: ['1.0.0'],
      toVersion: '1.4.0',
      scope: { codes: { from: lo, to: hi } },
    });
    assert.equal(campaign.status, 201, JSON.stringify(campaign.body));
    assert.equal(campaign.body.units, 2);
    const id = campaign.body.campaign.id;
    const recall = await r.call('POST', '/v1/recalls', {
      token: c.maker.token,
      body: {
        scope: { models: [c.model], codes: { from: lo, to: hi } },
        hazard: 'balance loop may oscillate on slopes',
        severity: 'high',
        remedy: 'software_update',
        stopSale: true,
        stopUse: false,
        campaignId: id,
      },
    });
    assert.equal(recall.status, 201, JSON.stringify(recall.body));
    assert.equal(recall.body.recall.campaignId, id);
    const rid = recall.body.recall.id;
    assert.deepEqual((await access(r, a)).reasons, ['OPEN_RECALL_STOP_SALE']);
    ok(await update(r, c.maker.token, a, id, '1.0.0', '1.4.0'));
    assert.equal((await access(r, a)).allowed, true);
    let report = await r.call('GET', `/v1/recalls/${rid}`);
    assert.deepEqual([report.body.totals.units, report.body.totals.remedied], [2, 1]);
    ok(await update(r, c.maker.token, b, id, '1.0.0', '1.4.0'));
    report = await r.call('GET', `/v1/recalls/${rid}`);
    assert.deepEqual([report.body.totals.units, report.body.totals.remedied, report.body.totals.completion], [2, 2, 1]);
    // A recall may only name its own maker's campaign, with the remedy software_update.
    refused(
      await r.call('POST', '/v1/recalls', {
        token: c.otherMaker.token,
        body: {
          scope: { models: ['000001'] },
          hazard: 'x',
          severity: 'low',
          remedy: 'software_update',
          stopSale: false,
          stopUse: false,
          campaignId: id,
        },
      }),
      400,
      'INVALID_ARGUMENT',
    );
    refused(
      await r.call('POST', '/v1/recalls', {
        token: c.maker.token,
        body: {
          scope: { models: [c.model] },
          hazard: 'x',
          severity: 'low',
          remedy: 'repair',
          stopSale: false,
          stopUse: false,
          campaignId: id,
        },
      }),
      400,
      'INVALID_ARGUMENT',
    );
  });

  test('a regulator and a maker list campaigns; others may not', async () => {
    const all = await r.call('GET', '/v1/campaigns', { token: r.regulatorToken });
    assert.equal(all.status, 200);
    assert.ok(all.body.items.length > 0);
    const own = await r.call('GET', '/v1/campaigns', { token: c.otherMaker.token });
    assert.deepEqual(own.body.items, []);
    refused(await r.call('GET', '/v1/campaigns', { token: c.buyer.token }), 403, 'FORBIDDEN_ROLE');
    refused(await r.call('GET', '/v1/campaigns'), 401, 'UNAUTHENTICATED');
  });
});
