// What the signed-in actor can do on one official's record: record a training,
// a health check or a spot-check absence; ask for leave and report the return;
// file a recall or adjustment request; ask for one's own recall; keep the
// official despite a recall ground. The API says which of these the actor may take on this official
// (`actions` of the record: the permission table's fact actions); the
// workflow decides whether the term is at a stage where each applies.
import { daysInput, field, h, select } from '../dom.js';
import { actionForm, valueOf } from '../forms.js';
import { formatDateTime, label, t } from '../i18n.js';
import { load, navigate } from '../router.js';
import { REQUEST_MATTERS } from '../vocabulary.js';

/** @param {'county' | 'pre_dispatch'} kind */
function trainingFields(kind) {
  const title = h('input', { type: 'text', name: 'title', required: true, maxlength: 200 });
  return {
    controls: [
      field(`training-title-${kind}`, t('do.training.title'), title, t('do.training.hint')),
    ],
    body: () => ({ kind, title: valueOf(title) }),
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
  const month = select(
    'month',
    months.map(({ month: m, task }) => [
      String(m),
      typeof task.data?.calendarMonth === 'string'
        ? t('do.attendance.monthOption', { month: m, calendarMonth: task.data.calendarMonth })
        : t('do.attendance.monthOptionPlain', { month: m }),
    ]),
    String(months[0]?.month ?? ''),
  );
  const days = daysInput(0, 31);
  const note = h('textarea', { name: 'note', rows: 2, maxlength: 1000 });
  const earlier = h('p', { class: 'hint', 'data-testid': 'attendance-reported' });
  // The month chosen shows what was reported of it, and starts from those days.
  const showReport = () => {
    const report = months.find((m) => String(m.month) === month.value)?.report;
    earlier.textContent = report
      ? t('do.attendance.reported', {
          days: report.params?.days,
          at: formatDateTime(report.at),
        })
      : '';
    days.value = report ? String(report.params?.days ?? '') : '';
  };
  month.addEventListener('change', showReport);
  showReport();
  return {
    controls: [
      field('attendance-month', t('do.attendance.month'), month),
      earlier,
      field('attendance-days', t('do.attendance.days'), days, t('do.attendance.daysHint')),
      field('attendance-note', t('do.attendance.note'), note),
    ],
    body: () => ({
      month: Number(month.value),
      days: Number(days.value),
      ...(valueOf(note) ? { note: valueOf(note) } : {}),
    }),
  };
}

/** The official's own request for their recall: its reasons, and what follows. */
function ownRecallFields() {
  const reasons = h('textarea', { name: 'reasons', rows: 3, required: true, maxlength: 2000 });
  return {
    controls: [
      field('own-recall-reasons', t('do.ownRecall.reasons'), reasons, t('do.ownRecall.hint')),
    ],
    body: () => ({ reasons: valueOf(reasons) }),
    consequence: () => t('do.ownRecall.consequence'),
  };
}

/** Each action: its API path under the official, its fields, and what sending it does. */
/**
 * @typedef {object} ActionSpec
 * @property {string} path  under /api/officials/{officialId}/
 * @property {(record: import('../types.js').OfficialDetail) => boolean} [applies]  whether it applies to the term now (default: yes)
 * @property {(record: import('../types.js').OfficialDetail) => { controls: import('../types.js').Child[], body: () => object, consequence?: () => string | null | undefined }} fields
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
    fields: () => {
      const fit = select(
        'fit',
        [
          ['true', t('do.health.fit')],
          ['false', t('do.health.unfit')],
        ],
        'true',
      );
      const note = h('textarea', { name: 'note', rows: 2, maxlength: 1000 });
      return {
        controls: [
          field('health-fit', t('do.health.result'), fit),
          field('health-note', t('do.health.note'), note),
        ],
        body: () => ({ fit: fit.value === 'true', note: valueOf(note) }),
        consequence: () => (fit.value === 'false' ? t('do.health.unfitConsequence') : null),
      };
    },
  },
  recordAbsence: {
    path: 'absences',
    fields: () => {
      const note = h('textarea', { name: 'note', rows: 2, required: true, maxlength: 1000 });
      return {
        controls: [field('absence-note', t('do.absence.note'), note, t('do.absence.hint'))],
        body: () => ({ note: valueOf(note) }),
        consequence: () => t('do.absence.consequence'),
      };
    },
  },
  requestLeave: {
    path: 'leave',
    fields: () => {
      const days = daysInput(1, 365);
      const reason = h('textarea', { name: 'reason', rows: 2, required: true, maxlength: 1000 });
      return {
        controls: [
          field('leave-days', t('do.leave.days'), days, t('do.leave.daysHint')),
          field('leave-reason', t('do.leave.reason'), reason),
        ],
        body: () => ({ days: Number(days.value), reason: valueOf(reason) }),
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
    fields: () => ({ controls: [h('p', {}, t('do.return.intro'))], body: () => ({}) }),
  },
  fileRequest: {
    path: 'requests',
    fields: () => {
      const matter = select(
        'matter',
        REQUEST_MATTERS.map((matter) => [matter, t(`do.request.${matter}`)]),
        'recall',
      );
      const reasons = h('textarea', { name: 'reasons', rows: 3, required: true, maxlength: 2000 });
      return {
        controls: [
          field('request-matter', t('do.request.matter'), matter),
          field('request-reasons', t('do.request.reasons'), reasons),
        ],
        body: () => ({ matter: matter.value, reasons: valueOf(reasons) }),
        consequence: () =>
          matter.value === 'recall'
            ? t('do.request.recallConsequence')
            : t('do.request.adjustmentConsequence'),
      };
    },
  },
  requestOwnRecall: { path: 'own-recall', fields: ownRecallFields },
  retryRecordWrite: {
    path: 'record/retry',
    fields: () => ({ controls: [h('p', {}, t('do.retry.intro'))], body: () => ({}) }),
  },
  recordRecallException: {
    path: 'recall-exception',
    fields: () => {
      const reason = h('textarea', { name: 'reason', rows: 3, required: true, maxlength: 2000 });
      return {
        controls: [field('exception-reason', t('do.exception.reason'), reason)],
        body: () => ({ reason: valueOf(reason) }),
        consequence: () => t('do.exception.consequence'),
      };
    },
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
    return h(
      'details',
      { class: 'action', 'data-action': operationId },
      h('summary', {}, title),
      actionForm({
        id: `action-${operationId}`,
        controls,
        submitLabel: title,
        consequence,
        send: (idempotencyKey) =>
          load(`/api/officials/${encodeURIComponent(officialId)}/${spec.path}`, {
            method: 'POST',
            body: body(),
            headers: { 'idempotency-key': idempotencyKey },
          }),
        done: (result) =>
          navigate(location.pathname, {
            replace: true,
            flash: t('do.done', { action: title, stage: label('stage', result.stage) }),
          }),
      }),
    );
  });
  return h(
    'section',
    { 'aria-labelledby': 'actions-h', class: 'actions' },
    h('h2', { id: 'actions-h' }, t('do.title')),
    ...forms,
  );
}
