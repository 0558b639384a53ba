/**
 * OTA campaigns (issue #15) for a manufacturer (its own) and the regulator
 * (all): the list, and one campaign's progress by model and by province; the
 * regulator acknowledges a safety-relevant campaign here.
 */
import { api, ApiError, type Participant } from '../api.ts';
import { bdi, dl, h, notice, table } from '../dom.ts';
import { minute, num, t } from '../i18n.ts';
import type { CampaignBody, CampaignProgressSchema } from '../../src/contract/software.ts';
import type { Static } from 'typebox';

type Progress = Static<typeof CampaignProgressSchema>;

const pct = (p: { completion: number }) => `${num(Math.round(p.completion * 1000) / 10)} %`;
const yes = (b: boolean) => (b ? t('web.campaigns.yes') : t('web.campaigns.no'));

function list(items: CampaignBody[]): HTMLElement {
  if (items.length === 0) return h('p', {}, t('web.campaigns.none'));
  return table(
    t('web.campaigns.caption'),
    [
      t('web.campaigns.models'),
      t('web.campaigns.versions'),
      t('web.campaigns.safety'),
      t('web.campaigns.cleared'),
      t('web.campaigns.filed'),
    ],
    items.map((c) => [
      h('a', { href: `/campaigns/${c.id}` }, bdi(`${c.enterprise}/${c.models.join(', ')}`)),
      bdi(`${c.fromVersions.join(', ')} → ${c.toVersion}`),
      yes(c.safetyRelevant),
      c.clearedAt ? minute(c.clearedAt) : '—',
      minute(c.filedAt),
    ]),
  );
}

function detail(c: Progress, me: Participant, reload: () => Promise<void>): HTMLElement {
  const ack =
    me.roles.includes('regulator') && c.safetyRelevant && !c.acknowledgedAt
      ? h(
          'button',
          {
            type: 'button',
            onclick: async () => {
              await api(`/v1/campaigns/${c.id}/acknowledge`, { method: 'POST' });
              await reload();
            },
          },
          t('web.campaigns.acknowledge'),
        )
      : null;
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'campaign-h' },
    h('h2', { id: 'campaign-h' }, bdi(`${c.enterprise}/${c.models.join(', ')}: ${c.fromVersions.join(', ')} → ${c.toVersion}`)),
    dl([
      [t('web.campaigns.safety'), yes(c.safetyRelevant)],
      [t('web.campaigns.summary'), bdi(c.safetySummary)],
      [t('web.campaigns.start'), minute(c.plannedStart)],
      [t('web.campaigns.acknowledged'), c.acknowledgedAt ? minute(c.acknowledgedAt) : t('web.campaigns.no')],
      [t('web.campaigns.cleared'), c.clearedAt ? minute(c.clearedAt) : '—'],
      [
        t('web.campaigns.total'),
        t('web.campaigns.totalValue', { units: c.totals.units, updated: c.totals.updated, completion: pct(c.totals) }),
      ],
    ]),
    ack,
    table(
      t('web.campaigns.byModel'),
      [t('web.campaigns.model'), t('web.campaigns.units'), t('web.campaigns.updated'), t('web.campaigns.completion')],
      c.byModel.map((m) => [bdi(m.model), num(m.units), num(m.updated), pct(m)]),
      { numeric: [1, 2, 3] },
    ),
    table(
      t('web.campaigns.byProvince'),
      [t('web.campaigns.province'), t('web.campaigns.units'), t('web.campaigns.updated'), t('web.campaigns.completion')],
      c.byProvince.map((m) => [bdi(m.province), num(m.units), num(m.updated), pct(m)]),
      { numeric: [1, 2, 3] },
    ),
  );
}

/** renderCampaigns shows the campaigns list, or one campaign with its progress. */
export async function renderCampaigns(main: HTMLElement, me: Participant | null, id: string | undefined): Promise<void> {
  main.append(h('h1', {}, t('web.page.campaigns')));
  if (!me || !(me.roles.includes('manufacturer') || me.roles.includes('regulator'))) {
    main.append(notice('info', t('web.campaigns.who')));
    return;
  }
  try {
    if (id) {
      const holder = h('div');
      const load = async () => holder.replaceChildren(detail(await api<Progress>(`/v1/campaigns/${id}`), me, load));
      await load();
      main.append(holder, h('p', {}, h('a', { href: '/campaigns' }, t('web.campaigns.back'))));
      return;
    }
    main.append(list((await api<{ items: CampaignBody[] }>('/v1/campaigns')).items));
  } catch (err) {
    if (err instanceof ApiError) main.append(notice('bad', err.message));
    else throw err;
  }
}
