/**
 * The registry's web UI: a few pages over the public API, routed in the
 * browser. Each page renders into <main>; links inside the app navigate
 * without a reload.
 */
import './styles.css';
import { currentParticipant, signOut, type Participant } from './api.ts';
import { h } from './dom.ts';
import { renderVerify } from './pages/verify.ts';
import { renderPassport } from './pages/passport.ts';
import { renderDashboard } from './pages/dashboard.ts';
import { renderPortal } from './pages/portal.ts';
import { renderSignIn } from './pages/signin.ts';

/** Page renders into main for the signed-in participant (or null) and route parameter. */
export type Page = (main: HTMLElement, me: Participant | null, param: string | undefined) => Promise<void> | void;

const ROUTES: [RegExp, Page, string][] = [
  [/^\/$/, renderVerify, 'Verify a robot'],
  [/^\/r\/([^/]+)$/, renderVerify, 'Verification'],
  [/^\/passport(?:\/([^/]+))?$/, renderPassport, 'Passport'],
  [/^\/dashboard$/, renderDashboard, 'Dashboard'],
  [/^\/portal$/, renderPortal, 'Portal'],
  [/^\/signin$/, renderSignIn, 'Sign in'],
];

/** canUsePortal: the portal serves makers, service shops and recyclers. */
export const canUsePortal = (me: Participant | null) =>
  !!me && me.roles.some((r) => r === 'manufacturer' || r === 'service' || r === 'recycler');

function renderNav(me: Participant | null): void {
  const nav = document.getElementById('nav')!;
  const here = location.pathname;
  const link = (href: string, text: string, match = href) =>
    h('a', { href, 'aria-current': here === match || (match !== '/' && here.startsWith(match)) ? 'page' : undefined }, text);
  const items: Node[] = [link('/', 'Verify')];
  if (me) items.push(link('/passport', 'Passport'));
  if (me?.roles.includes('regulator')) items.push(link('/dashboard', 'Dashboard'));
  if (canUsePortal(me)) items.push(link('/portal', 'Portal'));
  if (me) {
    items.push(h('span', { class: 'who', title: me.roles.join(', ') }, me.name));
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
        'Sign out',
      ),
    );
  } else items.push(link('/signin', 'Sign in'));
  nav.replaceChildren(...items);
}

/** navigate shows path, pushing it onto the history unless replaying it. */
export async function navigate(path: string, push = true): Promise<void> {
  if (push) history.pushState(null, '', path);
  const url = new URL(path, location.origin);
  const me = await currentParticipant();
  renderNav(me);
  const main = document.getElementById('main')!;
  main.replaceChildren();
  main.removeAttribute('aria-busy');
  const found = ROUTES.map(([re, page, title]) => ({ m: re.exec(url.pathname), page, title })).find((r) => r.m);
  if (!found) {
    main.append(h('h1', {}, 'Page not found'), h('p', {}, h('a', { href: '/' }, 'Verify a robot')));
    return;
  }
  document.title = `${found.title} · Humanoid Registry`;
  const param = found.m![1] ? decodeURIComponent(found.m![1]) : undefined;
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
void navigate(location.pathname + location.search, false);
