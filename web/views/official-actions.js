// What the signed-in actor can do on one official's record: record a training,
// a health check or a spot-check absence; ask for leave and report the return;
// file a recall or adjustment request; ask for one's own recall; keep the
// official despite a recall ground. The API says which of these the actor
// may take on this official (`actions` of the record: the permission table's fact actions); the
// workflow decides whether the term is at a stage where each applies.
import { actionForm, formValue } from '../actions.js';
import { formatDateTime, label, t } from '../i18n.js';
import { html } from '../lit.js';
import { daysInput, describedBy, field, select, stateful } from '../parts.js';
import { load, navigate } from '../router.js';
import { REQUEST_MATTERS } from '../vocabulary.js';

/**
 * A text area of an action's form.
 * @param {{ id: string, name: string, rows: number, maxlength: number, required?: boolean, hint?: string }} spec
 */
const textArea = ({ id, name, rows, maxlength, required = false, hint }) =>
  html`<textarea
    id=${id}
    name=${name}
    rows=${rows}
    maxlength=${maxlength}
    ?required=${required}
    aria-describedby=${describedBy(id, hint)}
  ></textarea>`;

/** @param {'county' | 'pre_dispatch'} kind */
function trainingFields(kind) {
  const id = `training-title-${kind}`;
  const hint = t('do.training.hint');
  return {
    controls: field(
      { id, label: t('do.training.title'), hint },
      html`<input
        type="text"
        id=${id}
        name="title"
        required
        maxlength="200"
        aria-describedby=${describedBy(id, hint)}
      />`,
    ),
    body: (/** @type {HTMLFormElement} */ form) => ({ kind, title: formValue(form, 'title') }),
  };
}

/**
 * The months whose close is open, each with the official's latest report of it (from the log).
 * @param {import('../types.js').OfficialDetail} record
 */
function openMonths(record) {
  return (record.openTasks ?? [])
    .filter((task) => task.kind === 'close_attendance')
    .map((task) => {
      const reports = record.timeline.filter(
        (e) => e.action === 'attendance_reported' && e.taskId === task.id,
      );
      return { task, month: Number(task.data?.month), report: reports[reports.length - 1] };
    })
    .sort((a, b) => a.month - b.month);
}

/** @param {import('../types.js').OfficialDetail} record */
function attendanceFields(record) {
  const months = openMonths(record);
  /** @param {string} month */
  const reportOf = (month) => months.find((m) => String(m.month) === month)?.report;
  /** @param {string} month */
  const daysOf = (month) => String(reportOf(month)?.params?.days ?? '');
  const first = String(months[0]?.month ?? '');
  // The month chosen shows what was reported of it, and starts from those days.
  /** @type {(month: string) => void} */
  let showReport = () => {};
  const reported = stateful({ month: first }, ({ month }, update) => {
    showReport = (next) => update({ month: next });
    const report = reportOf(month);
    return report
      ? t('do.attendance.reported', { days: report.params?.days, at: formatDateTime(report.at) })
      : '';
  });
  /** @param {Event} e */
  const onMonth = (e) => {
    const month = /** @type {HTMLSelectElement} */ (e.currentTarget);
    showReport(month.value);
    const days = month.form?.elements.namedItem('days');
    if (days instanceof HTMLInputElement) days.value = daysOf(month.value);
  };
  const options = months.map(({ month: m, task }) => [
    String(m),
    typeof task.data?.calendarMonth === 'string'
      ? t('do.attendance.monthOption', { month: m, calendarMonth: task.data.calendarMonth })
      : t('do.attendance.monthOptionPlain', { month: m }),
  ]);
  const daysHint = t('do.attendance.daysHint');
  return {
    controls: html`${field(
        { id: 'attendance-month', label: t('do.attendance.month') },
        html`<select id="attendance-month" name="month" @change=${onMonth}>
          ${options.map(
            ([value, text]) =>
              html`<option value=${value} ?selected=${value === first}>${text}</option>`,
          )}
        </select>`,
      )}
      <p class="hint" data-testid="attendance-reported" ${reported}></p>
      ${field(
        { id: 'attendance-days', label: t('do.attendance.days'), hint: daysHint },
        daysInput({ id: 'attendance-days', min: 0, max: 31, value: daysOf(first), hint: daysHint }),
      )}
      ${field(
        { id: 'attendance-note', label: t('do.attendance.note') },
        textArea({ id: 'attendance-note', name: 'note', rows: 2, maxlength: 1000 }),
      )}`,
    body: (/** @type {HTMLFormElement} */ form) => ({
      month: Number(formValue(form, 'month')),
      days: Number(formValue(form, 'days')),
      ...(formValue(form, 'note') ? { note: formValue(form, 'note') } : {}),
    }),
  };
}

/** The official's own request for their recall: its reasons, and what follows. */
function ownRecallFields() {
  const hint = t('do.ownRecall.hint');
  return {
    controls: field(
      { id: 'own-recall-reasons', label: t('do.ownRecall.reasons'), hint },
      textArea({
        id: 'own-recall-reasons',
        name: 'reasons',
        rows: 3,
        required: true,
        maxlength: 2000,
        hint,
      }),
    ),
    body: (/** @type {HTMLFormElement} */ form) => ({ reasons: formValue(form, 'reasons') }),
    consequence: () => t('do.ownRecall.consequence'),
  };
}

/** Each action: its API path under the official, its fields, and what sending it does. */
/**
 * @typedef {object} ActionSpec
 * @property {string} path  under /api/officials/{officialId}/
 * @property {(record: import('../types.js').OfficialDetail) => boolean} [applies]  whether it applies to the term now (default: yes)
 * @property {(record: import('../types.js').OfficialDetail) => { controls: unknown, body: (form: HTMLFormElement) => object, consequence?: (form: HTMLFormElement) => string | null | undefined }} fields
 */
/** @type {Partial<Record<import('../types.js').Me['actions'][number]['action'], ActionSpec>>} */
const ACTIONS = {
  recordCountyTraining: {
    path: 'trainings',
    fields: () => trainingFields('county'),
  },
  recordPreDispatchTraining: {
    path: 'trainings',
    fields: () => trainingFields('pre_dispatch'),
  },
  recordHealthCheck: {
    path: 'health-checks',
    fields: () => ({
      controls: html`${field(
        { id: 'health-fit', label: t('do.health.result') },
        select({
          id: 'health-fit',
          name: 'fit',
          options: [
            ['true', t('do.health.fit')],
            ['false', t('do.health.unfit')],
          ],
          value: 'true',
        }),
      )}
      ${field(
        { id: 'health-note', label: t('do.health.note') },
        textArea({ id: 'health-note', name: 'note', rows: 2, maxlength: 1000 }),
      )}`,
      body: (form) => ({ fit: formValue(form, 'fit') === 'true', note: formValue(form, 'note') }),
      consequence: (form) =>
        formValue(form, 'fit') === 'false' ? t('do.health.unfitConsequence') : null,
    }),
  },
  recordAbsence: {
    path: 'absences',
    fields: () => {
      const hint = t('do.absence.hint');
      return {
        controls: field(
          { id: 'absence-note', label: t('do.absence.note'), hint },
          textArea({
            id: 'absence-note',
            name: 'note',
            rows: 2,
            required: true,
            maxlength: 1000,
            hint,
          }),
        ),
        body: (form) => ({ note: formValue(form, 'note') }),
        consequence: () => t('do.absence.consequence'),
      };
    },
  },
  requestLeave: {
    path: 'leave',
    fields: () => {
      const hint = t('do.leave.daysHint');
      return {
        controls: html`${field(
          { id: 'leave-days', label: t('do.leave.days'), hint },
          daysInput({ id: 'leave-days', min: 1, max: 365, hint }),
        )}
        ${field(
          { id: 'leave-reason', label: t('do.leave.reason') },
          textArea({
            id: 'leave-reason',
            name: 'reason',
            rows: 2,
            required: true,
            maxlength: 1000,
          }),
        )}`,
        body: (form) => ({
          days: Number(formValue(form, 'days')),
          reason: formValue(form, 'reason'),
        }),
      };
    },
  },
  reportAttendance: {
    path: 'attendance-reports',
    // Only while a month waits for the township's close.
    applies: (record) => openMonths(record).length > 0,
    fields: attendanceFields,
  },
  reportReturnFromLeave: {
    path: 'leave/return',
    fields: () => ({ controls: html`<p>${t('do.return.intro')}</p>`, body: () => ({}) }),
  },
  fileRequest: {
    path: 'requests',
    fields: () => ({
      controls: html`${field(
        { id: 'request-matter', label: t('do.request.matter') },
        select({
          id: 'request-matter',
          name: 'matter',
          options: REQUEST_MATTERS.map((matter) => [matter, t(`do.request.${matter}`)]),
          value: 'recall',
        }),
      )}
      ${field(
        { id: 'request-reasons', label: t('do.request.reasons') },
        textArea({
          id: 'request-reasons',
          name: 'reasons',
          rows: 3,
          required: true,
          maxlength: 2000,
        }),
      )}`,
      body: (form) => ({ matter: formValue(form, 'matter'), reasons: formValue(form, 'reasons') }),
      consequence: (form) =>
        formValue(form, 'matter') === 'recall'
          ? t('do.request.recallConsequence')
          : t('do.request.adjustmentConsequence'),
    }),
  },
  requestOwnRecall: { path: 'own-recall', fields: ownRecallFields },
  retryRecordWrite: {
    path: 'record/retry',
    fields: () => ({ controls: html`<p>${t('do.retry.intro')}</p>`, body: () => ({}) }),
  },
  recordRecallException: {
    path: 'recall-exception',
    fields: () => ({
      controls: field(
        { id: 'exception-reason', label: t('do.exception.reason') },
        textArea({
          id: 'exception-reason',
          name: 'reason',
          rows: 3,
          required: true,
          maxlength: 2000,
        }),
      ),
      body: (form) => ({ reason: formValue(form, 'reason') }),
      consequence: () => t('do.exception.consequence'),
    }),
  },
};

/** The actions section of an official's record, or null when the actor may take none. */
/** @param {import('../types.js').OfficialDetail} record */
export function officialActions(record) {
  const allowed = (record.actions ?? []).filter(
    (a) => ACTIONS[a] !== undefined && (ACTIONS[a].applies?.(record) ?? true),
  );
  if (!allowed.length) return null;
  const officialId = record.official.officialId;
  const forms = allowed.map((operationId) => {
    const spec = /** @type {ActionSpec} */ (ACTIONS[operationId]); // in ACTIONS, as filtered
    const { controls, body, consequence } = spec.fields(record);
    const title = t(`do.${operationId}`);
    return html`<details class="action" data-action=${operationId}>
      <summary>${title}</summary>
      ${actionForm({
        id: `action-${operationId}`,
        controls,
        submitLabel: title,
        consequence,
        send: (idempotencyKey, form) =>
          load(`/api/officials/${encodeURIComponent(officialId)}/${spec.path}`, {
            method: 'POST',
            body: body(form),
            headers: { 'idempotency-key': idempotencyKey },
          }),
        done: (result) =>
          navigate(location.pathname, {
            replace: true,
            flash: t('do.done', { action: title, stage: label('stage', result.stage) }),
          }),
      })}
    </details>`;
  });
  return html`<section aria-labelledby="actions-h" class="actions">
    <h2 id="actions-h">${t('do.title')}</h2>
    ${forms}
  </section>`;
}
