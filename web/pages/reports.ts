/**
 * The regulator's queue of public reports (issue #16, item 4), as the API orders it: open
 * first, suspected counterfeits first among them. Each open report can be linked to an
 * incident of the same unit, dismissed, or escalated to a defect signal. Also the page where
 * a participant other than the regulator sees its own late reports (item 5).
 */
import type { MessageKey } from '../../src/i18n/catalogue.ts';
import type { QueuedReport, TriageRequest } from '../../src/contract/reports.ts';
import { api, ApiError, type Participant } from '../api.ts';
import { showCode } from '../codes.ts';
import { bdi, dl, h, notice } from '../dom.ts';
import { gap, minute, t } from '../i18n.ts';
import { lateFigure } from './late.ts';

/** PAGE is how many reports one page of the queue holds. */
const PAGE = 100;

const stateOf = (s: string) => t(`report.state.${s}` as MessageKey);
const categoryOf = (c: string) => t(`report.category.${c}` as MessageKey);

/** input is a labelled text field inside a triage form. */
function input(id: string, label: string, attrs: Record<string, string | number | boolean>): [HTMLElement, HTMLInputElement] {
  const el = h('input', { id, name: id, type: 'text', ...attrs });
  return [h('div', { class: 'field' }, h('label', { for: id }, label), el), el];
}

/** triageForms are the three decisions on an open report; decide sends one and shows its answer. */
function triageForms(r: QueuedReport, decide: (body: TriageRequest) => Promise<void>): HTMLElement {
  const id = r.id;
  const [noteField, note] = input(`note-${id}`, t('web.reports.note'), { maxlength: 1000 });
  const withNote = (body: TriageRequest): TriageRequest => (note.value.trim() ? { ...body, note: note.value.trim() } : body);
  const [incidentField, incident] = input(`incident-${id}`, t('web.reports.incident'), {
    inputmode: 'numeric',
    pattern: '[0-9]+',
    required: true,
  });
  const [componentField, component] = input(`component-${id}`, t('web.reports.componentType'), {
    pattern: '[a-z][a-z0-9_]{0,63}',
    required: true,
    placeholder: 'battery_pack',
    autocomplete: 'off',
  });
  const [failureField, failure] = input(`failure-${id}`, t('web.reports.failureMode'), { maxlength: 100, required: true });
  const form = (cls: string, children: HTMLElement[], body: () => TriageRequest) =>
    h(
      'form',
      {
        class: `triage ${cls}`,
        onsubmit: (e: Event) => {
          e.preventDefault();
          void decide(withNote(body()));
        },
      },
      ...children,
    );
  return h(
    'div',
    { class: 'triage-actions', role: 'group', 'aria-label': t('web.reports.actionsFor', { id }) },
    noteField,
    form('dismiss', [h('button', { type: 'submit' }, t('web.reports.dismiss'))], () => ({ outcome: 'dismissed' })),
    form('link', [incidentField, h('button', { type: 'submit' }, t('web.reports.link'))], () => ({
      outcome: 'linked',
      incident: Number(incident.value),
    })),
    form('escalate', [componentField, failureField, h('button', { type: 'submit' }, t('web.reports.escalate'))], () => ({
      outcome: 'escalated',
      componentType: component.value.trim(),
      failureMode: failure.value.trim(),
    })),
  );
}

/** reportCard shows one report and, while it is open, the triage forms. */
function reportCard(r: QueuedReport): HTMLElement {
  const card = h('li', { class: 'card report-item', id: `report-${r.id}`, 'data-state': r.state, 'data-category': r.category });
  const answer = h('div', { 'aria-live': 'polite' });
  const draw = (x: QueuedReport, said?: HTMLElement) => {
    card.setAttribute('data-state', x.state);
    card.replaceChildren(
      h('h2', {}, categoryOf(x.category)),
      dl([
        [t('web.reports.col.code'), h('a', { href: `/passport/${x.code}`, class: 'code' }, showCode(x.code))],
        [t('web.reports.col.filed'), minute(x.filedAt)],
        [t('web.reports.col.description'), h('p', { class: 'report-text' }, bdi(x.description))],
        [t('web.reports.col.contact'), x.contact ? bdi(x.contact) : t('web.reports.noContact')],
        [t('web.reports.photo'), x.photo ? t('web.reports.photoYes') : t('web.none')],
        [
          t('web.reports.col.state'),
          [
            stateOf(x.state),
            x.signedIn ? ` · ${t('web.reports.signedIn')}` : null,
            x.triagedAt ? ` · ${t('web.reports.triaged', { time: minute(x.triagedAt) })}` : null,
            x.incidentIndex !== null ? ` · ${t('web.reports.incidentAt', { index: x.incidentIndex })}` : null,
          ]
            .filter(Boolean)
            .join(''),
        ],
        ...(x.triageNote ? ([[t('web.reports.note'), bdi(x.triageNote)]] as [string, HTMLElement][]) : []),
      ]),
      ...(x.state === 'open'
        ? [
            triageForms(x, async (body) => {
              try {
                const done = await api<QueuedReport>(`/v1/reports/${x.id}/triage`, { method: 'POST', body });
                draw(done, notice('ok', t('web.reports.done', { id: done.id, state: stateOf(done.state) })));
              } catch (e) {
                if (!(e instanceof ApiError)) throw e;
                answer.replaceChildren(notice('bad', h('span', { 'data-problem': e.problem.code }, e.message)));
              }
            }),
          ]
        : []),
      said ?? answer,
    );
  };
  draw(r);
  return card;
}

/** renderReports is the regulator's queue of public reports. */
export async function renderReports(main: HTMLElement, me: Participant | null): Promise<void> {
  main.append(h('h1', {}, t('web.reports.h1')));
  if (!me?.roles.includes('regulator')) {
    main.append(notice('info', t('web.reports.forRegulator'), gap(), me ? '' : h('a', { href: '/signin' }, t('web.nav.signIn'))));
    return;
  }
  const list = h('ol', { class: 'report-queue', 'aria-label': t('web.reports.caption') });
  main.append(h('p', { class: 'hint' }, t('web.reports.caption')), list);
  const more = h('button', { type: 'button', class: 'link', id: 'reports-more' }, t('web.reports.more'));
  const load = async (after: string | null) => {
    try {
      const page = await api<{ items: QueuedReport[]; next: string | null }>(
        `/v1/reports?limit=${PAGE}${after ? `&after=${encodeURIComponent(after)}` : ''}`,
      );
      list.append(...page.items.map(reportCard));
      if (list.childElementCount === 0) list.replaceWith(notice('info', t('web.reports.empty')));
      if (page.next) {
        const next = page.next;
        more.onclick = () => {
          more.remove();
          void load(next);
        };
        main.append(more);
      }
    } catch (e) {
      main.append(notice('bad', e instanceof ApiError ? e.message : String(e)));
    }
  };
  await load(null);
}

/** renderOwnLate shows a signed-in participant the events it recorded after their deadline. */
export async function renderOwnLate(main: HTMLElement, me: Participant | null): Promise<void> {
  main.append(h('h1', {}, t('web.page.late')));
  if (!me) {
    main.append(notice('info', t('web.late.forParticipant'), gap(), h('a', { href: '/signin' }, t('web.nav.signIn'))));
    return;
  }
  main.append(await lateFigure(me));
}
