import { RegistryError } from '../../errors.ts';
import { msg } from '../../i18n/message.ts';
import { must } from '../../must.ts';
import type { Tx } from '../../store/store.ts';

/**
 * linkCampaign names an OTA campaign as a recall's remedy (issue #15): the
 * campaign is one of the recall's maker, and the recall's remedy is a software
 * update. From then on a unit of the recall that reports the campaign's target
 * version is remedied without a shop visit (software-events.ts).
 */
export async function linkCampaign<R extends { id: string; enterprise_code: string | null; remedy: string }>(
  tx: Pick<Tx, 'query'>,
  recall: R,
  campaignId: string,
): Promise<R> {
  const [c] = await tx.query<{ enterprise_code: string }>('SELECT enterprise_code FROM ota_campaigns WHERE id = $1', [campaignId]);
  if (!c || c.enterprise_code !== recall.enterprise_code) {
    throw new RegistryError(
      'INVALID_ARGUMENT',
      msg('problem.software.recallCampaign', { campaign: campaignId, enterprise: recall.enterprise_code ?? '—' }),
      {
        errors: [{ field: 'body.campaignId', message: "not a campaign of the recall's maker" }],
      },
    );
  }
  if (recall.remedy !== 'software_update') {
    throw new RegistryError('INVALID_ARGUMENT', msg('problem.software.recallRemedy'), {
      errors: [{ field: 'body.remedy', message: 'software_update with a campaign' }],
    });
  }
  const [row] = await tx.query<R>('UPDATE recalls SET campaign_id = $2 WHERE id = $1 RETURNING *', [recall.id, campaignId]);
  return must(row, 'the recall just issued');
}
