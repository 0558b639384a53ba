/**
 * A robot's passport for signed-in participants: summary, key components and
 * their history, deployments by province, incidents, recalls and remedies, and
 * the timeline of events, each with its ledger status verified in this browser.
 */
import { api, ApiError, type Participant } from '../api.ts';
import { showCode, tidyCode } from '../codes.ts';
import { dl, h, notice, plain, table, when } from '../dom.ts';
import { verifyPassportBundle, type BundleVerdict, type EntryVerdict } from '../ledger/bundle.ts';
import { navigate } from '../main.ts';

interface RobotEvent {
  seq: number;
  type: string;
  occurredAt: string;
  actorId: string;
  data: Record<string, any>;
  personal: Record<string, any> | null;
  logIndex: number;
}

interface Passport {
  code: string;
  model: { code: string; name: string; status: string };
  manufacturer: { name: string };
  productionDate: string;
  status: string;
  marketAccess: { allowed: boolean; reasons: string[] };
  openRecalls: { id: string; hazard: string; severity: string; remedy: string; remedied: boolean; issuedAt: string }[];
  view: string;
  firmware?: string | null;
  /** pendingOffer is shown to the owner and to the recipient it names. */
  pendingOffer?: { to: string; sale: boolean; expiresAt: string };
  components?: { type: string; maker: string; serial: string; lot: string | null; state: string }[];
}

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
  if (!bundle || !v) return h('span', { class: 'pill warn' }, 'not in the bundle yet');
  if (!v.included) return h('span', { class: 'pill bad', title: v.error }, `not verified: ${v.error ?? 'proof failed'}`);
  const n = bundle.checkpoint!.size;
  // A sealed version 2 leaf proves the event's type and times only; its details were not opened for this reader.
  if (bundle.signature === 'verified')
    return h(
      'span',
      { class: 'pill ok', 'data-ledger': 'verified' },
      `included in checkpoint ${n}, verified${v.opened ? '' : ' (details sealed)'}`,
    );
  if (bundle.signature === 'unsupported')
    return h(
      'span',
      { class: 'pill warn', 'data-ledger': 'unsupported' },
      `included in checkpoint ${n}; signature not verified in this browser`,
    );
  return h('span', { class: 'pill bad', 'data-ledger': 'failed' }, `checkpoint signature invalid: ${bundle.signatureError ?? ''}`);
}

/** Names maps participant ids to names; an id the caller may not read stays an id. */
type Names = Map<string, string>;

/** participantNames reads the name of every participant the events name (actor, recipient, service, operator). */
async function participantNames(events: RobotEvent[]): Promise<Names> {
  const ids = new Set<string>();
  for (const e of events)
    for (const id of [e.actorId, e.data.to, e.data.from, e.data.service, e.data.operator]) if (typeof id === 'string') ids.add(id);
  const found = await Promise.allSettled([...ids].map((id) => api<Participant>(`/v1/participants/${id}`)));
  return new Map(found.flatMap((r) => (r.status === 'fulfilled' ? [[r.value.id, r.value.name] as [string, string]] : [])));
}

function describe(e: RobotEvent, names: Names): string {
  const d = e.data;
  const who = (id: unknown) => names.get(String(id)) ?? String(id);
  switch (e.type) {
    case 'registered':
      return `Registered as model ${d.model}, made ${d.productionDate}${d.firmware ? `, firmware ${d.firmware}` : ''}`;
    case 'transferred':
      return d.offerExpiresAt
        ? `${d.sale ? 'Offered for sale' : 'Offered'} by ${who(d.from)} to ${who(d.to)}, open until ${String(d.offerExpiresAt).slice(0, 10)}`
        : `${d.sale ? 'Sold' : 'Handed over'} by ${who(d.from)} to ${who(d.to)}`;
    case 'transfer_accepted':
      return `${who(e.actorId)} accepted the ${d.sale ? 'sale' : 'transfer'} from ${who(d.from)}`;
    case 'transfer_declined':
      return `${who(e.actorId)} declined the transfer`;
    case 'transfer_withdrawn':
      return 'The owner withdrew its transfer offer';
    case 'service_granted':
      return `Service granted to ${who(d.service)} until ${String(d.expiresAt).slice(0, 10)}`;
    case 'deployed':
      return `Deployed in ${d.site?.city ?? ''}, ${d.site?.province ?? ''} (${plain(String(d.domain ?? ''))})`;
    case 'serviced':
      return `${plain(String(d.kind))}${d.firmware ? `, firmware ${d.firmware}` : ''}${d.replaced?.length ? `, replaced ${d.replaced.length} component(s)` : ''}`;
    case 'incident_reported':
      return `${plain(String(d.severity))} ${plain(String(d.kind))}${e.personal?.description ? `: ${e.personal.description}` : ''}`;
    case 'recall_remedied':
      return `Recall ${String(d.recallId).slice(0, 8)} remedied`;
    default:
      return e.personal?.notes ?? e.personal?.reason ?? '';
  }
}

function componentHistory(events: RobotEvent[]): (string | number)[][] {
  const rows: (string | number)[][] = [];
  for (const e of events) {
    if (e.type === 'registered')
      for (const c of e.data.components ?? [])
        rows.push([e.occurredAt.slice(0, 10), 'installed at manufacture', c.type, `${c.maker} ${c.serial}`]);
    if (e.type === 'serviced')
      for (const r of e.data.replaced ?? [])
        rows.push([
          e.occurredAt.slice(0, 10),
          'replaced in service',
          r.type,
          `${r.removed.maker} ${r.removed.serial} → ${r.installed.maker} ${r.installed.serial}`,
        ]);
    if (e.type === 'scrapped') rows.push([e.occurredAt.slice(0, 10), 'scrapped with the robot', 'all', '—']);
  }
  return rows;
}

function deployments(events: RobotEvent[]): HTMLElement {
  const spans: { province: string; city: string; domain: string; from: string; to: string }[] = [];
  for (const e of events) {
    if (e.type === 'deployed')
      spans.push({
        province: e.data.site?.province ?? '?',
        city: e.data.site?.city ?? '?',
        domain: plain(String(e.data.domain ?? '')),
        from: e.occurredAt.slice(0, 10),
        to: 'now',
      });
    if ((e.type === 'undeployed' || e.type === 'decommissioned') && spans.at(-1)?.to === 'now')
      spans.at(-1)!.to = e.occurredAt.slice(0, 10);
  }
  spans.sort((a, b) => a.province.localeCompare(b.province) || a.from.localeCompare(b.from));
  return table(
    'Deployments by province',
    ['Province', 'City', 'Domain', 'From', 'Until'],
    spans.map((s) => [s.province, s.city, s.domain, s.from, s.to]),
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
    h('label', { for: 'pcode' }, 'Identity code'),
    h('div', { class: 'row' }, input, h('button', { type: 'submit' }, 'Open passport')),
  );
}

/** renderPassport shows a robot's passport and verifies its ledger bundle with WebCrypto. */
export async function renderPassport(main: HTMLElement, me: Participant | null, code: string | undefined): Promise<void> {
  main.append(h('h1', {}, 'Robot passport'));
  if (!me) {
    main.append(
      notice(
        'info',
        'The passport is for signed-in participants. ',
        h('a', { href: '/signin' }, 'Sign in'),
        ' — or ',
        h('a', { href: code ? `/r/${code}` : '/' }, 'verify the code publicly'),
        '.',
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
  const [eventsR, bundleR, keyR] = await Promise.allSettled([
    allEvents(c),
    api<unknown>(`/v1/robots/${c}/bundle`),
    api<string>('/v1/log/key', { text: true }),
  ]);
  const events = eventsR.status === 'fulfilled' ? eventsR.value : null;
  let verdict: BundleVerdict | null = null;
  if (bundleR.status === 'fulfilled' && keyR.status === 'fulfilled') verdict = await verifyPassportBundle(bundleR.value, keyR.value);
  const byIndex = new Map((verdict?.entries ?? []).map((v) => [v.index, v]));

  main.append(
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'sum-h' },
      h('h2', { id: 'sum-h' }, h('span', { class: 'code' }, showCode(c))),
      dl([
        ['Maker', passport.manufacturer.name],
        ['Model', `${passport.model.name} (${passport.model.code}, ${plain(passport.model.status)})`],
        ['Production date', passport.productionDate],
        ['Status', plain(passport.status)],
        [
          'Market access',
          passport.marketAccess.allowed ? 'allowed' : `not allowed: ${passport.marketAccess.reasons.map(plain).join(', ').toLowerCase()}`,
        ],
        ['Firmware', passport.firmware ?? '—'],
        ...(passport.pendingOffer
          ? [
              [
                'Pending transfer',
                `${passport.pendingOffer.sale ? 'a sale' : 'a hand-over'} to ${passport.pendingOffer.to}, open until ${passport.pendingOffer.expiresAt.slice(0, 10)}; the owner changes when the recipient accepts`,
              ] as [string, string],
            ]
          : []),
      ]),
      verdict
        ? verdict.verified
          ? notice(
              'ok',
              h('strong', {}, 'Ledger: verified in this browser. '),
              `Every event is included in checkpoint ${verdict.checkpoint!.size}, signed by the registry's key (Ed25519).`,
            )
          : verdict.signature === 'unsupported'
            ? notice(
                'warn',
                h('strong', {}, 'Ledger: not verified in this browser. '),
                'This browser cannot check Ed25519 signatures; inclusion proofs were checked against an unauthenticated checkpoint.',
              )
            : notice(
                'bad',
                h('strong', {}, 'Ledger: verification failed. '),
                verdict.signatureError ?? 'An event is not included in the checkpoint.',
              )
        : notice('warn', 'The ledger bundle could not be fetched.'),
    ),
  );

  if (!events) {
    const why = eventsR.status === 'rejected' && eventsR.reason instanceof ApiError ? eventsR.reason.message : 'unavailable';
    main.append(notice('info', `Events are not shown: ${why}`));
    return;
  }
  const names = await participantNames(events);
  const incidents = events.filter((e) => e.type === 'incident_reported');
  const remedies = events.filter((e) => e.type === 'recall_remedied');
  main.append(
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'tl-h' },
      h('h2', { id: 'tl-h' }, `Timeline (${events.length} events)`),
      h(
        'ol',
        { class: 'timeline' },
        events.map((e) =>
          h(
            'li',
            { 'data-seq': e.seq },
            h(
              'div',
              { class: 'tl-head' },
              h('strong', {}, `${e.seq}. ${plain(e.type)}`),
              h('time', { datetime: e.occurredAt }, when(e.occurredAt)),
            ),
            h('div', {}, describe(e, names)),
            h('div', { class: 'tl-actor' }, `recorded by ${names.get(e.actorId) ?? e.actorId}`),
            h('div', { class: 'tl-ledger' }, `log index ${e.logIndex} · `, ledgerCell(byIndex.get(e.logIndex), verdict)),
          ),
        ),
      ),
    ),
    h(
      'section',
      { class: 'card' },
      h('h2', {}, 'Key components'),
      table(
        'Installed key components',
        ['Type', 'Maker', 'Serial', 'Lot', 'State'],
        (passport.components ?? []).map((k) => [plain(k.type), k.maker, k.serial, k.lot ?? '—', k.state]),
      ),
      table('Component history', ['Date', 'Change', 'Type', 'Part'], componentHistory(events)),
    ),
    h('section', { class: 'card' }, h('h2', {}, 'Deployments'), deployments(events)),
    h(
      'section',
      { class: 'card' },
      h('h2', {}, 'Incidents'),
      table(
        'Incidents reported',
        ['Date', 'Severity', 'Kind', 'Details'],
        incidents.map((e) => [
          e.occurredAt.slice(0, 10),
          plain(String(e.data.severity)),
          plain(String(e.data.kind)),
          String(e.personal?.description ?? e.data.failureMode ?? '—'),
        ]),
      ),
    ),
    h(
      'section',
      { class: 'card' },
      h('h2', {}, 'Recalls and remedies'),
      table(
        'Open recalls',
        ['Issued', 'Hazard', 'Remedy', 'On this robot'],
        passport.openRecalls.map((r) => [r.issuedAt.slice(0, 10), r.hazard, plain(r.remedy), r.remedied ? 'remedied' : 'not yet remedied']),
      ),
      table(
        'Remedies recorded',
        ['Date', 'Recall'],
        remedies.map((e) => [e.occurredAt.slice(0, 10), String(e.data.recallId)]),
      ),
    ),
  );
}
