/** The public verification page: a search box and the answer for one code (the page every nameplate QR code opens). */
import type { Verification } from '../../src/contract/responses.ts';
import { api, ApiError, type CodeCandidate, type Participant } from '../api.ts';
import { showCode, tidyCode } from '../codes.ts';
import { bdi, dl, fmt, h, notice } from '../dom.ts';
import { day, gap, nameOf, t, term } from '../i18n.ts';
import { navigate } from '../main.ts';
import { lineageRows } from './second-life.ts';
import { reportForm } from './report-form.ts';

/** CODE_LENGTH is the characters of a compact identity code, as the nameplate prints them. */
const CODE_LENGTH = 29;
/** MAX_SHOWN caps the "did you mean" codes a page lists. */
const MAX_SHOWN = 5;

function searchForm(value = ''): HTMLFormElement {
  const input = h('input', {
    id: 'code',
    name: 'code',
    type: 'text',
    value,
    required: true,
    autocomplete: 'off',
    autocapitalize: 'characters',
    spellcheck: 'false',
    maxlength: 64,
    placeholder: 'CN-0001-000001-…',
    'aria-describedby': 'code-hint',
  });
  return h(
    'form',
    {
      class: 'search',
      role: 'search',
      onsubmit: (e: Event) => {
        e.preventDefault();
        const code = tidyCode(input.value);
        if (code) void navigate(`/r/${code}`);
      },
    },
    h('label', { for: 'code' }, t('web.code.label')),
    h('div', { class: 'row' }, input, h('button', { type: 'submit' }, t('web.verify.button'))),
    h('p', { id: 'code-hint', class: 'hint' }, t('web.verify.hint', { length: CODE_LENGTH })),
  );
}

function recallList(recalls: Verification['openRecalls']): HTMLElement {
  return h(
    'ul',
    { class: 'recalls' },
    recalls.map((r) =>
      h(
        'li',
        {},
        h('strong', {}, t('web.verify.recallTitle', { severity: term('recallSeverity', r.severity) })),
        ' ',
        bdi(r.hazard),
        h('br'),
        [
          t('web.verify.remedy', { remedy: term('remedy', r.remedy) }),
          r.stopSale ? t('web.verify.stopsSale') : null,
          r.stopUse ? t('web.verify.stopsUse') : null,
          t('web.verify.issued', { date: day(r.issuedAt) }),
        ]
          .filter(Boolean)
          .join(' · '),
        ' · ',
        h('span', { class: r.remedied ? 'ok-text' : 'bad-text' }, term('remedyState', r.remedied ? 'remedied' : 'pending')),
      ),
    ),
  );
}

/** conditionRows show anyone the unit's permanent brands, last usage reading and model revision (issue #15). */
function conditionRows(v: Verification): [string, HTMLElement | string][] {
  const brands = v.brands ?? [];
  return [
    [t('condition.revision'), String(v.revision ?? 1)],
    [
      t('condition.brands'),
      brands.length === 0
        ? t('condition.noBrands')
        : h(
            'div',
            {},
            h(
              'ul',
              { class: 'brands' },
              brands.map((b) => h('li', { 'data-brand': b, class: 'bad-text' }, term('brand', b))),
            ),
            h('p', { class: 'hint' }, t('condition.brandsNote')),
          ),
    ],
    [
      t('condition.usage'),
      v.usage ? t('condition.usageReading', { hours: v.usage.hours, cycles: v.usage.cycles, at: day(v.usage.at) }) : t('condition.noUsage'),
    ],
  ];
}

/** softwareOf says which version the unit runs and whether it is the model's current one (issue #15). */
function softwareOf(s: Verification['software']): string | HTMLElement {
  if (s.installed === null) return t('web.verify.softwareNone');
  const state = s.blocked
    ? t('web.verify.softwareBlocked')
    : s.upToDate
      ? t('web.verify.softwareCurrent')
      : t('web.verify.softwareBehind', { current: s.current ?? '—' });
  return h('span', { 'data-software': s.blocked ? 'blocked' : s.upToDate ? 'current' : 'behind' }, bdi(s.installed), ` — ${state}`);
}

function answer(v: Verification, me: Participant | null): HTMLElement {
  const ma = v.marketAccess;
  return h(
    'section',
    { class: 'card result', 'aria-labelledby': 'result-h' },
    h('h2', { id: 'result-h' }, h('span', { class: 'code' }, showCode(v.code))),
    ma.allowed
      ? notice('ok', h('strong', {}, t('web.verify.allowed')), gap(), t('web.verify.allowedDetail'))
      : notice(
          'bad',
          h('strong', {}, t('web.verify.denied')),
          h(
            'ul',
            { class: 'reasons' },
            ma.reasons.map((r) => h('li', { 'data-reason': r }, term('marketAccess', r))),
          ),
        ),
    dl([
      [t('web.verify.validCode'), t('web.verify.validYes')],
      [t('web.field.maker'), bdi(nameOf(v.manufacturer))],
      [t('web.field.model'), bdi(nameOf(v.model))],
      [t('web.field.productionDate'), h('time', { datetime: v.productionDate }, day(v.productionDate))],
      [t('web.field.status'), term('statusLong', v.status)],
      [t('web.verify.openRecalls'), v.openRecalls.length === 0 ? t('web.none') : recallList(v.openRecalls)],
      [t('web.verify.software'), softwareOf(v.software)],
      ...conditionRows(v),
      ...lineageRows(v),
    ]),
    me ? h('p', {}, h('a', { href: `/passport/${v.code}` }, t('web.verify.openPassport'))) : null,
  );
}

/** didYouMean lists the candidates (registered ones with maker and model), or else the first suggestions. */
function didYouMean(candidates: CodeCandidate[] | undefined, suggestions: string[] | undefined): HTMLElement | null {
  const shown: CodeCandidate[] = candidates ?? (suggestions ?? []).map((code) => ({ code, registered: false }));
  if (shown.length === 0) return null;
  const known = candidates !== undefined;
  return h(
    'div',
    { class: 'suggest' },
    h('p', {}, t('web.verify.didYouMean')),
    h(
      'ul',
      {},
      shown
        .slice(0, MAX_SHOWN)
        .map((c) =>
          h(
            'li',
            { 'data-registered': known ? String(c.registered) : undefined },
            h('a', { href: `/r/${c.code}`, class: 'code' }, showCode(c.code)),
            c.registered && c.maker && c.model
              ? [' — ', ...fmt('web.verify.candidate', { maker: bdi(nameOf(c.maker)), model: bdi(nameOf(c.model)) })]
              : known && !c.registered
                ? h('span', { class: 'muted' }, ` — ${t('web.verify.candidateUnregistered')}`)
                : null,
          ),
        ),
    ),
  );
}

/** feedLink links the unit's Atom feed (issue #16, item 6) on the page and, for feed readers, in the document's head. */
function feedLink(code: string): HTMLElement {
  const href = `/v1/robots/${encodeURIComponent(code)}/feed.atom`;
  document.head.append(
    h('link', { rel: 'alternate', type: 'application/atom+xml', href, title: t('web.feed.link'), 'data-page': 'verify' }),
  );
  return h('p', { class: 'feed' }, h('a', { href, type: 'application/atom+xml', id: 'feed-link' }, t('web.feed.link')));
}

/** renderVerify shows the search box and, with a code, its verification. */
export async function renderVerify(main: HTMLElement, me: Participant | null, code: string | undefined): Promise<void> {
  main.append(h('h1', {}, code ? t('web.verify.h1Result') : t('web.verify.h1')));
  if (!code) main.append(h('p', { class: 'lede' }, t('web.verify.lede')));
  main.append(searchForm(code ? showCode(code) : ''));
  if (!code) return;
  const out = h('div', { 'aria-live': 'polite', id: 'answer' }, h('p', { class: 'muted' }, t('web.verify.checking')));
  main.append(out);
  try {
    const v = await api<Verification>(`/v1/verify/${encodeURIComponent(code)}`, { token: null });
    out.replaceChildren(answer(v, me), feedLink(v.code), reportForm(v.code));
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    const p = e.problem;
    if (p.code === 'INVALID_CODE') {
      out.replaceChildren(
        notice('bad', h('strong', {}, t('web.verify.invalid')), gap(), p.detail ?? '', didYouMean(p.candidates, p.suggestions)),
        notice('warn', t('web.verify.invalidAccess')),
      );
    } else if (p.code === 'NOT_REGISTERED') {
      out.replaceChildren(notice('bad', h('strong', {}, t('web.verify.notRegistered')), gap(), t('web.verify.notRegisteredDetail')));
    } else out.replaceChildren(notice('bad', p.detail ?? t('web.error.generic')));
  }
}
