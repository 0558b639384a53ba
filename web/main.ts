/**
 * The registry's web UI: a few pages over the public API, routed in the
 * browser. Each page renders into <main>; links inside the app navigate
 * without a reload. Pages speak the reader's language (web/i18n.ts), which
 * the switch in the header changes.
 */
import './styles.css';
import { currentParticipant, signOut, type Participant } from './api.ts';
import { h } from './dom.ts';
import { locale, nameOf, preferredLocale, t, term, tr, useLocale } from './i18n.ts';
import { renderVerify } from './pages/verify.ts';
import { renderPassport } from './pages/passport.ts';
import { renderDashboard } from './pages/dashboard.ts';
import { renderPortal } from './pages/portal.ts';
import { renderCampaigns } from './pages/campaigns.ts';
import { renderSignIn } from './pages/signin.ts';
import { renderCertified } from './pages/second-life.ts';
import { renderOwnLate, renderReports } from './pages/reports.ts';
import type { MessageKey } from '../src/i18n/catalogue.ts';
import { LOCALES } from '../src/i18n/locale.ts';

/** Page renders into main for the signed-in participant (or null) and route parameter. */
export type Page = (main: HTMLElement, me: Participant | null, param: string | undefined) => Promise<void> | void;

const ROUTES: [RegExp, Page, MessageKey][] = [
  [/^\/$/, renderVerify, 'web.page.verify'],
  [/^\/r\/([^/]+)$/, renderVerify, 'web.page.verification'],
  [/^\/passport(?:\/([^/]+))?$/, renderPassport, 'web.page.passport'],
  [/^\/dashboard$/, renderDashboard, 'web.page.dashboard'],
  [/^\/portal$/, renderPortal, 'web.page.portal'],
  [/^\/campaigns(?:\/([^/]+))?$/, renderCampaigns, 'web.page.campaigns'],
  [/^\/certified$/, renderCertified, 'web.page.certified'],
  [/^\/reports$/, renderReports, 'web.page.reports'],
  [/^\/late$/, renderOwnLate, 'web.page.late'],
  [/^\/signin$/, renderSignIn, 'web.page.signIn'],
];

/** canUsePortal: the portal serves makers, service shops and recyclers. */
export const canUsePortal = (me: Participant | null) =>
  !!me && me.roles.some((r) => r === 'manufacturer' || r === 'service' || r === 'recycler');

/** byId finds an element of the page shell. */
function byId(id: string): HTMLElement {
  const el = document.getElementById(id);
  if (!el) throw new Error(`the page shell has no #${id}`);
  return el;
}

/** renderShell puts the shell's own words (skip link, brand, footer) in the page's language. */
function renderShell(): void {
  byId('skip').textContent = t('web.skip');
  byId('brand').textContent = t('app.name');
  byId('nav').setAttribute('aria-label', t('web.nav.label'));
  byId('foot').replaceChildren(`${t('web.footer')} · `, h('a', { href: '/docs' }, t('web.footer.api')));
}

/** languageSwitch offers every language by its own name; the current one is pressed. */
function languageSwitch(): HTMLElement {
  return h(
    'div',
    { class: 'lang', role: 'group', 'aria-label': t('locale.switch') },
    LOCALES.map((l) =>
      h(
        'button',
        {
          type: 'button',
          class: 'link',
          lang: l,
          'aria-pressed': String(l === locale()),
          onclick: () => {
            if (l === locale()) return;
            useLocale(l, true);
            // The page re-renders in the new language; focus stays on the switch.
            void navigate(location.pathname + location.search, false).then(() =>
              document.querySelector<HTMLElement>(`#nav .lang button[lang="${l}"]`)?.focus(),
            );
          },
        },
        // Each language's name in that language, from its own catalogue.
        t(`locale.name.${l}`),
      ),
    ),
  );
}

function renderNav(me: Participant | null): void {
  const nav = byId('nav');
  const here = location.pathname;
  const link = (href: string, text: string, match = href) =>
    h('a', { href, 'aria-current': here === match || (match !== '/' && here.startsWith(match)) ? 'page' : undefined }, text);
  const items: Node[] = [link('/', t('web.nav.verify')), link('/certified', t('web.nav.certified'))];
  if (me) items.push(link('/passport', t('web.nav.passport')));
  if (me?.roles.includes('regulator')) items.push(link('/dashboard', t('web.nav.dashboard')));
  // The regulator's report queue; any other participant sees its own late reports (issue #16, items 4–5).
  if (me?.roles.includes('regulator')) items.push(link('/reports', t('web.nav.reports')));
  else if (me) items.push(link('/late', t('web.nav.late')));
  if (canUsePortal(me)) items.push(link('/portal', t('web.nav.portal')));
  if (me?.roles.some((r) => r === 'manufacturer' || r === 'regulator')) items.push(link('/campaigns', t('web.nav.campaigns')));
  if (me) {
    items.push(h('bdi', { class: 'who', title: tr().list(me.roles.map((r) => term('role', r))) }, nameOf(me)));
    items.push(
      h(
        'button',
        {
          type: 'button',
          class: 'link',
          onclick: () => {
            signOut();
            void navigate('/');
          },
        },
        t('web.nav.signOut'),
      ),
    );
  } else items.push(link('/signin', t('web.nav.signIn')));
  items.push(languageSwitch());
  nav.replaceChildren(...items);
}

/** navigate shows path, pushing it onto the history unless replaying it. */
export async function navigate(path: string, push = true): Promise<void> {
  if (push) history.pushState(null, '', path);
  const url = new URL(path, location.origin);
  const me = await currentParticipant();
  renderShell();
  renderNav(me);
  const main = byId('main');
  main.replaceChildren();
  // A page's own <head> links (the verify page's feed) go with it.
  for (const el of document.head.querySelectorAll('[data-page]')) el.remove();
  main.removeAttribute('aria-busy');
  const found = ROUTES.map(([re, page, title]) => ({ m: re.exec(url.pathname), page, title })).find((r) => r.m);
  if (!found?.m) {
    document.title = t('web.title', { page: t('web.page.notFound'), app: t('app.name') });
    main.append(h('h1', {}, t('web.page.notFound')), h('p', {}, h('a', { href: '/' }, t('web.page.verify'))));
    return;
  }
  document.title = t('web.title', { page: t(found.title), app: t('app.name') });
  const param = found.m[1] ? decodeURIComponent(found.m[1]) : undefined;
  main.setAttribute('aria-busy', 'true');
  try {
    await found.page(main, me, param);
  } finally {
    main.removeAttribute('aria-busy');
  }
  if (push) main.focus({ preventScroll: true });
}

// Same-origin links to app pages navigate in place.
document.addEventListener('click', (e) => {
  const a = (e.target as Element | null)?.closest?.('a');
  if (!a || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || a.target || a.hasAttribute('download')) return;
  const url = new URL(a.href, location.href);
  if (url.origin !== location.origin || !ROUTES.some(([re]) => re.test(url.pathname))) return;
  e.preventDefault();
  void navigate(url.pathname + url.search);
});
window.addEventListener('popstate', () => void navigate(location.pathname + location.search, false));
useLocale(preferredLocale());
void navigate(location.pathname + location.search, false);
