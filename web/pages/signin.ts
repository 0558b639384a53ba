/** Sign-in with an API token; the token stays in this tab's sessionStorage and nowhere else. */
import { ApiError, signIn, type Participant } from '../api.ts';
import { h, notice } from '../dom.ts';
import { canUsePortal, navigate } from '../main.ts';

/** homeOf is where a participant lands after signing in. */
export function homeOf(me: Participant): string {
  if (me.roles.includes('regulator')) return '/dashboard';
  if (canUsePortal(me)) return '/portal';
  return '/passport';
}

/** renderSignIn shows the token form. */
export function renderSignIn(main: HTMLElement, me: Participant | null): void {
  main.append(h('h1', {}, 'Sign in'));
  if (me) main.append(notice('info', `Signed in as ${me.name} (${me.roles.join(', ')}).`));
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
          status.replaceChildren(h('p', { class: 'muted' }, 'Checking the token…'));
          try {
            const p = await signIn(input.value.trim());
            await navigate(homeOf(p));
          } catch (err) {
            status.replaceChildren(
              notice(
                'bad',
                err instanceof ApiError && err.status === 401 ? 'The token is unknown, expired or revoked.' : (err as Error).message,
              ),
            );
          }
        },
      },
      h('label', { for: 'token' }, 'API token'),
      input,
      h(
        'p',
        { id: 'token-hint', class: 'hint' },
        'The token the regulator issued to your organisation (hreg_…). It is kept only in this browser tab and forgotten when the tab closes.',
      ),
      h('button', { type: 'submit' }, 'Sign in'),
      status,
    ),
  );
}
