/**
 * Issue #16 on the web: a unit's lineage on the verify page (remanufactured
 * from …, remanufactured into …), and the public list of certified recyclers
 * and remanufacturers (/certified), so owners know who may take a
 * decommissioned unit.
 */
import type { Verification } from '../../src/contract/responses.ts';
import type { CertificationView } from '../../src/contract/second-life.ts';
import { api, type Participant } from '../api.ts';
import { showCode } from '../codes.ts';
import { bdi, h, table } from '../dom.ts';
import { day, nameOf, t, term } from '../i18n.ts';

const codeLink = (code: string) => h('a', { href: `/r/${code}`, class: 'code' }, showCode(code));

/** lineageRows show anyone which units a unit was remanufactured from, or into. */
export function lineageRows(v: Verification): [string, HTMLElement | string][] {
  const rows: [string, HTMLElement | string][] = [];
  const from = v.remanufacturedFrom ?? [];
  if (from.length > 0)
    rows.push([
      t('web.secondLife.remanufacturedFrom'),
      h(
        'ul',
        { class: 'lineage', 'data-lineage': 'from' },
        from.map((c) => h('li', {}, codeLink(c))),
      ),
    ]);
  if (v.remanufacturedInto)
    rows.push([t('web.secondLife.remanufacturedInto'), h('span', { 'data-lineage': 'into' }, codeLink(v.remanufacturedInto))]);
  return rows;
}

/** renderCertified lists the certified recyclers and remanufacturers, to anyone. */
export async function renderCertified(main: HTMLElement, _me: Participant | null): Promise<void> {
  main.append(h('h1', {}, t('web.page.certified')), h('p', { class: 'hint' }, t('web.secondLife.certifiedIntro')));
  const { certified } = await api<{ certified: CertificationView[] }>('/v1/certified');
  for (const role of ['recycler', 'remanufacturer'] as const) {
    const rows = certified.filter((c) => c.role === role);
    main.append(
      h(
        'section',
        { class: 'card' },
        table(
          term('role', role),
          [t('web.secondLife.name'), t('web.secondLife.scope'), t('web.secondLife.province'), t('web.secondLife.since')],
          rows.map((c) => [bdi(nameOf(c)), c.scope, c.province ?? '—', day(c.certifiedAt.slice(0, 10))]),
          { id: `certified-${role}` },
        ),
        rows.length === 0 ? h('p', {}, t('web.none')) : null,
      ),
    );
  }
}
