/** The regulator's dashboard: fleet figures from GET /v1/stats as Chart.js charts, each with the table behind it. */
import {
  ArcElement,
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  DoughnutController,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartConfiguration,
} from 'chart.js';
import { api, ApiError, type Participant } from '../api.ts';
import { bdi, h, notice, table } from '../dom.ts';
import { day, gap, locale, minute, month, type Named, nameOf, num, t, term, tr } from '../i18n.ts';
import type { FleetStats } from '../../src/contract/stats.ts';
import { lateFigure } from './late.ts';

Chart.register(
  ArcElement,
  BarController,
  BarElement,
  CategoryScale,
  DoughnutController,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
);

// The API's own types: type-only imports vanish from the browser bundle.
type Stats = FleetStats;

const TOP = 15;
const BLUE = '#1f5fbf';
const PALETTE = ['#1f5fbf', '#2e8540', '#b35c00', '#6b3fa0', '#a3174a', '#0f7c8c', '#5c5c5c'];

function figure(id: string, title: string, config: ChartConfiguration, data: HTMLTableElement, note?: string): HTMLElement {
  const canvas = h('canvas', { role: 'img', 'aria-label': t('web.dash.chartLabel', { title }) });
  const section = h(
    'section',
    { class: 'card figure', id, 'aria-labelledby': `${id}-h` },
    h('h2', { id: `${id}-h` }, title),
    note ? h('p', { class: 'hint' }, note) : null,
    h('div', { class: 'chart' }, canvas),
    h('div', { class: 'table-scroll', tabindex: 0, role: 'region', 'aria-label': t('web.dash.tableLabel', { title }) }, data),
  );
  queueMicrotask(
    () =>
      new Chart(canvas, {
        ...config,
        // Chart.js formats tick and tooltip numbers in the page's language.
        options: { animation: false, maintainAspectRatio: false, responsive: true, locale: locale(), ...(config.options ?? {}) },
      }),
  );
  return section;
}

/** bar is a bar chart of one series; its value axis is titled with the series' name. */
const bar = (labels: string[], values: number[], label: string, horizontal = false): ChartConfiguration => ({
  type: 'bar',
  data: { labels, datasets: [{ label, data: values, backgroundColor: BLUE }] },
  options: {
    indexAxis: horizontal ? 'y' : 'x',
    plugins: { legend: { display: false } },
    scales: { [horizontal ? 'x' : 'y']: { title: { display: true, text: label } } },
  },
});

/**
 * rankedFigure charts the TOP largest of some named counts as horizontal bars, with the table of all of them:
 * name, one code column (`code`), count.
 */
function rankedFigure<T extends Named & { count: number }>(
  id: string,
  title: string,
  rows: T[],
  label: string,
  head: string[],
  code: (x: T) => string,
  tableId: string,
  note?: string,
): HTMLElement {
  const top = rows.slice(0, TOP);
  return figure(
    id,
    title,
    bar(
      top.map((x) => nameOf(x)),
      top.map((x) => x.count),
      label,
      true,
    ),
    table(
      title,
      head,
      rows.map((x) => [bdi(nameOf(x)), code(x), x.count]),
      { numeric: [2], id: tableId },
    ),
    note,
  );
}

const pct = (a: number, b: number) => (b === 0 ? '—' : tr().number(a / b, { style: 'percent', maximumFractionDigits: 0 }));

/** topNote says the chart shows only the largest rows when the table holds more. */
const topNote = (count: number) => (count > TOP ? t('web.dash.top', { top: TOP, count }) : undefined);

/** kpi is one headline figure. */
const kpi = (n: number, label: string, id?: string) =>
  h('div', { class: 'kpi' }, h('span', { class: 'kpi-n', id }, num(n)), h('span', {}, label));

/** renderDashboard draws every figure for the regulator. */
export async function renderDashboard(main: HTMLElement, me: Participant | null): Promise<void> {
  main.append(h('h1', {}, t('web.dash.h1')));
  if (!me?.roles.includes('regulator')) {
    main.append(notice('info', t('web.dash.forRegulator'), gap(), me ? '' : h('a', { href: '/signin' }, t('web.nav.signIn'))));
    return;
  }
  let s: Stats;
  try {
    s = await api<Stats>('/v1/stats');
  } catch (e) {
    main.append(notice('bad', e instanceof ApiError ? e.message : String(e)));
    return;
  }
  const r = s.robots;
  const openRecalls = s.recalls.filter((x) => x.open);
  main.append(
    h(
      'div',
      { class: 'kpis' },
      kpi(r.total, t('web.dash.kpiRobots'), 'kpi-robots'),
      kpi(r.byManufacturer.length, t('web.dash.kpiMakers')),
      kpi(r.byModel.length, t('web.dash.kpiModels')),
      kpi(openRecalls.length, t('web.dash.kpiRecalls')),
    ),
    h('p', { class: 'hint' }, t('web.dash.asOf', { time: minute(s.generatedAt) })),
  );

  const robots = t('web.col.robots');
  const grid = h('div', { class: 'grid' });
  main.append(grid);
  grid.append(
    figure(
      'by-status',
      t('web.dash.byStatus'),
      {
        type: 'doughnut',
        data: {
          labels: r.byStatus.map((x) => term('status', x.status)),
          datasets: [{ label: robots, data: r.byStatus.map((x) => x.count), backgroundColor: PALETTE }],
        },
        options: { plugins: { legend: { position: 'right' } } },
      },
      table(
        t('web.dash.byStatus'),
        [t('web.col.status'), robots],
        r.byStatus.map((x) => [term('status', x.status), x.count]),
        { numeric: [1], id: 't-status' },
      ),
    ),
    figure(
      'per-month',
      t('web.dash.perMonth'),
      {
        type: 'line',
        data: {
          labels: s.registrationsPerMonth.map((x) => month(x.month)),
          datasets: [
            {
              label: t('web.dash.registered'),
              data: s.registrationsPerMonth.map((x) => x.count),
              borderColor: BLUE,
              backgroundColor: BLUE,
            },
          ],
        },
        options: {
          plugins: { legend: { display: false } },
          scales: { y: { title: { display: true, text: t('web.dash.registered') } } },
        },
      },
      table(
        t('web.dash.perMonth'),
        [t('web.col.month'), robots],
        s.registrationsPerMonth.map((x) => [month(x.month), x.count]),
        { numeric: [1], id: 't-month' },
      ),
    ),
    rankedFigure(
      'by-manufacturer',
      t('web.dash.byMaker'),
      r.byManufacturer,
      robots,
      [t('web.col.manufacturer'), t('web.col.enterprise'), robots],
      (x) => x.enterprise,
      't-maker',
      topNote(r.byManufacturer.length),
    ),
    rankedFigure(
      'by-model',
      t('web.dash.byModel'),
      r.byModel,
      robots,
      [t('web.col.model'), t('web.col.code'), robots],
      (x) => `${x.enterprise}/${x.model}`,
      't-model',
      topNote(r.byModel.length),
    ),
    figure(
      'by-province',
      t('web.dash.byProvince'),
      bar(
        r.byProvince.map((x) => x.province),
        r.byProvince.map((x) => x.count),
        t('web.dash.deployed'),
        true,
      ),
      table(
        t('web.dash.byProvince'),
        [t('web.col.province'), robots],
        r.byProvince.map((x) => [bdi(x.province), x.count]),
        { numeric: [1], id: 't-province' },
      ),
    ),
    figure(
      'recalls',
      t('web.dash.recalls'),
      {
        type: 'bar',
        data: {
          labels: s.recalls.map((x) => x.hazard.slice(0, 40)),
          datasets: [
            { label: t('web.col.remedied'), data: s.recalls.map((x) => x.remedied), backgroundColor: '#2e8540' },
            { label: t('web.dash.notRemedied'), data: s.recalls.map((x) => x.affected - x.remedied), backgroundColor: '#b35c00' },
          ],
        },
        options: {
          indexAxis: 'y',
          scales: { x: { stacked: true, title: { display: true, text: robots } }, y: { stacked: true } },
        },
      },
      table(
        t('web.dash.recalls'),
        [t('web.col.recall'), t('web.col.issued'), t('web.col.state'), t('web.col.affected'), t('web.col.remedied'), t('web.col.complete')],
        s.recalls.map((x) => [
          bdi(x.hazard),
          day(x.issuedAt),
          term('recallState', x.open ? 'open' : 'closed'),
          x.affected,
          x.remedied,
          pct(x.remedied, x.affected),
        ]),
        { numeric: [3, 4, 5], id: 't-recalls' },
      ),
    ),
    rankedFigure(
      'incidents',
      t('web.dash.incidents'),
      s.incidentsPerModel,
      t('web.col.incidents'),
      [t('web.col.model'), t('web.col.code'), t('web.col.incidents')],
      (x) => `${x.enterprise}/${x.model}`,
      't-incidents',
    ),
    figure(
      'clusters',
      t('web.dash.clusters'),
      bar(
        s.defectClusters.models.map((x) => `${x.enterprise}/${x.model} ${term('component', x.componentType)}`),
        s.defectClusters.models.map((x) => x.signals),
        t('web.dash.signals'),
        true,
      ),
      table(
        t('web.dash.clustersCaption'),
        [t('web.col.model'), t('web.col.component'), t('web.col.lot'), t('web.col.signals'), t('web.col.units')],
        [...s.defectClusters.models, ...s.defectClusters.lots].map((x) => [
          `${x.enterprise}/${x.model}`,
          term('component', x.componentType),
          x.lot ? bdi(x.lot) : t('web.passport.all'),
          x.signals,
          x.units,
        ]),
        { numeric: [3, 4], id: 't-clusters' },
      ),
      t('web.dash.since', { date: day(s.defectClusters.since) }),
    ),
  );
  // Late reports by participant and event type (issue #16, item 5).
  grid.append(await lateFigure(me));
}
