/** Small DOM helpers: element building with text (never HTML strings), so data from the API cannot inject markup. */
import type { MessageKey } from '../src/i18n/catalogue.ts';
import type { MessageValues } from '../src/i18n/translator.ts';
import { num, t } from './i18n.ts';

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
        ? h('tr', {}, h('td', { colspan: head.length, class: 'muted' }, t('web.none')))
        : rows.map((r) =>
            h(
              'tr',
              {},
              r.map((c, i) =>
                h(
                  i === 0 ? 'th' : 'td',
                  { scope: i === 0 ? 'row' : undefined, class: numeric.has(i) ? 'num' : undefined },
                  typeof c === 'number' ? num(c) : c,
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

/** bdi isolates text from the API (names, free text) so its direction, e.g. a right-to-left override, cannot reorder the page. */
export const bdi = (text: string | null | undefined): HTMLElement => h('bdi', {}, text ?? '');

/** RichValues are a message's arguments, some of them elements (a link, an isolated name). */
export type RichValues = Record<string, MessageValues[string] | Node>;

// Private-use characters mark where an element goes in the formatted text; catalogues hold none.
const OPEN = '\uE000';
const CLOSE = '\uE001';
const MARK = /\uE000(\d+)\uE001/;

/** fmt formats a message whose arguments may be elements, returning text and those elements in the message's order. */
export function fmt(key: MessageKey, values: RichValues = {}): (Node | string)[] {
  const nodes: Node[] = [];
  const plainValues: MessageValues = {};
  for (const [k, v] of Object.entries(values)) {
    if (v instanceof Node) {
      plainValues[k] = `${OPEN}${nodes.length}${CLOSE}`;
      nodes.push(v);
    } else plainValues[k] = v;
  }
  const parts = t(key, plainValues).split(MARK);
  // split with a capture group alternates text and element indexes.
  return parts.map((p, i) => (i % 2 === 1 ? (nodes[Number(p)] ?? '') : p)).filter((p) => p !== '');
}

/** notice renders a status box; kind picks its colour and role. */
export function notice(kind: 'ok' | 'bad' | 'warn' | 'info', ...children: (Child | Child[])[]): HTMLElement {
  return h('div', { class: `notice ${kind}`, role: kind === 'bad' ? 'alert' : 'status' }, ...children);
}
