/** Small DOM helpers: element building with text (never HTML strings), so data from the API cannot inject markup. */

type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, string | number | boolean | undefined | ((e: Event) => void)>;

/** h creates an element with attributes (on* become listeners) and children. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: (Child | Child[])[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    if (typeof v === 'function') el.addEventListener(k.slice(2).toLowerCase(), v);
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, String(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(typeof c === 'object' ? c : String(c));
  }
  return el;
}

/** table builds an accessible table with a caption, header row and body rows. */
export function table(
  caption: string,
  head: string[],
  rows: (string | number | Node)[][],
  opts: { numeric?: number[]; id?: string } = {},
): HTMLTableElement {
  const numeric = new Set(opts.numeric ?? []);
  return h(
    'table',
    { id: opts.id },
    h('caption', {}, caption),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        head.map((t, i) => h('th', { scope: 'col', class: numeric.has(i) ? 'num' : undefined }, t)),
      ),
    ),
    h(
      'tbody',
      {},
      rows.length === 0
        ? h('tr', {}, h('td', { colspan: head.length, class: 'muted' }, 'None'))
        : rows.map((r) =>
            h(
              'tr',
              {},
              r.map((c, i) =>
                h(
                  i === 0 ? 'th' : 'td',
                  { scope: i === 0 ? 'row' : undefined, class: numeric.has(i) ? 'num' : undefined },
                  typeof c === 'number' ? c.toLocaleString('en') : c,
                ),
              ),
            ),
          ),
    ),
  );
}

/** dl builds a definition list from label/value pairs. */
export function dl(pairs: [string, Child | Child[]][]): HTMLDListElement {
  return h(
    'dl',
    { class: 'facts' },
    pairs.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]),
  );
}

/** plain turns a snake_case value into words. */
export const plain = (s: string): string => s.replace(/_/g, ' ');

/** dateOnly shows the date part of an ISO timestamp. */
export const dateOnly = (iso: string): string => iso.slice(0, 10);

/** when shows an ISO timestamp as date and minutes, UTC. */
export const when = (iso: string): string => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;

/** notice renders a status box; kind picks its colour and role. */
export function notice(kind: 'ok' | 'bad' | 'warn' | 'info', ...children: (Child | Child[])[]): HTMLElement {
  return h('div', { class: `notice ${kind}`, role: kind === 'bad' ? 'alert' : 'status' }, ...children);
}
