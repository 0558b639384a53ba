/**
 * Issue #16 on the web: a unit's lineage on the verify page (remanufactured
 * from …, remanufactured into …), its lineage and customs crossings on the
 * passport, and the public list of certified recyclers and remanufacturers
 * (/certified), so owners know who may take a decommissioned unit.
 */
import type { Verification } from '../../src/contract/responses.ts';
import type { CertificationView, CustomsCrossing } from '../../src/contract/second-life.ts';
import { api, type Participant } from '../api.ts';
import { showCode } from '../codes.ts';
import { bdi, dl, h, table } from '../dom.ts';
import { day, minute, nameOf, t, term } from '../i18n.ts';

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

/** PassportLineage is what the passport answers of a unit's second life: its lineage to anyone, its crossings to the full view. */
export interface PassportLineage {
  remanufacturedFrom: string[];
  remanufacturedInto: string | null;
  customs?: CustomsCrossing[];
}

const passportLink = (code: string) => h('a', { href: `/passport/${code}`, class: 'code' }, showCode(code));

/**
 * lineageSection shows on the passport which units a unit was remanufactured
 * from or into (links to their passports), and its crossings of the border
 * (import with origin, declaration, clearance and importer; exports) when the
 * reader is entitled to them; otherwise it says who is.
 */
export function lineageSection(p: PassportLineage): HTMLElement {
  const lineage: [string, HTMLElement | string][] = [];
  if (p.remanufacturedFrom.length > 0)
    lineage.push([
      t('web.secondLife.remanufacturedFrom'),
      h(
        'ul',
        { class: 'lineage', 'data-lineage': 'from' },
        p.remanufacturedFrom.map((c) => h('li', {}, passportLink(c))),
      ),
    ]);
  if (p.remanufacturedInto)
    lineage.push([t('web.secondLife.remanufacturedInto'), h('span', { 'data-lineage': 'into' }, passportLink(p.remanufacturedInto))]);
  if (lineage.length === 0) lineage.push([t('web.secondLife.remanufacturedFrom'), t('web.secondLife.madeNew')]);
  const customs = p.customs;
  return h(
    'section',
    { class: 'card', id: 'lineage', 'aria-labelledby': 'lineage-h' },
    h('h2', { id: 'lineage-h' }, t('web.secondLife.section')),
    dl(lineage),
    customs === undefined
      ? h('p', { class: 'hint', 'data-customs': 'hidden' }, t('web.secondLife.customsHidden'))
      : customs.length === 0
        ? h('p', { 'data-customs': 'none' }, t('web.secondLife.noCrossing'))
        : table(
            t('web.secondLife.customs'),
            [
              t('web.secondLife.col.crossing'),
              t('web.secondLife.col.country'),
              t('web.secondLife.col.declaration'),
              t('web.secondLife.col.cleared'),
              t('web.secondLife.col.party'),
            ],
            customs.map((c) => [
              t(c.direction === 'import' ? 'web.secondLife.direction.import' : 'web.secondLife.direction.export'),
              c.country,
              bdi(c.declaration),
              h('time', { datetime: c.clearedAt }, minute(c.clearedAt)),
              bdi(nameOf(c.party)),
            ]),
            { id: 'customs' },
          ),
  );
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
