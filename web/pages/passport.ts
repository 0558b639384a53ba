/**
 * A robot's passport for signed-in participants: summary, key components and
 * their history, deployments by province, incidents, recalls and remedies, and
 * the timeline of events, each with its ledger status verified in this browser.
 */
import { api, ApiError, type Participant, type PublicName } from '../api.ts';
import { showCode, tidyCode } from '../codes.ts';
import { bdi, dl, fmt, h, notice, table } from '../dom.ts';
import { day, gap, minute, nameOf, say, t, term } from '../i18n.ts';
import { verifyPassportBundle, type BundleVerdict, type EntryVerdict } from '../ledger/bundle.ts';
import { navigate } from '../main.ts';
import { lineageSection } from './second-life.ts';
import type { RobotEvent as ApiEvent } from '../../src/contract/events.ts';
import type { Passport } from '../../src/contract/responses.ts';

/** RobotEvent is the API's event; the page reads each type's open data fields loosely. */
type RobotEvent = Omit<ApiEvent, 'data' | 'personal'> & { data: Record<string, any>; personal: Record<string, any> | null };

async function allEvents(code: string): Promise<RobotEvent[]> {
  const out: RobotEvent[] = [];
  let after = 0;
  for (;;) {
    const page = await api<{ items: RobotEvent[]; next: number | null }>(`/v1/robots/${code}/events?after=${after}&limit=500`);
    out.push(...page.items);
    if (page.next === null) return out;
    after = page.next;
  }
}

function ledgerCell(v: EntryVerdict | undefined, bundle: BundleVerdict | null): HTMLElement {
  if (!bundle?.checkpoint || !v) return h('span', { class: 'pill warn' }, t('web.ledger.notInBundle'));
  if (!v.included)
    return h(
      'span',
      { class: 'pill bad', title: v.reason ? say(v.reason) : v.error },
      t('web.ledger.notVerified', { error: v.reason ? say(v.reason) : (v.error ?? t('web.ledger.proofFailed')) }),
    );
  // A log position, not a quantity: no grouping separators.
  const size = String(bundle.checkpoint.size);
  // A sealed version 2 leaf proves the event's type and times only; its details were not opened for this reader.
  if (bundle.signature === 'verified')
    return h('span', { class: 'pill ok', 'data-ledger': 'verified' }, t('web.ledger.included', { size, sealed: !v.opened }));
  if (bundle.signature === 'unsupported')
    return h('span', { class: 'pill warn', 'data-ledger': 'unsupported' }, t('web.ledger.includedUnsigned', { size }));
  return h(
    'span',
    { class: 'pill bad', 'data-ledger': 'failed' },
    t('web.ledger.badSignature', { error: bundle.signatureReason ? say(bundle.signatureReason) : (bundle.signatureError ?? '') }),
  );
}

/** Names maps participant ids to their names; an id the caller may not read stays an id. */
type Names = Map<string, PublicName>;

/** participantNames reads the name of every participant the events name (actor, recipient, service, operator). */
async function participantNames(events: RobotEvent[]): Promise<Names> {
  const ids = new Set<string>();
  for (const e of events)
    for (const id of [e.actorId, e.data.to, e.data.from, e.data.service, e.data.operator, e.data.importer])
      if (typeof id === 'string') ids.add(id);
  const found = await Promise.allSettled([...ids].map((id) => api<Participant>(`/v1/participants/${id}`)));
  return new Map(found.flatMap((r) => (r.status === 'fulfilled' ? [[r.value.id, r.value as PublicName] as const] : [])));
}

/** nameOfId shows a participant by name in the reader's language, or by id when the caller may not read it. */
function nameOfId(names: Names, id: string): HTMLElement {
  const n = names.get(id);
  return bdi(n ? nameOf(n) : id);
}

/** describe says what an event did, names isolated in <bdi>. */
function describe(e: RobotEvent, names: Names): (Node | string)[] {
  const d = e.data;
  const who = (id: unknown) => nameOfId(names, String(id));
  const firmware = { hasFirmware: Boolean(d.firmware), firmware: String(d.firmware ?? '') };
  const codes = (list: unknown) => (Array.isArray(list) ? list.map(String).map(showCode).join(', ') : '');
  switch (e.type) {
    case 'registered':
      if (Array.isArray(d.remanufacturedFrom))
        return fmt('web.event.remanufacturedFrom', { model: bdi(String(d.model)), predecessors: codes(d.remanufacturedFrom) });
      return fmt('web.event.registered', { model: bdi(String(d.model)), date: day(String(d.productionDate)), ...firmware });
    case 'imported':
      return fmt('web.event.imported', {
        origin: String(d.customs?.origin ?? ''),
        importer: who(d.importer),
        declaration: bdi(String(d.customs?.declaration ?? '')),
      });
    case 'exported':
      return fmt('web.event.exported', { destination: String(d.destination), declaration: bdi(String(d.declaration)) });
    case 'reimported':
      return fmt('web.event.reimported', {
        hasOrigin: typeof d.origin === 'string',
        origin: String(d.origin ?? ''),
        importer: who(e.actorId),
        declaration: bdi(String(d.declaration)),
      });
    case 'remanufactured':
      return fmt('web.event.remanufacturedInto', { successor: codes([d.successor]) });
    case 'transferred':
      return d.offerExpiresAt
        ? fmt('web.event.offered', { sale: Boolean(d.sale), from: who(d.from), to: who(d.to), date: day(String(d.offerExpiresAt)) })
        : fmt('web.event.transferred', { sale: Boolean(d.sale), from: who(d.from), to: who(d.to) });
    case 'transfer_accepted':
      return fmt('web.event.accepted', { who: who(e.actorId), sale: Boolean(d.sale), from: who(d.from) });
    case 'transfer_declined':
      return fmt('web.event.declined', { who: who(e.actorId) });
    case 'transfer_withdrawn':
      return [t('web.event.withdrawn')];
    case 'service_granted':
      return fmt('web.event.serviceGranted', { who: who(d.service), date: day(String(d.expiresAt)) });
    case 'deployed':
      return fmt('web.event.deployed', {
        city: bdi(d.site?.city ?? ''),
        province: bdi(d.site?.province ?? ''),
        domain: term('domain', String(d.domain ?? '')),
      });
    case 'serviced':
      return fmt('web.event.serviced', { kind: term('serviceKind', String(d.kind)), replaced: d.replaced?.length ?? 0, ...firmware });
    case 'incident_reported':
      return fmt('web.event.incident', {
        kind: term('incidentKind', String(d.kind)),
        severity: term('incidentSeverity', String(d.severity)),
        hasDescription: Boolean(e.personal?.description),
        description: bdi(String(e.personal?.description ?? '')),
      });
    case 'recall_remedied':
      return fmt('web.event.recallRemedied', { recall: String(d.recallId).slice(0, 8) });
    case 'software_updated':
      return fmt('web.event.softwareUpdated', {
        from: bdi(String(d.from)),
        to: bdi(String(d.to)),
        campaign: String(d.campaignId).slice(0, 8),
      });
    default:
      return [bdi(e.personal?.notes ?? e.personal?.reason ?? '')];
  }
}

type Cell = string | number | Node;

function componentHistory(events: RobotEvent[]): Cell[][] {
  const rows: Cell[][] = [];
  const part = (p: { maker: string; serial: string }) => `${p.maker} ${p.serial}`;
  for (const e of events) {
    if (e.type === 'registered')
      for (const c of e.data.components ?? [])
        rows.push([day(e.occurredAt), t('web.passport.installedAtManufacture'), term('component', c.type), bdi(part(c))]);
    if (e.type === 'serviced')
      for (const r of e.data.replaced ?? [])
        rows.push([
          day(e.occurredAt),
          t('web.passport.replacedInService'),
          term('component', r.type),
          bdi(`${part(r.removed)} → ${part(r.installed)}`),
        ]);
    if (e.type === 'scrapped') rows.push([day(e.occurredAt), t('web.passport.scrappedWithRobot'), t('web.passport.all'), '—']);
  }
  return rows;
}

function deployments(events: RobotEvent[]): HTMLElement {
  const spans: { province: string; city: string; domain: string; from: string; to: string | null }[] = [];
  for (const e of events) {
    if (e.type === 'deployed')
      spans.push({
        province: e.data.site?.province ?? '?',
        city: e.data.site?.city ?? '?',
        domain: String(e.data.domain ?? ''),
        from: e.occurredAt,
        to: null,
      });
    const last = spans.at(-1);
    if ((e.type === 'undeployed' || e.type === 'decommissioned') && last && last.to === null) last.to = e.occurredAt;
  }
  spans.sort((a, b) => a.province.localeCompare(b.province) || a.from.localeCompare(b.from));
  return table(
    t('web.passport.deploymentsByProvince'),
    [t('web.col.province'), t('web.col.city'), t('web.col.domain'), t('web.col.from'), t('web.col.until')],
    spans.map((s) => [bdi(s.province), bdi(s.city), term('domain', s.domain), day(s.from), s.to ? day(s.to) : t('web.passport.now')]),
  );
}

function codeForm(): HTMLFormElement {
  const input = h('input', {
    id: 'pcode',
    type: 'text',
    required: true,
    autocomplete: 'off',
    autocapitalize: 'characters',
    spellcheck: 'false',
    maxlength: 64,
  });
  return h(
    'form',
    {
      class: 'search',
      onsubmit: (e: Event) => {
        e.preventDefault();
        void navigate(`/passport/${tidyCode(input.value)}`);
      },
    },
    h('label', { for: 'pcode' }, t('web.code.label')),
    h('div', { class: 'row' }, input, h('button', { type: 'submit' }, t('web.passport.open'))),
  );
}

function ledgerNotice(verdict: BundleVerdict | null): HTMLElement {
  if (!verdict) return notice('warn', t('web.ledger.noBundle'));
  if (verdict.verified)
    return notice(
      'ok',
      h('strong', {}, t('web.ledger.verified')),
      gap(),
      t('web.ledger.verifiedDetail', { size: String(verdict.checkpoint?.size ?? '') }),
    );
  if (verdict.signature === 'unsupported')
    return notice('warn', h('strong', {}, t('web.ledger.unsupported')), gap(), t('web.ledger.unsupportedDetail'));
  return notice(
    'bad',
    h('strong', {}, t('web.ledger.failed')),
    gap(),
    verdict.signatureReason ? say(verdict.signatureReason) : (verdict.signatureError ?? t('web.ledger.failedDetail')),
  );
}

function summary(passport: Passport, verdict: BundleVerdict | null, names: Names): HTMLElement {
  const ma = passport.marketAccess;
  const offer = passport.pendingOffer;
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'sum-h' },
    h('h2', { id: 'sum-h' }, h('span', { class: 'code' }, showCode(passport.code))),
    dl([
      [t('web.field.maker'), bdi(nameOf(passport.manufacturer))],
      [
        t('web.field.model'),
        fmt('web.passport.model', {
          name: bdi(nameOf(passport.model)),
          code: passport.model.code,
          status: term('modelStatus', passport.model.status),
        }),
      ],
      [t('web.field.productionDate'), day(passport.productionDate)],
      [t('web.field.status'), term('status', passport.status)],
      [
        t('web.field.marketAccess'),
        ma.allowed
          ? t('web.passport.allowed')
          : [
              t('web.passport.notAllowed'),
              h(
                'ul',
                { class: 'reasons' },
                ma.reasons.map((r) => h('li', { 'data-reason': r }, term('marketAccess', r))),
              ),
            ],
      ],
      [t('web.field.firmware'), passport.firmware ? bdi(passport.firmware) : '—'],
      ...conditionRows(passport),
      ...(offer
        ? [
            [
              t('web.passport.pending'),
              fmt('web.passport.pendingText', { sale: offer.sale, to: nameOfId(names, offer.to), date: day(offer.expiresAt) }),
            ] as [string, (Node | string)[]],
          ]
        : []),
    ]),
    ledgerNotice(verdict),
  );
}

/** conditionRows are the passport's revision, permanent brands and last usage reading (issue #15). */
function conditionRows(p: Passport): [string, string][] {
  return [
    [t('condition.revision'), String(p.revision ?? 1)],
    [
      t('condition.brands'),
      p.brands?.length ? p.brands.map((b) => term('brand', b)).join(t('condition.listJoin')) : t('condition.noBrands'),
    ],
    [
      t('condition.usage'),
      p.usage ? t('condition.usageReading', { hours: p.usage.hours, cycles: p.usage.cycles, at: day(p.usage.at) }) : t('condition.noUsage'),
    ],
  ];
}

/** renderPassport shows a robot's passport and verifies its ledger bundle with WebCrypto. */
export async function renderPassport(main: HTMLElement, me: Participant | null, code: string | undefined): Promise<void> {
  main.append(h('h1', {}, t('web.passport.h1')));
  if (!me) {
    main.append(
      notice(
        'info',
        h('p', {}, t('web.passport.signedInOnly')),
        h(
          'p',
          {},
          fmt('web.passport.signInOr', {
            signIn: h('a', { href: '/signin' }, t('web.nav.signIn')),
            verify: h('a', { href: code ? `/r/${code}` : '/' }, t('web.passport.verifyPublicly')),
          }),
        ),
      ),
    );
    return;
  }
  main.append(codeForm());
  if (!code) return;
  let passport: Passport;
  try {
    passport = await api<Passport>(`/v1/robots/${encodeURIComponent(code)}`);
  } catch (e) {
    main.append(notice('bad', e instanceof ApiError ? e.message : String(e)));
    return;
  }
  const c = passport.code;
  // ?quorum=N asks that N of the witnesses the regulator registered cosigned a checkpoint this bundle extends (docs/ledger.md).
  const quorum = Number(new URLSearchParams(location.search).get('quorum') ?? 0);
  const [eventsR, bundleR, keyR, witnessesR] = await Promise.allSettled([
    allEvents(c),
    api<unknown>(`/v1/robots/${c}/bundle`),
    api<string>('/v1/log/key', { text: true }),
    quorum > 0 ? api<{ items: { key: string }[] }>('/v1/log/witnesses') : Promise.resolve({ items: [] }),
  ]);
  const events = eventsR.status === 'fulfilled' ? eventsR.value : null;
  let verdict: BundleVerdict | null = null;
  const policy =
    Number.isSafeInteger(quorum) && quorum > 0
      ? { quorum, witnesses: witnessesR.status === 'fulfilled' ? witnessesR.value.items.map((w) => w.key) : [] }
      : undefined;
  if (bundleR.status === 'fulfilled' && keyR.status === 'fulfilled')
    verdict = await verifyPassportBundle(bundleR.value, keyR.value, globalThis.crypto.subtle, policy);
  const byIndex = new Map((verdict?.entries ?? []).map((v) => [v.index, v]));

  // The offer's recipient is named in the events too, so one lookup serves the summary and the timeline.
  const names = events ? await participantNames(events) : new Map<string, PublicName>();
  main.append(summary(passport, verdict, names), lineageSection(passport));
  if (verdict?.witnesses)
    main.append(
      verdict.witnesses.met
        ? notice('ok', t('web.ledger.witnessed', { quorum: verdict.witnesses.quorum, names: verdict.witnesses.names.join(', ') }))
        : notice(
            'bad',
            t('web.ledger.notWitnessed', {
              error: verdict.witnesses.reason ? say(verdict.witnesses.reason) : (verdict.witnesses.error ?? ''),
            }),
          ),
    );

  if (!events) {
    const why =
      eventsR.status === 'rejected' && eventsR.reason instanceof ApiError ? eventsR.reason.message : t('web.passport.unavailable');
    main.append(notice('info', t('web.passport.eventsHidden', { why })));
    return;
  }
  const incidents = events.filter((e) => e.type === 'incident_reported');
  const remedies = events.filter((e) => e.type === 'recall_remedied');
  main.append(
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'tl-h' },
      h('h2', { id: 'tl-h' }, t('web.passport.timeline', { count: events.length })),
      h(
        'ol',
        { class: 'timeline' },
        events.map((e) =>
          h(
            'li',
            { 'data-seq': e.seq, 'data-type': e.type },
            h(
              'div',
              { class: 'tl-head' },
              h('strong', {}, `${e.seq}. ${term('event', e.type)}`),
              h('time', { datetime: e.occurredAt }, minute(e.occurredAt)),
            ),
            h('div', {}, describe(e, names)),
            h('div', { class: 'tl-actor' }, fmt('web.passport.recordedBy', { who: nameOfId(names, e.actorId) })),
            h(
              'div',
              { class: 'tl-ledger' },
              t('web.passport.logIndex', { index: String(e.logIndex) }),
              ' · ',
              ledgerCell(byIndex.get(e.logIndex), verdict),
            ),
          ),
        ),
      ),
    ),
    h(
      'section',
      { class: 'card' },
      h('h2', {}, t('web.passport.components')),
      table(
        t('web.passport.installed'),
        [t('web.col.type'), t('web.col.maker'), t('web.col.serial'), t('web.col.lot'), t('web.col.state'), t('condition.battery')],
        (passport.components ?? []).map((k) => [
          term('component', k.type),
          bdi(k.maker),
          bdi(k.serial),
          k.lot ? bdi(k.lot) : '—',
          term('componentState', k.state),
          k.battery
            ? t('condition.batteryReading', { soh: k.battery.stateOfHealth, cycles: k.battery.cycleCount, at: day(k.battery.reportedAt) })
            : '—',
        ]),
      ),
      table(
        t('web.passport.history'),
        [t('web.col.date'), t('web.col.change'), t('web.col.type'), t('web.col.part')],
        componentHistory(events),
      ),
    ),
    h('section', { class: 'card' }, h('h2', {}, t('web.passport.deployments')), deployments(events)),
    h(
      'section',
      { class: 'card' },
      h('h2', {}, t('web.passport.incidents')),
      table(
        t('web.passport.incidentsReported'),
        [t('web.col.date'), t('web.col.severity'), t('web.col.kind'), t('web.col.details')],
        incidents.map((e) => [
          day(e.occurredAt),
          term('incidentSeverity', String(e.data.severity)),
          term('incidentKind', String(e.data.kind)),
          bdi(String(e.personal?.description ?? e.data.failureMode ?? '—')),
        ]),
      ),
    ),
    h(
      'section',
      { class: 'card' },
      h('h2', {}, t('web.passport.recalls')),
      table(
        t('web.verify.openRecalls'),
        [t('web.col.issued'), t('web.col.hazard'), t('web.col.remedy'), t('web.col.onThisRobot')],
        passport.openRecalls.map((r) => [
          day(r.issuedAt),
          bdi(r.hazard),
          term('remedy', r.remedy),
          term('remedyState', r.remedied ? 'remedied' : 'pending'),
        ]),
      ),
      table(
        t('web.passport.remedies'),
        [t('web.col.date'), t('web.col.recall')],
        remedies.map((e) => [day(e.occurredAt), String(e.data.recallId)]),
      ),
    ),
  );
}
