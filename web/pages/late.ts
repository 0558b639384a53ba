/**
 * Late reports (issue #16, item 5): events recorded after their deadline, by participant and
 * event type, as a Chart.js chart with the table behind it. The regulator's dashboard shows
 * every participant's; a participant signed in sees its own (GET /v1/late-reports decides).
 */
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js';
import type { LateReports } from '../../src/contract/reports.ts';
import { api, ApiError, type Participant } from '../api.ts';
import { h, notice, table } from '../dom.ts';
import { day, locale, minute, nameOf, t, term } from '../i18n.ts';

Chart.register(BarController, BarElement, CategoryScale, Legend, LinearScale, Tooltip);

const PALETTE = ['#1f5fbf', '#2e8540', '#b35c00', '#6b3fa0', '#a3174a', '#0f7c8c', '#5c5c5c'];
/** DAYS is how far back the figures look (the API's default). */
const DAYS = 90;

/** lateChart stacks each event type's late events per participant. */
function lateChart(canvas: HTMLCanvasElement, late: LateReports): void {
  const ids = [...new Set(late.byParticipant.map((g) => g.participantId))];
  const types = [...new Set(late.byParticipant.map((g) => g.type))];
  const named = new Map(late.byParticipant.map((g) => [g.participantId, nameOf(g)]));
  const count = (id: string, type: string) => late.byParticipant.find((g) => g.participantId === id && g.type === type)?.late ?? 0;
  new Chart(canvas, {
    type: 'bar',
    data: {
      labels: ids.map((id) => named.get(id) ?? id),
      datasets: types.map((type, i) => ({
        label: term('event', type),
        data: ids.map((id) => count(id, type)),
        backgroundColor: PALETTE[i % PALETTE.length],
      })),
    },
    options: {
      animation: false,
      maintainAspectRatio: false,
      responsive: true,
      locale: locale(),
      indexAxis: 'y',
      scales: { x: { stacked: true, title: { display: true, text: t('web.late.col.late') } }, y: { stacked: true } },
    },
  });
}

/** lateFigure is the late-reports section: heading, total, chart, the table by participant and type, and the latest events. */
export async function lateFigure(me: Participant): Promise<HTMLElement> {
  const own = !me.roles.includes('regulator');
  const title = own ? t('web.late.own') : t('web.late.heading');
  const section = h('section', { class: 'card figure', id: 'late', 'aria-labelledby': 'late-h' }, h('h2', { id: 'late-h' }, title));
  let late: LateReports;
  try {
    late = await api<LateReports>(`/v1/late-reports?days=${DAYS}`);
  } catch (e) {
    section.append(notice('bad', e instanceof ApiError ? e.message : String(e)));
    return section;
  }
  section.append(h('p', { class: 'hint' }, t('web.late.total', { total: late.total, since: day(late.since) })));
  const canvas = h('canvas', { role: 'img', 'aria-label': t('web.dash.chartLabel', { title: t('web.late.chart') }) });
  if (late.byParticipant.length > 0) {
    section.append(h('div', { class: 'chart' }, canvas));
    queueMicrotask(() => lateChart(canvas, late));
  }
  const region = (caption: string, el: HTMLElement) =>
    h('div', { class: 'table-scroll', tabindex: 0, role: 'region', 'aria-label': t('web.dash.tableLabel', { title: caption }) }, el);
  section.append(
    region(
      t('web.late.chart'),
      table(
        t('web.late.chart'),
        [t('web.late.col.participant'), t('web.late.col.type'), t('web.late.col.late'), t('web.late.col.worst')],
        late.byParticipant.map((g) => [h('bdi', {}, nameOf(g)), term('event', g.type), g.late, g.worstLateByHours]),
        { numeric: [2, 3], id: 't-late' },
      ),
    ),
    region(
      t('web.late.latest'),
      table(
        t('web.late.latest'),
        [t('web.late.col.code'), t('web.late.col.type'), t('web.late.col.occurred'), t('web.late.col.due'), t('web.late.col.recorded')],
        late.latest.map((e) => [
          h('span', { class: 'code' }, e.code),
          term('event', e.type),
          minute(e.occurredAt),
          minute(e.dueAt),
          minute(e.recordedAt),
        ]),
        { id: 't-late-latest' },
      ),
    ),
  );
  if (late.total === 0) section.append(h('p', { class: 'muted' }, t('web.late.none')));
  return section;
}
