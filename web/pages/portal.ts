/**
 * The participants' portal: manufacturers file models, upload production runs
 * (CSV, checked here first, then sent in chunks) and print their labels;
 * service shops and recyclers record their events.
 */
import { parseProductionRun, type RowProblem } from '../../src/contract/production-run-csv.ts';
import type { Model } from '../../src/contract/schemas.ts';
import { api, ApiError, type Participant } from '../api.ts';
import { showCode, tidyCode } from '../codes.ts';
import { h, notice, plain, table } from '../dom.ts';

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

function modelsSection(me: Participant): HTMLElement {
  const list = h('div', { 'aria-live': 'polite' }, h('p', { class: 'muted' }, 'Loading models…'));
  const load = async () => {
    const res = await api<{ items: Model[] }>(`/v1/models?enterprise=${me.enterpriseCode}&limit=500`);
    list.replaceChildren(
      table(
        'Your models',
        ['Name', 'Code', 'Type approval', 'Key components'],
        res.items.map((m) => [m.name, m.modelCode, plain(m.status), m.componentTypes.map(plain).join(', ')]),
        { id: 't-models' },
      ),
    );
  };
  void load().catch((e) => list.replaceChildren(problemView(e)));

  const name = text('m-name', { required: true, maxlength: 200 });
  const category = text('m-category', { required: true, value: 'general-purpose humanoid' });
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
          out.replaceChildren(
            notice('ok', `Filed model ${m.name} as ${m.modelCode}. It can be registered now and sold once the regulator approves it.`),
          );
          await load();
        } catch (err) {
          out.replaceChildren(problemView(err));
        }
      },
    },
    h('h3', {}, 'File a model'),
    h(
      'div',
      { class: 'fields' },
      field('m-name', 'Model name', name),
      field('m-category', 'Category', category),
      field('m-types', 'Key component types', types, 'Comma-separated, lower_snake_case; every unit must declare each.'),
      field('m-height', 'Height (cm)', nums.heightCm),
      field('m-mass', 'Mass (kg)', nums.massKg),
      field('m-dof', 'Degrees of freedom', nums.degreesOfFreedom),
      field('m-payload', 'Payload (kg)', nums.payloadKg),
      field('m-speed', 'Top speed (km/h)', nums.topSpeedKmh),
      field('m-battery', 'Battery capacity (Wh)', nums.batteryCapacityWh),
      field('m-chem', 'Battery chemistry', chem),
      field('m-autonomy', 'Autonomy level', autonomy),
      field('m-apps', 'Applications', apps),
    ),
    h('button', { type: 'submit' }, 'File model'),
    out,
  );
  return h('section', { 'aria-labelledby': 'models-h' }, h('h2', { id: 'models-h' }, 'Models'), h('div', { class: 'card' }, list), form);
}

function problemsTable(problems: RowProblem[]): HTMLElement {
  return h(
    'div',
    { id: 'run-problems' },
    notice(
      'bad',
      h('strong', {}, `${problems.length} problem${problems.length === 1 ? '' : 's'} found; nothing was registered. `),
      'Fix the rows below and upload the file again.',
    ),
    table(
      'Problems by row (row 1 is the header)',
      ['Row', 'Column', 'Problem'],
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
          `Labels ${i + 1}–${i + part.length} (SVG sheet)`,
        ),
      ),
    );
  }
  return h('ul', { class: 'sheets' }, links);
}

function runSection(): HTMLElement {
  const file = h('input', { id: 'run-file', type: 'file', accept: '.csv,text/csv', required: true });
  const progress = h('progress', { id: 'run-progress', max: 1, value: 0, hidden: true, 'aria-label': 'Upload progress' });
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
          out.replaceChildren(problemsTable(run.problems));
          return;
        }
        const codes: string[] = [];
        progress.hidden = false;
        progress.max = run.rows.length;
        progress.value = 0;
        out.replaceChildren(h('p', {}, `Registering ${run.rows.length} units…`));
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
            const problems: RowProblem[] = errs.map((x) => ({
              row: chunk[x.unit ?? 0]?.row ?? 0,
              field: x.code ?? '',
              message: x.message,
            }));
            out.replaceChildren(problems.length > 0 ? problemsTable(problems) : problemView(err));
            if (codes.length > 0)
              out.prepend(
                notice(
                  'warn',
                  `${codes.length} units (rows ${run.rows[0]!.row}–${run.rows[codes.length - 1]!.row}) were registered before the refusal; the rest were not.`,
                ),
              );
            if (codes.length > 0) out.append(sheetLinks(codes));
            return;
          }
        }
        out.replaceChildren(
          notice('ok', `Registered ${codes.length} units: ${showCode(codes[0]!)} … ${showCode(codes.at(-1)!)}.`),
          h('h3', {}, 'Nameplate labels'),
          sheetLinks(codes),
        );
      },
    },
    field(
      'run-file',
      'Production run (CSV)',
      file,
      'Header: model, production_date, firmware, then <type>.serial, <type>.maker, <type>.lot for each key component — the same format as `hreg robots register --csv`. Every row is checked here before anything is sent.',
    ),
    h('button', { type: 'submit' }, 'Check and register'),
    progress,
    out,
  );
  return h('section', { 'aria-labelledby': 'run-h' }, h('h2', { id: 'run-h' }, 'Upload a production run'), form);
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
          out.replaceChildren(notice('ok', `Recorded ${plain(kind)} on ${showCode(c)}.`));
        } catch (err) {
          out.replaceChildren(problemView(err));
        }
      },
    },
    h('h3', {}, title),
    h('div', { class: 'fields' }, field(`${id}-code`, 'Identity code', code), ...extra),
    h('button', { type: 'submit' }, `Record ${plain(kind)}`),
    out,
  );
}

function serviceSection(): HTMLElement {
  const kind = h(
    'select',
    { id: 'sv-kind' },
    ['inspection', 'maintenance', 'repair', 'software_update'].map((k) => h('option', { value: k }, plain(k))),
  );
  const notes = text('sv-notes', { maxlength: 2000 });
  const fw = text('sv-fw', { maxlength: 100 });
  const recall = text('rr-id', { required: true, pattern: '[0-9a-fA-F-]{36}' });
  return h(
    'section',
    { 'aria-labelledby': 'svc-h' },
    h('h2', { id: 'svc-h' }, 'Service'),
    eventForm(
      'serviced',
      'Record service',
      [field('sv-kind', 'Kind of work', kind), field('sv-fw', 'Firmware after service', fw), field('sv-notes', 'Notes', notes)],
      () => ({
        kind: kind.value,
        ...(fw.value.trim() ? { firmware: fw.value.trim() } : {}),
        ...(notes.value.trim() ? { notes: notes.value.trim() } : {}),
      }),
    ),
    eventForm(
      'recall_remedied',
      'Record a recall remedy',
      [field('rr-id', 'Recall id', recall, "The recall's id, as the owner's notice or the recall page gives it.")],
      () => ({ recallId: recall.value.trim() }),
    ),
  );
}

function recyclerSection(): HTMLElement {
  const method = text('sc-method', { maxlength: 200, value: 'shredded; batteries to certified recycler' });
  return h(
    'section',
    { 'aria-labelledby': 'rec-h' },
    h('h2', { id: 'rec-h' }, 'Recycling'),
    eventForm('recycling_received', 'Receive a decommissioned robot', [], () => ({})),
    eventForm('scrapped', 'Scrap a robot', [field('sc-method', 'Method', method)], () =>
      method.value.trim() ? { method: method.value.trim() } : {},
    ),
  );
}

/** renderPortal shows the sections the participant's roles allow. */
export function renderPortal(main: HTMLElement, me: Participant | null): void {
  main.append(h('h1', {}, 'Portal'));
  if (!me) {
    main.append(
      notice('info', 'The portal is for manufacturers, service providers and recyclers. ', h('a', { href: '/signin' }, 'Sign in')),
    );
    return;
  }
  main.append(
    h(
      'p',
      { class: 'lede' },
      `${me.name}${me.enterpriseCode ? ` · enterprise code ${me.enterpriseCode}` : ''} · ${me.roles.map(plain).join(', ')}`,
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
  if (!any) main.append(notice('info', 'Your roles have no portal tasks; use the passport and the API.'));
}
