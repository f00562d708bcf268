// The township's month close on one screen: every official on post in the
// township with their attendance figures and the month's close. Rows at or
// above the policy's minimum are confirmed together (one confirmation naming
// how many); a row below it (a residence breach) is decided on its own, with
// its reason. Each close is one POST /api/tasks/:id/decision with its own
// Idempotency-Key, and each row shows its own outcome (a 409 included).
import { errorBox, h, link, select } from '../dom.js';
import { filterForm, confirmStep } from '../forms.js';
import { formatDate, getLang, label, place, t } from '../i18n.js';
import { Abort, load } from '../router.js';
import { ApiError } from '../session.js';

const MONTH = /^[0-9]{4}-(0[1-9]|1[0-2])$/;

/** @typedef {import('../types.js').MonthClose} MonthClose */
/** @typedef {import('../types.js').MonthCloseRow} MonthCloseRow */
/** @typedef {'empty' | 'ok' | 'below' | 'done'} RowState  see stateOf(); 'done' once sent */
/**
 * A row of the table: the API's row, its cells, and what its days say.
 * @typedef {object} CloseRow
 * @property {MonthCloseRow} row
 * @property {MonthCloseRow['task']} task
 * @property {boolean} decidable  an open close the actor decides
 * @property {HTMLTableRowElement} tr
 * @property {HTMLTableCellElement} outcome
 * @property {HTMLInputElement | null} days  the days typed, on a decidable row
 * @property {RowState} state
 */
/** @typedef {CloseRow & { task: import('../types.js').Task, days: HTMLInputElement }} OpenRow  a decidable row */

/** 2026-11 as 2026年11月 or November 2026. */
/** @param {string} month */
const monthName = (month) => {
  const [year, m] = month.split('-').map(Number);
  return getLang() === 'zh'
    ? `${year}年${m}月`
    : new Intl.DateTimeFormat('en-GB', { year: 'numeric', month: 'long', timeZone: 'UTC' }).format(
        Date.UTC(year, m - 1, 15),
      );
};

/** The shown month, those with closes still open, and the twelve months before the shown one. */
/** @param {MonthClose} data */
function monthChoices(data) {
  const [year, m] = data.month.split('-').map(Number);
  const months = new Set([data.month, ...data.openMonths]);
  for (let back = 1; back <= 12; back++) {
    const d = new Date(Date.UTC(year, m - 1 - back, 15));
    months.add(`${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`);
  }
  return [...months].sort().reverse();
}

export async function monthCloseView() {
  const q = new URLSearchParams(location.search);
  const month = MONTH.test(q.get('month') ?? '') ? q.get('month') : '';
  /** @type {MonthClose} */
  const data = await load(`/api/month-close${month ? `?month=${month}` : ''}`);

  // A list of months in the page's words (the browser's month picker speaks its own language).
  const monthInput = select(
    'month',
    monthChoices(data).map((m) => [m, monthName(m)]),
    data.month,
  );
  /** @type {import('../types.js').Child[]} */
  const out = [
    h('h1', {}, t('close.title')),
    h('p', { class: 'intro' }, t('close.intro')),
    filterForm({
      path: '/month-close',
      fields: [{ id: 'close-month', label: t('close.month'), control: monthInput, param: 'month' }],
      submitLabel: t('close.show'),
      ariaLabel: t('close.chooseMonth'),
    }),
  ];
  const otherOpen = data.openMonths.filter((m) => m !== data.month);
  if (otherOpen.length)
    out.push(
      h(
        'p',
        { class: 'note', id: 'close-open-months' },
        t('close.openMonths'),
        otherOpen.map((m, i) => [
          i ? t('ctx.listSep') : ' ',
          link(`/month-close?month=${m}`, monthName(m)),
        ]),
      ),
    );

  // Rows tell the bulk action when their days change (this page's own events).
  const changes = new EventTarget();
  const rows = data.rows.map((row) => closeRow(row, changes));
  // A decidable row has its task and its days input (closeRow).
  const open = rows.filter(/** @returns {r is OpenRow} */ (r) => r.decidable);
  const villages = new Set(data.rows.map((row) => row.village)).size;
  out.push(
    h(
      'p',
      { class: 'summary', id: 'close-summary' },
      t('close.summary', { month: monthName(data.month), villages, open: open.length }),
    ),
  );
  if (!rows.length) return [...out, h('p', { class: 'empty' }, t('close.empty'))];

  out.push(
    h(
      'table',
      { class: 'list', id: 'month-close' },
      h(
        'caption',
        { class: 'visually-hidden' },
        t('close.caption', { month: monthName(data.month) }),
      ),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          [
            'close.col.village',
            'close.col.official',
            'close.col.month',
            'close.col.figures',
            'close.col.days',
            'close.col.outcome',
          ].map((k) => h('th', { scope: 'col' }, t(k))),
        ),
      ),
      h(
        'tbody',
        {},
        rows.map((r) => r.tr),
      ),
    ),
  );
  if (open.length) out.push(bulkForm(open, changes));
  return out;
}

/**
 * One row: the official, the figures, and (for an open close the actor decides) the days.
 * @param {MonthCloseRow} row
 * @param {EventTarget} changes  told when the row's days change
 * @returns {CloseRow}
 */
function closeRow(row, changes) {
  const task = row.task;
  const decidable = Boolean(task && !task.closedAt && task.canDecide);
  const outcome = h('td', { 'data-label': t('close.col.outcome'), class: 'row-outcome' });
  const figures = [
    row.lastClosed
      ? t('close.lastClosed', { month: row.lastClosed.month, days: row.lastClosed.days })
      : t('close.noneClosed'),
    t('close.leaveAbsences', {
      leave: row.leaveDaysThisYear,
      absences: row.spotCheckAbsencesThisYear,
    }),
  ];
  // The official's own count: of an open close, their latest report; of a closed one, as kept.
  /** @type {Pick<NonNullable<MonthCloseRow['reported']>, 'days' | 'note'> | null} */
  const reported =
    row.reported ?? (row.recorded?.reported !== undefined ? { days: row.recorded.reported } : null);
  if (reported)
    figures.push(
      reported.note
        ? t('close.reportedNote', { days: reported.days, note: reported.note })
        : t('close.reported', { days: reported.days }),
    );
  else if (task && !task.closedAt) figures.push(t('close.notReported'));
  const tr = h('tr', {
    'data-official': row.officialId,
    ...(task ? { 'data-task-id': task.id } : {}),
  });
  /** @type {CloseRow} */
  const r = {
    row,
    task,
    decidable,
    tr,
    outcome,
    days: null,
    state: 'empty',
  };

  let daysCell;
  if (decidable) {
    const days = h('input', {
      type: 'number',
      name: 'days',
      min: 0,
      max: row.monthDays,
      step: 1,
      inputmode: 'numeric',
      class: 'days',
      ...(reported ? { placeholder: String(reported.days) } : {}),
      'aria-label': t('close.daysFor', { name: row.name }),
    });
    r.days = days;
    // Decidable: the row has its task, and now its days.
    const exception = exceptionForm(/** @type {OpenRow} */ (r));
    days.addEventListener('input', () => {
      r.state = stateOf(days.value, row);
      exception.hidden = r.state !== 'below';
      tr.classList.toggle('overdue', r.state === 'below');
      changes.dispatchEvent(new Event('change'));
    });
    daysCell = [
      days,
      h('span', { class: 'hint' }, ` ${t('close.minimum', { min: row.minimum })}`),
      exception,
    ];
  } else if (row.recorded) {
    daysCell = t('ctx.daysN', { n: row.recorded.days });
  } else daysCell = '–';

  if (!task) outcome.append(t('close.noClose'));
  else if (task.closedAt)
    outcome.append(
      row.recorded
        ? t(row.recorded.breach ? 'close.closedBreach' : 'close.closed', {
            days: row.recorded.days,
          })
        : label('outcome', task.outcome),
    );
  else if (!task.canDecide) outcome.append(t('close.notYours'));
  else outcome.append(t('close.waiting'));

  tr.append(
    h(
      'th',
      { scope: 'row', 'data-label': t('close.col.village') },
      place(row.village.split('/').at(-1)),
    ),
    h(
      'td',
      { 'data-label': t('close.col.official') },
      link(`/officials/${encodeURIComponent(row.officialId)}`, row.name),
      row.post ? h('div', { class: 'muted' }, label('post', row.post)) : null,
    ),
    h(
      'td',
      { 'data-label': t('close.col.month') },
      task
        ? [
            link(`/tasks/${encodeURIComponent(task.id)}`, t('ctx.monthN', { n: task.data?.month })),
            h('div', { class: 'muted' }, t('close.due', { at: formatDate(task.dueAt) })),
          ]
        : '–',
    ),
    h(
      'td',
      { 'data-label': t('close.col.figures') },
      figures.map((f) => h('div', {}, f)),
    ),
    h('td', { 'data-label': t('close.col.days') }, daysCell),
    outcome,
  );
  return r;
}

/**
 * 'ok' at or above the minimum, 'below' under it (a residence breach), 'empty' while not a whole number.
 * @param {string} value  the days as typed
 * @param {MonthCloseRow} row
 * @returns {RowState}
 */
function stateOf(value, row) {
  if (value.trim() === '') return 'empty';
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > row.monthDays) return 'empty';
  return n >= row.minimum ? 'ok' : 'below';
}

/**
 * Sends one close; the row shows what came of it.
 * @param {OpenRow} r
 * @param {string} comment
 */
async function decideRow(r, comment) {
  r.days.disabled = true;
  r.outcome.replaceChildren(h('span', { class: 'pending' }, t('task.submitting')));
  const days = Number(r.days.value);
  try {
    await load(`/api/tasks/${encodeURIComponent(r.task.id)}/decision`, {
      method: 'POST',
      body: { decision: 'approve', comment, days },
      // One key per close: a retry of this request acts once, and no other close shares it.
      headers: { 'idempotency-key': crypto.randomUUID() },
    });
    r.state = 'done';
    r.outcome.replaceChildren(
      h(
        'span',
        { class: 'done' },
        t(days < r.row.minimum ? 'close.closedBreach' : 'close.closed', { days }),
      ),
    );
    return true;
  } catch (err) {
    if (err instanceof Abort) throw err;
    const settled = err instanceof ApiError && (err.status === 409 || err.status === 403);
    if (settled) r.state = 'done';
    else r.days.disabled = false;
    r.outcome.replaceChildren(errorBox(err));
    return false;
  }
}

/**
 * The reason and the own decision of a row below the minimum.
 * @param {OpenRow} r
 */
function exceptionForm(r) {
  const reason = h('textarea', {
    name: 'reason',
    rows: 2,
    maxlength: 2000,
    'aria-label': t('close.reasonFor', { name: r.row.name }),
  });
  const status = h('div', { class: 'form-status' });
  const button = h('button', { type: 'submit', class: 'reject' }, t('close.decideBreach'));
  const form = h(
    'form',
    { class: 'exception', hidden: true },
    h('p', { class: 'note' }, t('close.breachNote', { min: r.row.minimum })),
    reason,
    h('div', { class: 'buttons' }, button),
    status,
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (!reason.value.trim()) {
      status.replaceChildren(
        h('div', { class: 'alert', role: 'alert' }, h('p', {}, t('close.reasonRequired'))),
      );
      reason.focus();
      return;
    }
    button.disabled = true;
    confirmStep(status, {
      warning: t('close.breachConsequence', { name: r.row.name, days: r.days.value }),
      confirmLabel: t('close.decideBreach'),
      onConfirm: async () => {
        status.replaceChildren();
        reason.disabled = true;
        if (await decideRow(r, reason.value.trim())) form.hidden = true;
        else if (r.state !== 'done') {
          reason.disabled = false;
          button.disabled = false;
        }
      },
      onCancel: () => {
        button.disabled = false;
      },
    });
  });
  return form;
}

/**
 * One action for every row at or above the minimum, after one confirmation naming how many.
 * @param {OpenRow[]} rows
 * @param {EventTarget} changes  told when a row's days change
 */
function bulkForm(rows, changes) {
  const status = h('div', { class: 'form-status', id: 'close-bulk-status' });
  const button = h('button', { type: 'submit', class: 'approve' });
  const ready = () => rows.filter((r) => r.state === 'ok');
  const refresh = () => {
    const n = ready().length;
    button.textContent = t('close.confirmOk', { n });
    button.disabled = n === 0;
  };
  refresh();
  changes.addEventListener('change', refresh);
  const form = h(
    'form',
    { class: 'card', id: 'close-bulk', 'aria-describedby': 'close-bulk-status' },
    h('p', { class: 'hint' }, t('close.bulkHint')),
    h('div', { class: 'buttons' }, button),
    status,
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const batch = ready();
    if (!batch.length) return;
    button.disabled = true;
    confirmStep(status, {
      warning: t('close.bulkConsequence', { n: batch.length, min: batch[0].row.minimum }),
      confirmLabel: t('close.confirmN', { n: batch.length }),
      onConfirm: async () => {
        status.replaceChildren(h('p', { class: 'pending' }, t('task.submitting')));
        let done = 0;
        // One request per close, one after another: each answers for its own row.
        for (const r of batch)
          if (await decideRow(r, t('close.bulkComment', { days: r.days.value }))) done += 1;
        status.replaceChildren(
          h(
            'p',
            { role: 'status', id: 'close-bulk-result' },
            t('close.bulkDone', { done, failed: batch.length - done }),
          ),
        );
        refresh();
      },
      onCancel: refresh,
    });
  });
  return form;
}
