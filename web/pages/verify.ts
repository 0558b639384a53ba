/** The public verification page: a search box and the answer for one code (the page every nameplate QR code opens). */
import { MARKET_ACCESS_TEXT, type MarketAccessReason } from '../../src/lifecycle/market-access.ts';
import { api, ApiError, type Participant } from '../api.ts';
import { showCode, tidyCode } from '../codes.ts';
import { dl, h, notice, plain } from '../dom.ts';
import { navigate } from '../main.ts';

interface Verification {
  code: string;
  manufacturer: { name: string };
  model: { name: string };
  productionDate: string;
  status: string;
  marketAccess: { allowed: boolean; reasons: MarketAccessReason[] };
  openRecalls: {
    id: string;
    hazard: string;
    severity: string;
    remedy: string;
    stopSale: boolean;
    stopUse: boolean;
    issuedAt: string;
    remedied: boolean;
  }[];
}

const STATUS_TEXT: Record<string, string> = {
  registered: 'Registered, held by the maker or the trade',
  in_use: 'In use by its owner',
  deployed: 'Deployed at a work site',
  in_service: 'Being serviced',
  decommissioned: 'Decommissioned',
  recycling: 'With a recycler',
  scrapped: 'Scrapped (its code is never reused)',
};

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
    h('label', { for: 'code' }, 'Identity code'),
    h('div', { class: 'row' }, input, h('button', { type: 'submit' }, 'Verify')),
    h('p', { id: 'code-hint', class: 'hint' }, "The 29-character code on the robot's nameplate, with or without hyphens."),
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
        h('strong', {}, `${plain(r.severity)} severity recall: `),
        r.hazard,
        h('br'),
        `Remedy: ${plain(r.remedy)}${r.stopSale ? ' · stops sale' : ''}${r.stopUse ? ' · stops use' : ''} · issued ${r.issuedAt.slice(0, 10)} · `,
        h('span', { class: r.remedied ? 'ok-text' : 'bad-text' }, r.remedied ? 'remedied on this robot' : 'not yet remedied on this robot'),
      ),
    ),
  );
}

function answer(v: Verification, me: Participant | null): HTMLElement {
  const ma = v.marketAccess;
  return h(
    'section',
    { class: 'card result', 'aria-labelledby': 'result-h' },
    h('h2', { id: 'result-h' }, h('span', { class: 'code' }, showCode(v.code))),
    ma.allowed
      ? notice('ok', h('strong', {}, 'Market access: allowed. '), 'This robot is registered and may be sold or deployed.')
      : notice(
          'bad',
          h('strong', {}, 'Market access: not allowed. '),
          h(
            'ul',
            { class: 'reasons' },
            ma.reasons.map((r) => h('li', { 'data-reason': r }, MARKET_ACCESS_TEXT[r] ?? plain(r))),
          ),
        ),
    dl([
      ['Valid code', 'Yes — the check character matches'],
      ['Maker', v.manufacturer.name],
      ['Model', v.model.name],
      ['Production date', v.productionDate],
      ['Status', STATUS_TEXT[v.status] ?? plain(v.status)],
      ['Open recalls', v.openRecalls.length === 0 ? 'None' : recallList(v.openRecalls)],
    ]),
    me ? h('p', {}, h('a', { href: `/passport/${v.code}` }, 'Open the full passport')) : null,
  );
}

/** renderVerify shows the search box and, with a code, its verification. */
export async function renderVerify(main: HTMLElement, me: Participant | null, code: string | undefined): Promise<void> {
  main.append(h('h1', {}, code ? 'Robot verification' : 'Verify a humanoid robot'));
  if (!code)
    main.append(
      h(
        'p',
        { class: 'lede' },
        "Check any robot's identity code: who made it, whether it may be sold or deployed, and any open recalls. No sign-in needed.",
      ),
    );
  main.append(searchForm(code ? showCode(code) : ''));
  if (!code) return;
  const out = h('div', { 'aria-live': 'polite', id: 'answer' }, h('p', { class: 'muted' }, 'Checking…'));
  main.append(out);
  try {
    out.replaceChildren(answer(await api<Verification>(`/v1/verify/${encodeURIComponent(code)}`, { token: null }), me));
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    const p = e.problem;
    if (p.code === 'INVALID_CODE') {
      const s = p.suggestions ?? [];
      out.replaceChildren(
        notice(
          'bad',
          h('strong', {}, 'Not a valid identity code. '),
          p.detail ?? '',
          s.length > 0
            ? h(
                'div',
                { class: 'suggest' },
                h('p', {}, 'Did you mean:'),
                h(
                  'ul',
                  {},
                  s.map((c) => h('li', {}, h('a', { href: `/r/${c}`, class: 'code' }, showCode(c)))),
                ),
              )
            : null,
        ),
        notice('warn', 'Market access: not allowed — a robot without a valid code may not be sold or deployed.'),
      );
    } else if (p.code === 'NOT_REGISTERED') {
      out.replaceChildren(
        notice(
          'bad',
          h('strong', {}, 'Not registered. '),
          'The code is well formed, but no robot is registered under it. A robot without a registered code may not be sold or deployed — treat it as suspect.',
        ),
      );
    } else out.replaceChildren(notice('bad', p.detail ?? 'The registry could not answer.'));
  }
}
