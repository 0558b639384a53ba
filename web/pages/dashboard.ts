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
import { h, notice, plain, table } from '../dom.ts';
import type { FleetStats } from '../../src/contract/stats.ts';

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
  const canvas = h('canvas', { role: 'img', 'aria-label': `${title}. The table below holds the same figures.` });
  const section = h(
    'section',
    { class: 'card figure', id, 'aria-labelledby': `${id}-h` },
    h('h2', { id: `${id}-h` }, title),
    note ? h('p', { class: 'hint' }, note) : null,
    h('div', { class: 'chart' }, canvas),
    h('div', { class: 'table-scroll', tabindex: 0, role: 'region', 'aria-label': `${title}, table` }, data),
  );
  queueMicrotask(
    () =>
      new Chart(canvas, {
        ...config,
        options: { animation: false, maintainAspectRatio: false, responsive: true, ...(config.options ?? {}) },
      }),
  );
  return section;
}

const bar = (labels: string[], values: number[], label: string, horizontal = false): ChartConfiguration => ({
  type: 'bar',
  data: { labels, datasets: [{ label, data: values, backgroundColor: BLUE }] },
  options: { indexAxis: horizontal ? 'y' : 'x', plugins: { legend: { display: false } } },
});

const pct = (a: number, b: number) => (b === 0 ? '—' : `${Math.round((100 * a) / b)}%`);

/** renderDashboard draws every figure for the regulator. */
export async function renderDashboard(main: HTMLElement, me: Participant | null): Promise<void> {
  main.append(h('h1', {}, 'Regulator dashboard'));
  if (!me?.roles.includes('regulator')) {
    main.append(notice('info', 'The dashboard is for the regulator. ', me ? '' : h('a', { href: '/signin' }, 'Sign in')));
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
      h(
        'div',
        { class: 'kpi' },
        h('span', { class: 'kpi-n', id: 'kpi-robots' }, r.total.toLocaleString('en')),
        h('span', {}, 'robots registered'),
      ),
      h(
        'div',
        { class: 'kpi' },
        h('span', { class: 'kpi-n' }, r.byManufacturer.length.toLocaleString('en')),
        h('span', {}, 'manufacturers with units'),
      ),
      h('div', { class: 'kpi' }, h('span', { class: 'kpi-n' }, r.byModel.length.toLocaleString('en')), h('span', {}, 'models with units')),
      h('div', { class: 'kpi' }, h('span', { class: 'kpi-n' }, openRecalls.length.toLocaleString('en')), h('span', {}, 'open recalls')),
    ),
    h('p', { class: 'hint' }, `Figures as of ${s.generatedAt.slice(0, 16).replace('T', ' ')} UTC.`),
  );

  const grid = h('div', { class: 'grid' });
  main.append(grid);
  grid.append(
    figure(
      'by-status',
      'Robots by status',
      {
        type: 'doughnut',
        data: {
          labels: r.byStatus.map((x) => plain(x.status)),
          datasets: [{ data: r.byStatus.map((x) => x.count), backgroundColor: PALETTE }],
        },
        options: { plugins: { legend: { position: 'right' } } },
      },
      table(
        'Robots by status',
        ['Status', 'Robots'],
        r.byStatus.map((x) => [plain(x.status), x.count]),
        { numeric: [1], id: 't-status' },
      ),
    ),
    figure(
      'per-month',
      'Registrations per month',
      {
        type: 'line',
        data: {
          labels: s.registrationsPerMonth.map((x) => x.month),
          datasets: [
            { label: 'Robots registered', data: s.registrationsPerMonth.map((x) => x.count), borderColor: BLUE, backgroundColor: BLUE },
          ],
        },
        options: { plugins: { legend: { display: false } } },
      },
      table(
        'Registrations per month',
        ['Month', 'Robots'],
        s.registrationsPerMonth.map((x) => [x.month, x.count]),
        { numeric: [1], id: 't-month' },
      ),
    ),
    figure(
      'by-manufacturer',
      'Robots by manufacturer',
      bar(
        r.byManufacturer.slice(0, TOP).map((x) => x.name),
        r.byManufacturer.slice(0, TOP).map((x) => x.count),
        'Robots',
        true,
      ),
      table(
        'Robots by manufacturer',
        ['Manufacturer', 'Enterprise', 'Robots'],
        r.byManufacturer.map((x) => [x.name, x.enterprise, x.count]),
        { numeric: [2], id: 't-maker' },
      ),
      r.byManufacturer.length > TOP ? `Chart: the ${TOP} largest; the table lists all ${r.byManufacturer.length}.` : undefined,
    ),
    figure(
      'by-model',
      'Robots by model',
      bar(
        r.byModel.slice(0, TOP).map((x) => x.name),
        r.byModel.slice(0, TOP).map((x) => x.count),
        'Robots',
        true,
      ),
      table(
        'Robots by model',
        ['Model', 'Code', 'Robots'],
        r.byModel.map((x) => [x.name, `${x.enterprise}/${x.model}`, x.count]),
        { numeric: [2], id: 't-model' },
      ),
      r.byModel.length > TOP ? `Chart: the ${TOP} largest; the table lists all ${r.byModel.length}.` : undefined,
    ),
    figure(
      'by-province',
      'Deployed robots by province',
      bar(
        r.byProvince.map((x) => x.province),
        r.byProvince.map((x) => x.count),
        'Deployed robots',
        true,
      ),
      table(
        'Deployed robots by province',
        ['Province', 'Robots'],
        r.byProvince.map((x) => [x.province, x.count]),
        { numeric: [1], id: 't-province' },
      ),
    ),
    figure(
      'recalls',
      'Recall completion',
      {
        type: 'bar',
        data: {
          labels: s.recalls.map((x) => x.hazard.slice(0, 40)),
          datasets: [
            { label: 'Remedied', data: s.recalls.map((x) => x.remedied), backgroundColor: '#2e8540' },
            { label: 'Not yet remedied', data: s.recalls.map((x) => x.affected - x.remedied), backgroundColor: '#b35c00' },
          ],
        },
        options: { indexAxis: 'y', scales: { x: { stacked: true }, y: { stacked: true } } },
      },
      table(
        'Recall completion',
        ['Recall', 'Issued', 'State', 'Affected', 'Remedied', 'Complete'],
        s.recalls.map((x) => [
          x.hazard,
          x.issuedAt.slice(0, 10),
          x.open ? 'open' : 'closed',
          x.affected,
          x.remedied,
          pct(x.remedied, x.affected),
        ]),
        { numeric: [3, 4, 5], id: 't-recalls' },
      ),
    ),
    figure(
      'incidents',
      'Incidents per model',
      bar(
        s.incidentsPerModel.slice(0, TOP).map((x) => x.name),
        s.incidentsPerModel.slice(0, TOP).map((x) => x.count),
        'Incidents',
        true,
      ),
      table(
        'Incidents per model',
        ['Model', 'Code', 'Incidents'],
        s.incidentsPerModel.map((x) => [x.name, `${x.enterprise}/${x.model}`, x.count]),
        { numeric: [2], id: 't-incidents' },
      ),
    ),
    figure(
      'clusters',
      'Defect clusters',
      bar(
        s.defectClusters.models.map((x) => `${x.enterprise}/${x.model} ${x.componentType}`),
        s.defectClusters.models.map((x) => x.signals),
        'Defect signals',
        true,
      ),
      table(
        'Defect clusters (models and component lots that stand out)',
        ['Model', 'Component', 'Lot', 'Signals', 'Units'],
        [...s.defectClusters.models, ...s.defectClusters.lots].map((x) => [
          `${x.enterprise}/${x.model}`,
          plain(x.componentType),
          x.lot ?? 'all',
          x.signals,
          x.units,
        ]),
        { numeric: [3, 4], id: 't-clusters' },
      ),
      `Signals since ${s.defectClusters.since.slice(0, 10)}.`,
    ),
  );
}
