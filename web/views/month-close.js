// The township's month close on one screen: every official on post in the
// township with their attendance figures and the month's close. Rows at or
// above the policy's minimum are confirmed together (one confirmation naming
// how many); a row below it (a residence breach) is decided on its own, with
// its reason. Each close is one POST /api/tasks/:id/decision with its own
// Idempotency-Key, and each row shows its own outcome (a 409 included).
import { confirmStep, filterForm, formValue } from '../actions.js';
import { formatDate, getLang, label, place, t } from '../i18n.js';
import { html, nothing, ref, render, repeat } from '../lit.js';
import { errorBox, field, link, select } from '../parts.js';
import { Abort, load } from '../router.js';
import { ApiError } from '../session.js';

const MONTH = /^[0-9]{4}-(0[1-9]|1[0-2])$/;

/** @typedef {import('../types.js').MonthClose} MonthClose */
/** @typedef {import('../types.js').MonthCloseRow} MonthCloseRow */
/** @typedef {'empty' | 'ok' | 'below' | 'done'} RowState  see stateOf(); 'done' once sent */
/**
 * A row of the table: the API's row, and what has come of it on this page.
 * Rows are re-rendered (lit) from these whenever one changes.
 * @typedef {object} CloseRow
 * @property {MonthCloseRow} row
 * @property {MonthCloseRow['task']} task
 * @property {boolean} decidable  an open close the actor decides
 * @property {RowState} state
 * @property {string} days  the days as typed, on a decidable row
 * @property {boolean} breach  the days typed are below the minimum (marks the row)
 * @property {boolean} sending  its close is on its way (the days locked)
 * @property {unknown} outcome  what came of sending its close; null before
 * @property {boolean} exception  the breach's own form is shown
 * @property {boolean} exceptionBusy  the breach's button is held (second step, sending)
 * @property {boolean} reasonLocked  the breach's reason is being sent
 */
/** @typedef {CloseRow & { task: import('../types.js').Task }} OpenRow  a decidable row */

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
  const monthOptions = monthChoices(data).map((m) => [m, monthName(m)]);
  const filters = filterForm({
    path: '/month-close',
    fields: [
      {
        param: 'month',
        field: field(
          { id: 'close-month', label: t('close.month') },
          select({ id: 'close-month', name: 'month', options: monthOptions, value: data.month }),
        ),
      },
    ],
    submitLabel: t('close.show'),
    ariaLabel: t('close.chooseMonth'),
  });
  const otherOpen = data.openMonths.filter((m) => m !== data.month);
  const openLinks = otherOpen.map(
    (m, i) => html`${i ? t('ctx.listSep') : ' '}${link(`/month-close?month=${m}`, monthName(m))}`,
  );

  /** @type {CloseRow[]} */
  const rows = data.rows.map((row) => {
    const task = row.task;
    return {
      row,
      task,
      decidable: Boolean(task && !task.closedAt && task.canDecide),
      state: 'empty',
      days: '',
      breach: false,
      sending: false,
      outcome: null,
      exception: false,
      exceptionBusy: false,
      reasonLocked: false,
    };
  });
  // A decidable row has its task (see above).
  const open = rows.filter(/** @returns {r is OpenRow} */ (r) => r.decidable);
  const villages = new Set(data.rows.map((row) => row.village)).size;
  const summary = t('close.summary', { month: monthName(data.month), villages, open: open.length });
  return html`<h1>${t('close.title')}</h1>
    <p class="intro">${t('close.intro')}</p>
    ${filters}
    ${otherOpen.length
      ? html`<p class="note" id="close-open-months">${t('close.openMonths')}${openLinks}</p>`
      : nothing}
    <p class="summary" id="close-summary">${summary}</p>
    ${rows.length ? closeTable(data, rows, open) : html`<p class="empty">${t('close.empty')}</p>`}`;
}

/**
 * The table and the bulk action. Their changing parts (the rows, the bulk
 * button) are rendered (lit) into their elements from the rows' state, again
 * after each change.
 * @param {MonthClose} data
 * @param {CloseRow[]} rows
 * @param {OpenRow[]} open
 */
function closeTable(data, rows, open) {
  /** @type {HTMLElement | undefined} */
  let body;
  /** @type {HTMLElement | undefined} */
  let buttons;
  const bulk = { busy: false };
  const update = () => {
    if (body)
      render(
        repeat(
          rows,
          (r, i) => r.task?.id ?? `${r.row.officialId}#${i}`,
          (r) => closeRow(r, update),
        ),
        body,
      );
    if (buttons) render(bulkButton(open, bulk), buttons);
  };
  /** @param {Element | undefined} el */
  const mountBody = (el) => {
    body = /** @type {HTMLElement | undefined} */ (el);
    update();
  };
  /** @param {Element | undefined} el */
  const mountButtons = (el) => {
    buttons = /** @type {HTMLElement | undefined} */ (el);
    update();
  };
  const heads = [
    'close.col.village',
    'close.col.official',
    'close.col.month',
    'close.col.figures',
    'close.col.days',
    'close.col.outcome',
  ].map((k) => html`<th scope="col">${t(k)}</th>`);
  const caption = t('close.caption', { month: monthName(data.month) });
  return html`<table class="list" id="month-close">
      <caption class="visually-hidden">
        ${caption}
      </caption>
      <thead>
        <tr>
          ${heads}
        </tr>
      </thead>
      <tbody ${ref(mountBody)}></tbody>
    </table>
    ${open.length ? bulkForm(open, bulk, update, mountButtons) : nothing}`;
}

/**
 * One row: the official, the figures, and (for an open close the actor decides) the days.
 * @param {CloseRow} r
 * @param {() => void} update  re-renders the rows after a change
 */
function closeRow(r, update) {
  const { row, task } = r;
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

  let daysCell;
  if (r.decidable) {
    const openRow = /** @type {OpenRow} */ (r);
    /** @param {InputEvent} e */
    const onInput = (e) => {
      r.days = /** @type {HTMLInputElement} */ (e.currentTarget).value;
      r.state = stateOf(r.days, row);
      r.exception = r.state === 'below';
      r.breach = r.state === 'below';
      update();
    };
    const input = html`<input
      type="number"
      name="days"
      min="0"
      max=${row.monthDays}
      step="1"
      inputmode="numeric"
      class="days"
      placeholder=${reported ? String(reported.days) : nothing}
      aria-label=${t('close.daysFor', { name: row.name })}
      ?disabled=${r.sending || r.state === 'done'}
      @input=${onInput}
    />`;
    const minimum = html`<span class="hint"> ${t('close.minimum', { min: row.minimum })}</span>`;
    daysCell = html`${input}${minimum}${exceptionForm(openRow, update)}`;
  } else if (row.recorded) {
    daysCell = t('ctx.daysN', { n: row.recorded.days });
  } else daysCell = '–';

  const outcome = r.outcome ?? outcomeText(r);
  const monthCell = task
    ? html`${link(
          `/tasks/${encodeURIComponent(task.id)}`,
          t('ctx.monthN', { n: task.data?.month }),
        )}
        <div class="muted">${t('close.due', { at: formatDate(task.dueAt) })}</div>`
    : '–';
  const post = row.post ? html`<div class="muted">${label('post', row.post)}</div>` : nothing;
  const officialLink = link(`/officials/${encodeURIComponent(row.officialId)}`, row.name);
  const village = place(row.village.split('/').at(-1));
  return html`<tr
    data-official=${row.officialId}
    data-task-id=${task ? task.id : nothing}
    class=${r.breach ? 'overdue' : nothing}
  >
    <th scope="row" data-label=${t('close.col.village')}>${village}</th>
    <td data-label=${t('close.col.official')}>${officialLink}${post}</td>
    <td data-label=${t('close.col.month')}>${monthCell}</td>
    <td data-label=${t('close.col.figures')}>${figures.map((f) => html`<div>${f}</div>`)}</td>
    <td data-label=${t('close.col.days')}>${daysCell}</td>
    <td data-label=${t('close.col.outcome')} class="row-outcome">${outcome}</td>
  </tr>`;
}

/**
 * A row's outcome before anything is sent from this page.
 * @param {CloseRow} r
 */
function outcomeText({ row, task }) {
  if (!task) return t('close.noClose');
  if (task.closedAt)
    return row.recorded
      ? t(row.recorded.breach ? 'close.closedBreach' : 'close.closed', { days: row.recorded.days })
      : label('outcome', task.outcome);
  if (!task.canDecide) return t('close.notYours');
  return t('close.waiting');
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
 * @param {() => void} update
 */
async function decideRow(r, comment, update) {
  r.sending = true;
  r.outcome = html`<span class="pending">${t('task.submitting')}</span>`;
  update();
  const days = Number(r.days);
  try {
    await load(`/api/tasks/${encodeURIComponent(r.task.id)}/decision`, {
      method: 'POST',
      body: { decision: 'approve', comment, days },
      // One key per close: a retry of this request acts once, and no other close shares it.
      headers: { 'idempotency-key': crypto.randomUUID() },
    });
    r.state = 'done';
    const closed = t(days < r.row.minimum ? 'close.closedBreach' : 'close.closed', { days });
    r.outcome = html`<span class="done">${closed}</span>`;
    return true;
  } catch (err) {
    if (err instanceof Abort) throw err;
    const settled = err instanceof ApiError && (err.status === 409 || err.status === 403);
    if (settled) r.state = 'done';
    r.outcome = errorBox(err);
    return false;
  } finally {
    r.sending = false;
    update();
  }
}

/**
 * The reason and the own decision of a row below the minimum.
 * @param {OpenRow} r
 * @param {() => void} update
 */
function exceptionForm(r, update) {
  /** @param {SubmitEvent} e */
  const onSubmit = (e) => {
    e.preventDefault();
    const form = /** @type {HTMLFormElement} */ (e.currentTarget);
    const status = /** @type {HTMLElement} */ (form.querySelector('.form-status'));
    if (!formValue(form, 'reason')) {
      render(
        html`<div class="alert" role="alert"><p>${t('close.reasonRequired')}</p></div>`,
        status,
      );
      /** @type {HTMLTextAreaElement} */ (form.elements.namedItem('reason')).focus();
      return;
    }
    r.exceptionBusy = true;
    update();
    confirmStep(status, {
      warning: t('close.breachConsequence', { name: r.row.name, days: r.days }),
      confirmLabel: t('close.decideBreach'),
      onConfirm: async () => {
        render(nothing, status);
        r.reasonLocked = true;
        if (await decideRow(r, formValue(form, 'reason'), update)) r.exception = false;
        else if (r.state !== 'done') {
          r.reasonLocked = false;
          r.exceptionBusy = false;
        }
        update();
      },
      onCancel: () => {
        r.exceptionBusy = false;
        update();
      },
    });
  };
  const text = t('close.decideBreach');
  // One line: the button's text is its whole textContent, no space around it.
  // prettier-ignore
  const button = html`<button type="submit" class="reject" ?disabled=${r.exceptionBusy}>${text}</button>`;
  return html`<form class="exception" ?hidden=${!r.exception} @submit=${onSubmit}>
    <p class="note">${t('close.breachNote', { min: r.row.minimum })}</p>
    <textarea
      name="reason"
      rows="2"
      maxlength="2000"
      aria-label=${t('close.reasonFor', { name: r.row.name })}
      ?disabled=${r.reasonLocked}
    ></textarea>
    <div class="buttons">${button}</div>
    <div class="form-status"></div>
  </form>`;
}

/**
 * The bulk action's button: how many rows it confirms, held while none or while sending.
 * @param {OpenRow[]} rows
 * @param {{ busy: boolean }} bulk
 */
function bulkButton(rows, bulk) {
  const n = ready(rows).length;
  const text = t('close.confirmOk', { n });
  // One line: the button's text is its whole textContent, no space around it.
  // prettier-ignore
  return html`<button type="submit" class="approve" ?disabled=${bulk.busy || n === 0}>${text}</button>`;
}

/** The rows the bulk action confirms: at or above the minimum. @param {OpenRow[]} rows */
const ready = (rows) => rows.filter((r) => r.state === 'ok');

/**
 * One action for every row at or above the minimum, after one confirmation naming how many.
 * @param {OpenRow[]} rows
 * @param {{ busy: boolean }} bulk
 * @param {() => void} update  re-renders the rows and the bulk button
 * @param {(el: Element | undefined) => void} mountButtons  where the button is rendered
 */
function bulkForm(rows, bulk, update, mountButtons) {
  /** @param {SubmitEvent} e */
  const onSubmit = (e) => {
    e.preventDefault();
    const form = /** @type {HTMLFormElement} */ (e.currentTarget);
    const status = /** @type {HTMLElement} */ (form.querySelector('#close-bulk-status'));
    const batch = ready(rows);
    if (!batch.length) return;
    bulk.busy = true;
    update();
    confirmStep(status, {
      warning: t('close.bulkConsequence', { n: batch.length, min: batch[0].row.minimum }),
      confirmLabel: t('close.confirmN', { n: batch.length }),
      onConfirm: async () => {
        render(html`<p class="pending">${t('task.submitting')}</p>`, status);
        let done = 0;
        // One request per close, one after another: each answers for its own row.
        for (const r of batch)
          if (await decideRow(r, t('close.bulkComment', { days: r.days }), update)) done += 1;
        const result = t('close.bulkDone', { done, failed: batch.length - done });
        render(html`<p role="status" id="close-bulk-result">${result}</p>`, status);
        bulk.busy = false;
        update();
      },
      onCancel: () => {
        bulk.busy = false;
        update();
      },
    });
  };
  return html`<form
    class="card"
    id="close-bulk"
    aria-describedby="close-bulk-status"
    @submit=${onSubmit}
  >
    <p class="hint">${t('close.bulkHint')}</p>
    <div class="buttons" ${ref(mountButtons)}></div>
    <div class="form-status" id="close-bulk-status"></div>
  </form>`;
}
