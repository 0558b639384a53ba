/**
 * The participants' portal: manufacturers file models, upload production runs
 * (CSV, checked here first, then sent in chunks) and print their labels;
 * service shops and recyclers record their events.
 */
import { parseProductionRun, type RowProblem } from '../../src/contract/production-run-csv.ts';
import type { Model } from '../../src/contract/schemas.ts';
import type { Revision } from '../../src/contract/revisions.ts';
import { api, ApiError, type Participant } from '../api.ts';
import { showCode, tidyCode } from '../codes.ts';
import { bdi, fmt, h, notice, table } from '../dom.ts';
import { gap, nameOf, say, t, term, tr } from '../i18n.ts';

/** CHUNK is the units per POST /v1/robots/batch request from the browser. */
const CHUNK = 1000;
/** SHEET is the labels per printable sheet (the server's cap is 100). */
const SHEET = 100;

function field(id: string, label: string, input: HTMLElement, hint?: string): HTMLElement {
  if (hint) input.setAttribute('aria-describedby', `${id}-hint`);
  return h(
    'div',
    { class: 'field' },
    h('label', { for: id }, label),
    input,
    hint ? h('p', { class: 'hint', id: `${id}-hint` }, hint) : null,
  );
}

const text = (id: string, attrs: Record<string, string | number | boolean> = {}) =>
  h('input', { id, name: id, type: 'text', autocomplete: 'off', ...attrs });

function problemView(e: unknown): HTMLElement {
  if (!(e instanceof ApiError)) return notice('bad', String(e));
  const errs = e.problem.errors ?? [];
  return notice(
    'bad',
    h('strong', {}, `${e.problem.code}: `),
    e.message,
    errs.length > 1
      ? h(
          'ul',
          {},
          errs.slice(0, 20).map((x) => h('li', {}, x.field ? `${x.field}: ${x.message}` : x.message)),
        )
      : null,
  );
}

/** revisionList shows a model's revisions: number, approval and what each changed. */
function revisionList(items: Revision[]): HTMLElement | string {
  if (items.length <= 1) return t('condition.noRevisions');
  return h(
    'ul',
    { class: 'revisions' },
    items.map((r) =>
      h(
        'li',
        { 'data-revision': String(r.revision) },
        `${t('condition.revision')} ${r.revision}: `,
        r.status === 'model' ? t('cli.revisions.asFiled') : term('revisionStatus', r.status),
        r.changes.length > 0 ? ` (${r.changes.join(', ')})` : '',
      ),
    ),
  );
}

function modelsSection(me: Participant): HTMLElement {
  const list = h('div', { 'aria-live': 'polite' }, h('p', { class: 'muted' }, t('web.portal.loadingModels')));
  const load = async () => {
    const res = await api<{ items: Model[] }>(`/v1/models?enterprise=${me.enterpriseCode}&limit=500`);
    // Each model's revisions (issue #15, item 4): revision 1 is the model as filed.
    const revisions = await Promise.all(
      res.items.map((m) => api<{ items: Revision[] }>(`/v1/models/${m.enterpriseCode}/${m.modelCode}/revisions`).then((r) => r.items)),
    );
    list.replaceChildren(
      table(
        t('web.portal.yourModels'),
        [t('web.col.name'), t('web.col.code'), t('web.col.typeApproval'), t('web.col.keyComponents'), t('condition.revisions')],
        res.items.map((m, i) => [
          bdi(nameOf(m)),
          m.modelCode,
          term('modelStatus', m.status),
          m.componentTypes.map((c) => term('component', c)).join(', '),
          revisionList(revisions[i] ?? []),
        ]),
        { id: 't-models' },
      ),
    );
  };
  void load().catch((e) => list.replaceChildren(problemView(e)));

  const name = text('m-name', { required: true, maxlength: 200 });
  const nameEn = text('m-name-en', { maxlength: 200, lang: 'en' });
  const category = text('m-category', { required: true, value: t('web.portal.categoryDefault') });
  const types = text('m-types', { required: true, value: 'main_controller, battery_pack, joint_actuators, vision_sensors' });
  const num = (id: string, value: number) => h('input', { id, name: id, type: 'number', step: 'any', min: 0, required: true, value });
  const nums = {
    heightCm: num('m-height', 170),
    massKg: num('m-mass', 60),
    degreesOfFreedom: num('m-dof', 40),
    payloadKg: num('m-payload', 15),
    topSpeedKmh: num('m-speed', 6),
    batteryCapacityWh: num('m-battery', 2000),
  };
  const chem = text('m-chem', { required: true, value: 'NMC' });
  const autonomy = text('m-autonomy', { required: true, value: 'L3' });
  const apps = text('m-apps', { value: 'logistics, manufacturing' });
  const out = h('div', { 'aria-live': 'polite' });
  const form = h(
    'form',
    {
      class: 'card',
      onsubmit: async (e: Event) => {
        e.preventDefault();
        const split = (s: string) =>
          s
            .split(',')
            .map((x) => x.trim())
            .filter(Boolean);
        const body = {
          name: name.value.trim(),
          // The English name goes only when given, so a registry without English names takes the form as before.
          ...(nameEn.value.trim() ? { nameEn: nameEn.value.trim() } : {}),
          category: category.value.trim(),
          componentTypes: split(types.value),
          parameters: {
            heightCm: +nums.heightCm.value,
            massKg: +nums.massKg.value,
            degreesOfFreedom: Math.round(+nums.degreesOfFreedom.value),
            payloadKg: +nums.payloadKg.value,
            topSpeedKmh: +nums.topSpeedKmh.value,
            batteryChemistry: chem.value.trim(),
            batteryCapacityWh: +nums.batteryCapacityWh.value,
            autonomyLevel: autonomy.value.trim(),
            applications: split(apps.value),
          },
        };
        try {
          const m = await api<Model>('/v1/models', { method: 'POST', body });
          out.replaceChildren(notice('ok', ...fmt('web.portal.filed', { name: bdi(nameOf(m)), code: m.modelCode })));
          await load();
        } catch (err) {
          out.replaceChildren(problemView(err));
        }
      },
    },
    h('h3', { id: 'file-h' }, t('web.portal.fileModel')),
    h(
      'div',
      { class: 'fields' },
      field('m-name', t('web.portal.modelName'), name),
      field('m-name-en', t('web.portal.modelNameEn'), nameEn),
      field('m-category', t('web.portal.category'), category),
      field('m-types', t('web.portal.componentTypes'), types, t('web.portal.componentTypesHint')),
      field('m-height', t('web.portal.height'), nums.heightCm),
      field('m-mass', t('web.portal.mass'), nums.massKg),
      field('m-dof', t('web.portal.dof'), nums.degreesOfFreedom),
      field('m-payload', t('web.portal.payload'), nums.payloadKg),
      field('m-speed', t('web.portal.speed'), nums.topSpeedKmh),
      field('m-battery', t('web.portal.battery'), nums.batteryCapacityWh),
      field('m-chem', t('web.portal.chemistry'), chem),
      field('m-autonomy', t('web.portal.autonomy'), autonomy),
      field('m-apps', t('web.portal.applications'), apps),
    ),
    h('button', { type: 'submit' }, t('web.portal.fileButton')),
    out,
  );
  return h(
    'section',
    { 'aria-labelledby': 'models-h' },
    h('h2', { id: 'models-h' }, t('web.portal.models')),
    h('div', { class: 'card' }, list),
    form,
  );
}

/** ShownProblem is a row problem as the page shows it, its message already in the reader's language. */
type ShownProblem = { row: number; field: string; message: string };

function problemsTable(problems: ShownProblem[]): HTMLElement {
  return h(
    'div',
    { id: 'run-problems' },
    notice('bad', h('strong', {}, t('web.portal.problems', { count: problems.length })), gap(), t('web.portal.fixRows')),
    table(
      t('web.portal.problemsCaption'),
      [t('web.col.row'), t('web.col.column'), t('web.col.problem')],
      problems.map((p) => [p.row, p.field, p.message]),
      { numeric: [0] },
    ),
  );
}

function sheetLinks(codes: string[]): HTMLElement {
  const links: HTMLElement[] = [];
  for (let i = 0; i < codes.length; i += SHEET) {
    const part = codes.slice(i, i + SHEET);
    links.push(
      h(
        'li',
        {},
        h(
          'a',
          { href: `/labels/sheet.svg?codes=${part.join(',')}`, download: `labels-${i + 1}-${i + part.length}.svg` },
          t('web.portal.sheet', { from: i + 1, to: i + part.length }),
        ),
      ),
    );
  }
  return h('ul', { class: 'sheets' }, links);
}

function runSection(): HTMLElement {
  const file = h('input', { id: 'run-file', type: 'file', accept: '.csv,text/csv', required: true });
  const progress = h('progress', { id: 'run-progress', max: 1, value: 0, hidden: true, 'aria-label': t('web.portal.progress') });
  const out = h('div', { 'aria-live': 'polite', id: 'run-out' });
  const form = h(
    'form',
    {
      class: 'card',
      onsubmit: async (e: Event) => {
        e.preventDefault();
        const f = file.files?.[0];
        if (!f) return;
        const run = parseProductionRun(await f.text());
        if (run.problems.length > 0) {
          out.replaceChildren(problemsTable(run.problems.map((p: RowProblem) => ({ row: p.row, field: p.field, message: say(p.text) }))));
          return;
        }
        const codes: string[] = [];
        progress.hidden = false;
        progress.max = run.rows.length;
        progress.value = 0;
        out.replaceChildren(h('p', {}, t('web.portal.registering', { count: run.rows.length })));
        for (let i = 0; i < run.rows.length; i += CHUNK) {
          const chunk = run.rows.slice(i, i + CHUNK);
          try {
            const res = await api<{ units: { code: string }[] }>('/v1/robots/batch', {
              method: 'POST',
              body: { units: chunk.map((r) => r.unit) },
            });
            codes.push(...res.units.map((u) => u.code));
            progress.value = codes.length;
          } catch (err) {
            const errs = err instanceof ApiError ? (err.problem.errors ?? []) : [];
            const problems: ShownProblem[] = errs.map((x) => ({
              row: chunk[x.unit ?? 0]?.row ?? 0,
              field: x.code ?? '',
              message: x.message,
            }));
            out.replaceChildren(problems.length > 0 ? problemsTable(problems) : problemView(err));
            if (codes.length > 0)
              out.prepend(
                notice(
                  'warn',
                  t('web.portal.partial', {
                    count: codes.length,
                    first: run.rows[0]?.row ?? 0,
                    last: run.rows[codes.length - 1]?.row ?? 0,
                  }),
                ),
              );
            if (codes.length > 0) out.append(sheetLinks(codes));
            return;
          }
        }
        out.replaceChildren(
          notice(
            'ok',
            t('web.portal.registered', { count: codes.length, first: showCode(codes[0] ?? ''), last: showCode(codes.at(-1) ?? '') }),
          ),
          h('h3', {}, t('web.portal.labels')),
          sheetLinks(codes),
        );
      },
    },
    field(
      'run-file',
      t('web.portal.runFile'),
      file,
      t('web.portal.runHint', {
        base: 'model, production_date, firmware',
        perComponent: '<type>.serial, <type>.maker, <type>.lot',
        command: '`hreg robots register --csv`',
      }),
    ),
    h('button', { type: 'submit' }, t('web.portal.runButton')),
    progress,
    out,
  );
  return h('section', { 'aria-labelledby': 'run-h' }, h('h2', { id: 'run-h' }, t('web.portal.run')), form);
}

type EventKind = 'serviced' | 'recall_remedied' | 'recycling_received' | 'scrapped';

function eventForm(kind: EventKind, title: string, extra: HTMLElement[], data: () => Record<string, unknown>): HTMLElement {
  const id = `ev-${kind}`;
  const code = text(`${id}-code`, { required: true, maxlength: 64, autocapitalize: 'characters', spellcheck: 'false' });
  const out = h('div', { 'aria-live': 'polite' });
  return h(
    'form',
    {
      class: 'card',
      onsubmit: async (e: Event) => {
        e.preventDefault();
        try {
          const c = tidyCode(code.value);
          await api(`/v1/robots/${c}/events`, {
            method: 'POST',
            body: { type: kind, data: data() },
            headers: { 'idempotency-key': crypto.randomUUID() },
          });
          out.replaceChildren(notice('ok', t('web.portal.recorded', { event: term('event', kind), code: showCode(c) })));
        } catch (err) {
          out.replaceChildren(problemView(err));
        }
      },
    },
    h('h3', { id: `${id}-h` }, title),
    h('div', { class: 'fields' }, field(`${id}-code`, t('web.code.label'), code), ...extra),
    h('button', { type: 'submit', 'aria-describedby': `${id}-h` }, t('web.portal.record')),
    out,
  );
}

function serviceSection(): HTMLElement {
  const kind = h(
    'select',
    { id: 'sv-kind' },
    ['inspection', 'maintenance', 'repair', 'software_update'].map((k) => h('option', { value: k }, term('serviceKind', k))),
  );
  const notes = text('sv-notes', { maxlength: 2000 });
  const fw = text('sv-fw', { maxlength: 100 });
  const recall = text('rr-id', { required: true, pattern: '[0-9a-fA-F-]{36}' });
  return h(
    'section',
    { 'aria-labelledby': 'svc-h' },
    h('h2', { id: 'svc-h' }, t('web.portal.service')),
    eventForm(
      'serviced',
      t('web.portal.recordService'),
      [
        field('sv-kind', t('web.portal.kindOfWork'), kind),
        field('sv-fw', t('web.portal.firmwareAfter'), fw),
        field('sv-notes', t('web.portal.notes'), notes),
      ],
      () => ({
        kind: kind.value,
        ...(fw.value.trim() ? { firmware: fw.value.trim() } : {}),
        ...(notes.value.trim() ? { notes: notes.value.trim() } : {}),
      }),
    ),
    eventForm(
      'recall_remedied',
      t('web.portal.recordRemedy'),
      [field('rr-id', t('web.portal.recallId'), recall, t('web.portal.recallIdHint'))],
      () => ({ recallId: recall.value.trim() }),
    ),
  );
}

function recyclerSection(): HTMLElement {
  const method = text('sc-method', { maxlength: 200, value: t('web.portal.methodDefault') });
  return h(
    'section',
    { 'aria-labelledby': 'rec-h' },
    h('h2', { id: 'rec-h' }, t('web.portal.recycling')),
    eventForm('recycling_received', t('web.portal.receive'), [], () => ({})),
    eventForm('scrapped', t('web.portal.scrap'), [field('sc-method', t('web.portal.method'), method)], () =>
      method.value.trim() ? { method: method.value.trim() } : {},
    ),
  );
}

/** renderPortal shows the sections the participant's roles allow. */
export function renderPortal(main: HTMLElement, me: Participant | null): void {
  main.append(h('h1', {}, t('web.portal.h1')));
  if (!me) {
    main.append(notice('info', t('web.portal.forParticipants'), gap(), h('a', { href: '/signin' }, t('web.nav.signIn'))));
    return;
  }
  main.append(
    h(
      'p',
      { class: 'lede' },
      bdi(nameOf(me)),
      me.enterpriseCode ? ` · ${t('web.portal.enterprise', { code: me.enterpriseCode })}` : '',
      ` · ${tr().list(me.roles.map((r) => term('role', r)))}`,
    ),
  );
  let any = false;
  if (me.roles.includes('manufacturer') && me.enterpriseCode) {
    main.append(modelsSection(me), runSection());
    any = true;
  }
  if (me.roles.includes('service') || me.roles.includes('manufacturer')) {
    main.append(serviceSection());
    any = true;
  }
  if (me.roles.includes('recycler')) {
    main.append(recyclerSection());
    any = true;
  }
  if (!any) main.append(notice('info', t('web.portal.noTasks')));
}
