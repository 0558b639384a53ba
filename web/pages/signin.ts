/** Sign-in with an API token; the token stays in this tab's sessionStorage and nowhere else. */
import { ApiError, signIn, type Participant } from '../api.ts';
import { bdi, fmt, h, notice } from '../dom.ts';
import { nameOf, t, term, tr } from '../i18n.ts';
import { canUsePortal, navigate } from '../main.ts';

/** homeOf is where a participant lands after signing in. */
export function homeOf(me: Participant): string {
  if (me.roles.includes('regulator')) return '/dashboard';
  if (canUsePortal(me)) return '/portal';
  return '/passport';
}

/** renderSignIn shows the token form. */
export function renderSignIn(main: HTMLElement, me: Participant | null): void {
  main.append(h('h1', {}, t('web.page.signIn')));
  if (me)
    main.append(notice('info', fmt('web.signin.as', { name: bdi(nameOf(me)), roles: tr().list(me.roles.map((r) => term('role', r))) })));
  const input = h('input', {
    id: 'token',
    name: 'token',
    type: 'password',
    required: true,
    autocomplete: 'off',
    spellcheck: 'false',
    'aria-describedby': 'token-hint',
  });
  const status = h('div', { 'aria-live': 'polite' });
  main.append(
    h(
      'form',
      {
        class: 'card narrow',
        onsubmit: async (e: Event) => {
          e.preventDefault();
          status.replaceChildren(h('p', { class: 'muted' }, t('web.signin.checking')));
          try {
            const p = await signIn(input.value.trim());
            await navigate(homeOf(p));
          } catch (err) {
            status.replaceChildren(
              notice('bad', err instanceof ApiError && err.status === 401 ? t('web.signin.unknown') : (err as Error).message),
            );
          }
        },
      },
      h('label', { for: 'token' }, t('web.signin.token')),
      input,
      h('p', { id: 'token-hint', class: 'hint' }, t('web.signin.hint', { prefix: 'hreg_…' })),
      h('button', { type: 'submit' }, t('web.nav.signIn')),
      status,
    ),
  );
}
