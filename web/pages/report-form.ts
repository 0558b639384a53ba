/**
 * The public report form of the verify page (issue #16, item 4): anyone files a safety report
 * or complaint about a unit. The page fetches a challenge, does the proof of work in the
 * browser (showing progress), then files the report; each refusal gets its own plain answer.
 */
import type { Static } from 'typebox';
import type { FiledReportSchema, ReportChallengeSchema } from '../../src/contract/reports.ts';
import { MAX_CONTACT, MAX_DESCRIPTION, MAX_PHOTO_BYTES, REPORT_CATEGORIES } from '../../src/report/categories.ts';
import type { MessageKey } from '../../src/i18n/catalogue.ts';
import { api, ApiError } from '../api.ts';
import { h, notice } from '../dom.ts';
import { gap, t } from '../i18n.ts';
import { canWork, solveWork } from '../proof-of-work.ts';

type FiledReport = Static<typeof FiledReportSchema>;
type ReportChallenge = Static<typeof ReportChallengeSchema>;

/** field is a labelled control with an optional hint. */
function field(id: string, label: string, control: HTMLElement, hint?: string): HTMLElement {
  return h(
    'div',
    { class: 'field' },
    h('label', { for: id }, label),
    control,
    hint ? h('p', { class: 'hint', id: `${id}-hint` }, hint) : null,
  );
}

/** base64Of reads a file as base64 (without the data: prefix). */
function base64Of(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

/** refusal says in plain words why a report was not taken. */
function refusal(e: ApiError): HTMLElement {
  const p = e.problem;
  const said: Partial<Record<string, string>> = {
    REPORT_FLOOD: t('web.reportForm.flood'),
    PHOTO_TOO_LARGE: `${t('web.report.photoTooLarge')}${gap()}${t('web.reportForm.tooLargeDetail', { max: MAX_PHOTO_BYTES })}`,
    PHOTO_NOT_IMAGE: t('web.reportForm.notImage'),
    REPORT_CHALLENGE_FAILED: t('web.reportForm.challenge'),
  };
  return notice(
    'bad',
    h('strong', {}, t('web.reportForm.failed')),
    gap(),
    h('span', { 'data-problem': p.code }, said[p.code] ?? p.detail ?? t('web.error.generic')),
  );
}

/** reportForm is the form under a verified unit; code is the unit's compact code. */
export function reportForm(code: string): HTMLElement {
  const category = h(
    'select',
    { id: 'report-category', name: 'category', required: true },
    h('option', { value: '' }, t('web.reportForm.choose')),
    REPORT_CATEGORIES.map((c) => h('option', { value: c }, t(`report.category.${c}` as MessageKey))),
  );
  const description = h('textarea', {
    id: 'report-description',
    name: 'description',
    required: true,
    rows: 4,
    maxlength: MAX_DESCRIPTION,
    'aria-describedby': 'report-description-hint',
  });
  const contact = h('input', { id: 'report-contact', name: 'contact', type: 'text', maxlength: MAX_CONTACT, autocomplete: 'email' });
  const photo = h('input', { id: 'report-photo', name: 'photo', type: 'file', accept: 'image/jpeg,image/png,image/webp' });
  const submit = h('button', { type: 'submit' }, t('web.report.submit'));
  const status = h('div', { id: 'report-status', 'aria-live': 'polite' });
  const form: HTMLFormElement = h(
    'form',
    {
      id: 'report-form',
      onsubmit: (e: Event) => {
        e.preventDefault();
        void send();
      },
    },
    field('report-category', t('web.report.category'), category),
    field('report-description', t('web.report.description'), description, t('web.reportForm.descriptionHint', { max: MAX_DESCRIPTION })),
    field('report-contact', t('web.report.contact'), contact),
    field('report-photo', t('web.report.photo'), photo),
    submit,
  );

  async function send(): Promise<void> {
    if (!canWork()) {
      status.replaceChildren(notice('bad', t('web.reportForm.noCrypto')));
      return;
    }
    const file = photo.files?.[0];
    if (file && file.size > MAX_PHOTO_BYTES) {
      // Refused here as the registry would refuse it (PHOTO_TOO_LARGE), without spending the upload.
      status.replaceChildren(refusal(new ApiError({ status: 413, code: 'PHOTO_TOO_LARGE' })));
      return;
    }
    submit.disabled = true;
    const progress = h('progress', { id: 'report-progress', 'aria-label': t('web.report.working') });
    const said = h('span', {}, t('web.report.working'));
    status.replaceChildren(notice('info', said, h('br'), progress));
    try {
      const ch = await api<ReportChallenge>(`/v1/robots/${encodeURIComponent(code)}/reports/challenge`, { token: null });
      const work = await solveWork(ch.challenge, ch.bits, (tries) => {
        said.textContent = t('web.reportForm.progress', { tries });
        // Expected tries are 2^bits; the bar approaches its end without claiming to know when it is done.
        progress.max = 1;
        progress.value = 1 - 2 ** (-tries / 2 ** ch.bits);
      });
      said.textContent = t('web.reportForm.sending');
      const body = {
        category: category.value,
        description: description.value,
        ...(contact.value.trim() ? { contact: contact.value.trim() } : {}),
        ...(file ? { photo: await base64Of(file) } : {}),
        challenge: ch.challenge,
        work,
      };
      const filed = await api<FiledReport>(`/v1/robots/${encodeURIComponent(code)}/reports`, { method: 'POST', body });
      form.reset();
      status.replaceChildren(
        notice(
          'ok',
          h('strong', { 'data-report': filed.id }, t('web.report.sent', { id: filed.id })),
          gap(),
          t('web.reportForm.sentDetail', { digest: filed.digest.slice(0, 16) }),
        ),
      );
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      status.replaceChildren(refusal(e));
    } finally {
      submit.disabled = false;
    }
  }

  return h(
    'section',
    { class: 'card report', 'aria-labelledby': 'report-h' },
    h('h2', { id: 'report-h' }, t('web.report.heading')),
    h('p', { class: 'hint' }, t('web.report.intro')),
    form,
    status,
  );
}
