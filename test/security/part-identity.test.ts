/**
 * Issue #11, item 2 (and item 8's duplicate-part refusal): a scrapped or
 * installed part cannot come back under another spelling — case, full-width
 * forms, spaces, dashes, invisible characters, Cyrillic or Greek look-alikes —
 * at registration, batch registration or repair. Each refusal names the
 * canonical part, names the unit that holds it only to a caller entitled to
 * read that unit, and changes nothing.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { ENGINE, enrol, fileModel, testRegistry, unitBody, type Enrolled, type TestRegistry } from '../harness.ts';
import { grant, makeCast, newUnit, passport, record, refused, unitIn, type Cast } from '../lifecycle/flow.ts';
import { partIdentity, type PartIdentity } from '../../src/component/part-identity.ts';
import { digest } from './support.ts';
import { spellingVariant } from './spelling-variants.ts';

interface Part {
  type: string;
  maker: string;
  serial: string;
}

let r: TestRegistry;
let c: Cast;
let otherModel: string;

before(async () => {
  r = await testRegistry();
  c = await makeCast(r);
  otherModel = await fileModel(r, c.otherMaker);
});
after(() => r.dispose());

const RUNS = 30;

/** partsOf reads a unit's parts as the regulator sees them. */
async function partsOf(code: string): Promise<Part[]> {
  return ((await passport(r, code, r.regulatorToken)).components as Part[]).map(({ type, maker, serial }) => ({ type, maker, serial }));
}

/** variantOf spells a part's maker and serial some other way. */
const variantOf = (parts: Part[]) =>
  fc
    .constantFrom(...parts)
    .chain((p) => fc.record({ type: fc.constant(p.type), maker: spellingVariant(p.maker), serial: spellingVariant(p.serial) }));

/** withPart is a unit body of model that declares part in place of its own part of that type. */
function withPart(model: string, part: Part) {
  const body = unitBody(model);
  body.components = body.components.map((x) => (x.type === part.type ? { ...part, lot: 'REFURB' } : x));
  return body;
}

/** assertNames checks a refusal names the canonical part, in its detail and as `part`. */
function assertNames(res: { body: any }, part: PartIdentity, member: any = res.body.part): void {
  assert.deepEqual(member, part, JSON.stringify(res.body));
  assert.ok(res.body.detail.includes(`canonical part ${part.type}/${part.maker}/${part.serial}`), res.body.detail);
}

let scrappedUnit: Promise<{ code: string; parts: Part[] }> | undefined;
const scrapped = () => (scrappedUnit ??= unitIn(r, c, 'scrapped').then(async (code) => ({ code, parts: await partsOf(code) })));

test(`[${ENGINE}] every spelling of a scrapped part is refused at registration and in a batch (SCRAPPED_COMPONENT, naming the canonical part), and nothing changes`, async () => {
  const { code, parts } = await scrapped();
  const before = await digest(r);
  await fc.assert(
    fc.asyncProperty(variantOf(parts), fc.boolean(), async (v, batch) => {
      const body = withPart(c.model, v);
      const res = batch
        ? await r.call('POST', '/v1/robots/batch', { token: c.maker.token, body: { units: [unitBody(c.model), body] } })
        : await r.call('POST', '/v1/robots', { token: c.maker.token, body });
      refused(res, 409, 'SCRAPPED_COMPONENT', JSON.stringify(v));
      assert.equal(res.body.errors[0].unit, batch ? 1 : 0);
      assertNames(res, partIdentity(v), res.body.errors[0].part);
      // The maker made the scrapped unit: it may read it, so the refusal names it.
      assert.ok(res.body.detail.includes(code), res.body.detail);
    }),
    { numRuns: RUNS },
  );
  assert.deepEqual(await digest(r), before, 'no unit, component, event or leaf was written');
});

test(`[${ENGINE}] every spelling of a scrapped part is refused in a repair, by a granted shop and by the maker on a unit it holds; the shop is not told which unit it was scrapped with`, async () => {
  const { code, parts } = await scrapped();
  const sold = await unitIn(r, c, 'in_use');
  assert.equal((await grant(r, c.buyer, sold, c.service)).status, 201);
  const held = await newUnit(r, c.maker, c.model);
  const repairers = [
    { who: c.service, target: sold, mine: await partsOf(sold) },
    { who: c.maker, target: held, mine: await partsOf(held) },
  ];
  const before = await digest(r);
  await fc.assert(
    fc.asyncProperty(variantOf(parts), fc.constantFrom(...repairers), async (v, { who, target, mine }) => {
      const current = mine.find((x) => x.type === v.type)!;
      const replaced = [
        { type: v.type, removed: { maker: current.maker, serial: current.serial }, installed: { maker: v.maker, serial: v.serial } },
      ];
      const res = refused(
        await record(r, who.token, target, 'serviced', { kind: 'repair', replaced }),
        409,
        'SCRAPPED_COMPONENT',
        JSON.stringify(v),
      );
      assertNames(res, partIdentity(v));
      assert.equal(res.body.detail.includes(code), who === c.maker, `the scrapped unit is named only to its maker: ${res.body.detail}`);
    }),
    { numRuns: RUNS },
  );
  assert.deepEqual(await digest(r), before);
  for (const { target, mine } of repairers) assert.deepEqual(await partsOf(target), mine, 'each unit keeps its own parts');
});

test(`[${ENGINE}] every spelling of an installed part is refused at registration, in a batch and in a repair (DUPLICATE_COMPONENT); another manufacturer learns only that it is installed elsewhere`, async () => {
  const holder = await newUnit(r, c.maker, c.model);
  const parts = await partsOf(holder);
  const target = await newUnit(r, c.maker, c.model);
  const mine = await partsOf(target);
  const before = await digest(r);
  await fc.assert(
    fc.asyncProperty(variantOf(parts), fc.constantFrom('own', 'other', 'batch', 'repair'), async (v, how) => {
      const res =
        how === 'own'
          ? await r.call('POST', '/v1/robots', { token: c.maker.token, body: withPart(c.model, v) })
          : how === 'other'
            ? await r.call('POST', '/v1/robots', { token: c.otherMaker.token, body: withPart(otherModel, v) })
            : how === 'batch'
              ? await r.call('POST', '/v1/robots/batch', { token: c.otherMaker.token, body: { units: [withPart(otherModel, v)] } })
              : await (async () => {
                  const { maker, serial } = mine.find((x) => x.type === v.type)!;
                  return record(r, c.maker.token, target, 'serviced', {
                    kind: 'repair',
                    replaced: [{ type: v.type, removed: { maker, serial }, installed: { maker: v.maker, serial: v.serial } }],
                  });
                })();
      refused(res, 409, 'DUPLICATE_COMPONENT', `${how} ${JSON.stringify(v)}`);
      assertNames(res, partIdentity(v), how === 'repair' ? res.body.part : res.body.errors[0].part);
      const mayRead = how === 'own' || how === 'repair';
      assert.equal(res.body.detail.includes(holder), mayRead, `the holding unit is named only to its maker: ${res.body.detail}`);
      if (!mayRead) assert.match(res.body.detail, /installed in another unit/);
    }),
    { numRuns: RUNS },
  );
  assert.deepEqual(await digest(r), before);
});

test(`[${ENGINE}] two spellings of one part in one production run are refused, whichever unit declares them`, async () => {
  const a = unitBody(c.model);
  const before = await digest(r);
  await fc.assert(
    fc.asyncProperty(variantOf(a.components), async (v) => {
      const b = withPart(c.model, v);
      const res = refused(
        await r.call('POST', '/v1/robots/batch', { token: c.maker.token, body: { units: [a, b] } }),
        409,
        'DUPLICATE_COMPONENT',
      );
      assert.equal(res.body.errors[0].unit, 1);
      assertNames(res, partIdentity(v), res.body.errors[0].part);
    }),
    { numRuns: RUNS },
  );
  assert.deepEqual(await digest(r), before);
});

test(`[${ENGINE}] a part with no letter or digit in its maker or serial is refused (INVALID_ARGUMENT): "---" would otherwise be one part for everyone`, async () => {
  const before = await digest(r);
  for (const part of [
    { type: 'battery_pack', maker: 'ACME', serial: '—\u200b-' },
    { type: 'battery_pack', maker: ' . ', serial: 'BP-9' },
  ]) {
    refused(
      await r.call('POST', '/v1/robots', { token: c.maker.token, body: withPart(c.model, part) }),
      400,
      'INVALID_ARGUMENT',
      JSON.stringify(part),
    );
  }
  assert.deepEqual(await digest(r), before);
});

test(`[${ENGINE}] a repair removes a part by any spelling, keeps the new spelling for display, and the lookup shows who held it`, async () => {
  const code = await newUnit(r, c.maker, c.model);
  const [old] = (await partsOf(code)).filter((p) => p.type === 'battery_pack');
  const removed = { maker: ` ${old!.maker.toUpperCase()} `, serial: old!.serial.replace(/-/g, '\u2011') };
  const fitted = { maker: 'Volt Cells', serial: `VC-${code.slice(-8)}` };
  assert.equal(
    (await record(r, c.maker.token, code, 'serviced', { kind: 'repair', replaced: [{ type: 'battery_pack', removed, installed: fitted }] }))
      .status,
    201,
  );
  const look = (p: { maker: string; serial: string }, token?: string) =>
    r.call('GET', `/v1/components?${new URLSearchParams({ type: 'battery_pack', maker: p.maker, serial: p.serial })}`, { token });
  const out = await look({ maker: 'ａｃｍｅ parts', serial: old!.serial.toLowerCase() }, r.regulatorToken);
  assert.equal(out.status, 200, JSON.stringify(out.body));
  assert.deepEqual([out.body.state, out.body.scrapped, out.body.unit], ['removed', false, null]);
  assert.deepEqual(
    out.body.holdings.map((h: any) => [h.unit, h.removedAt !== null]),
    [[code, true]],
  );
  const now = await look({ maker: 'VOLT-CELLS', serial: fitted.serial }, c.maker.token);
  assert.equal(now.status, 200, JSON.stringify(now.body));
  assert.deepEqual([now.body.state, now.body.unit, now.body.spelling.maker], ['installed', code, 'Volt Cells']);
  // Another manufacturer, and the public, learn nothing; an unknown part answers the same.
  const stranger = await look(fitted, c.otherMaker.token);
  const unknown = await look({ maker: 'Nobody', serial: 'X-1' }, c.otherMaker.token);
  refused(stranger, 404, 'NOT_FOUND');
  refused(unknown, 404, 'NOT_FOUND');
  assert.equal(stranger.body.detail.replace(/identity .*/, ''), unknown.body.detail.replace(/identity .*/, ''));
  assert.ok(!JSON.stringify(stranger.body).includes(code));
  refused(await look(fitted), 401, 'UNAUTHENTICATED');
});

test(`[${ENGINE}] a recall scoped by component maker and lot reaches units whatever spelling the scope or the part used`, async () => {
  const maker: Enrolled = await enrol(r, ['manufacturer']);
  const model = await fileModel(r, maker);
  const body = unitBody(model);
  body.components = body.components.map((x) => ({ ...x, maker: 'Volt Cells Co.', lot: 'LOT 7-B' }));
  const code = (await r.call('POST', '/v1/robots', { token: maker.token, body })).body.code as string;
  const recall = await r.call('POST', '/v1/recalls', {
    token: r.regulatorToken,
    body: {
      scope: { component: { type: 'battery_pack', maker: 'VOLT‐CELLS CO', lots: ['lot7b'] } },
      hazard: 'Cell swelling',
      severity: 'high',
      remedy: 'part_replacement',
      stopSale: false,
      stopUse: false,
    },
  });
  assert.equal(recall.status, 201, JSON.stringify(recall.body));
  const units = await r.call('GET', `/v1/recalls/${recall.body.recall.id}/robots`, { token: r.regulatorToken });
  assert.deepEqual(
    units.body.items.map((u: any) => u.code),
    [code],
  );
});
