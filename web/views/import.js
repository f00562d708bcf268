// Importing officials already on post, for the regional administrator: choose
// the region's file (CSV or .xlsx), check it (every problem as a row of a
// table, in the page's language, from its code), then import it and follow
// its progress. The file goes as the request body, as it is.
import { t } from '../i18n.js';
import { html, nothing, ref, render } from '../lit.js';
import { describedBy, errorBox, field } from '../parts.js';
import { Abort, load, signOut } from '../router.js';
import { ApiError, session } from '../session.js';
// The file's columns, in the sample file's order (operations/import-file.ts).
import { IMPORT_COLUMNS } from '../vocabulary.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const POLL_MS = 1_000;

/**
 * Kept across renders, so that switching the language redraws the same report.
 * `importKey` is the Idempotency-Key of importing the checked file: one per
 * file checked, so a second click or a retry after a lost answer imports once.
 * @type {{
 *   file: File | null,
 *   report: import('../types.js').ImportCheckReport | null,
 *   importKey: string | null,
 *   importId: string | null,
 *   progress: import('../types.js').ImportProgress | null,
 *   error: unknown,
 * }}
 */
const state = {
  file: null,
  report: null,
  importKey: null,
  importId: null,
  progress: null,
  error: null,
};

/** @param {File} file */
const typeOf = (file) => (/\.xlsx$/i.test(file.name) ? XLSX : 'text/csv');

/**
 * Sends the file as the request body; the API's refusals as ApiError, as load() gives them.
 * @param {string} path
 * @param {File} file
 * @param {string} [idempotencyKey]
 * @returns {Promise<any>}  the answer, typed by the caller
 */
async function upload(path, file, idempotencyKey) {
  let res;
  try {
    res = await fetch(`${path}?name=${encodeURIComponent(file.name.slice(-100))}`, {
      method: 'POST',
      headers: {
        accept: 'application/json',
        authorization: `Bearer ${session.token}`,
        'content-type': typeOf(file),
        ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
      },
      body: file,
    });
  } catch {
    throw new ApiError(0, 'network', '');
  }
  const data = await res.json().catch(() => null);
  if (res.status === 401) {
    signOut(t('signIn.expired'));
    throw new Abort();
  }
  if (!res.ok)
    throw new ApiError(
      res.status,
      data?.error?.code ?? 'error',
      data?.error?.message ?? res.statusText,
      data?.error?.details,
    );
  return data;
}

/** @typedef {import('../types.js').ImportCheckReport} ImportCheckReport */
/** @typedef {ImportCheckReport['problems'][number]} ImportProblem */

/** @param {string} name  a column, or 'file' / 'row' for the whole file or row */
const fieldName = (name) =>
  name === 'file' || name === 'row' ? t('import.wholeFile') : t(`import.column.${name}`);
/** @param {ImportProblem} problem */
const problemText = (problem) => t(`import.code.${problem.code}`, problem.params ?? {});

/** @param {ImportCheckReport} report */
function reportTable(report) {
  return html`<div class="table-wrap">
    <table class="list" id="import-report">
      <caption>
        ${t('import.caption')}
      </caption>
      <thead>
        <tr>
          <th scope="col">${t('import.line')}</th>
          <th scope="col">${t('import.field')}</th>
          <th scope="col">${t('import.problem')}</th>
        </tr>
      </thead>
      <tbody>
        ${report.problems.map(
          (problem) =>
            html`<tr>
              <td>${problem.line ? String(problem.line) : '—'}</td>
              <td>${fieldName(problem.field)}</td>
              <td>${problemText(problem)}</td>
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

/** @param {import('../types.js').ImportProgress} p */
function progressBody(p) {
  const done = p.rowsStarted + p.rowsSkipped + p.rowsFailed;
  const counts = t('import.progress', {
    started: p.rowsStarted,
    skipped: p.rowsSkipped,
    failed: p.rowsFailed,
    total: p.rowsTotal,
  });
  return html`<h2>${t('import.progressTitle')}</h2>
    <progress
      max=${p.rowsTotal || 1}
      value=${done}
      aria-label=${t('import.progressTitle')}
    ></progress>
    <p role="status">${counts}</p>
    <p class="import-status">${t(`import.status.${p.status}`)}</p>
    ${p.failures.length
      ? html`<ul>
          ${p.failures.map((f) => html`<li>${t('import.failedRow', f)}</li>`)}
        </ul>`
      : nothing}`;
}

/** The import's progress, updated in place while it runs. */
function progressView() {
  const p = state.progress;
  return html`<section id="import-progress" aria-live="polite" data-status=${p?.status ?? nothing}>
    ${p ? progressBody(p) : nothing}
  </section>`;
}

/**
 * What this drawing of the view shows besides `state` (a new one each time
 * the view is drawn, as the language changes): the check under way, the
 * file kept from before still named, the import being asked for, and the
 * refusals of the check and of the import.
 * @typedef {{
 *   checking: boolean,
 *   noFile: boolean,
 *   chosen: boolean,
 *   starting: boolean,
 *   checkError: unknown,
 *   startErrors: unknown[],
 * }} Ui
 */
/** @type {Ui} */
let ui = {
  checking: false,
  noFile: false,
  chosen: false,
  starting: false,
  checkError: null,
  startErrors: [],
};
/** The form and the results of the view drawn now; their content is drawn by drawForm and drawResults. */
/** @type {HTMLFormElement | undefined} */
let formElement;
/** @type {HTMLElement | undefined} */
let resultsElement;

/** @type {string | null} the import this page is following */
let following = null;

/**
 * Follows the import until it is no longer running, redrawing its section in place.
 * @param {string} importId
 */
async function follow(importId) {
  if (following === importId) return;
  following = importId;
  try {
    await followLoop(importId);
  } finally {
    following = null;
  }
}

/** @param {string} importId */
async function followLoop(importId) {
  while (state.importId === importId) {
    try {
      state.progress = await load(`/api/imports/${importId}`);
    } catch (err) {
      if (err instanceof Abort) return;
      state.error = err;
    }
    if (!resultsElement?.isConnected) return; // the page went elsewhere
    drawResults();
    if (state.error || state.progress?.status !== 'running') return;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

async function startImport() {
  ui.starting = true;
  drawResults();
  try {
    // The check kept the file it reported on.
    state.importKey ??= crypto.randomUUID();
    /** @type {import('../types.js').ImportStarted} */
    const started = await upload('/api/imports', /** @type {File} */ (state.file), state.importKey);
    state.importId = started.importId;
    state.progress = null;
    state.error = null;
    void follow(started.importId);
  } catch (err) {
    if (err instanceof Abort) return;
    // A refusal the API answered would be answered again to the same key; a
    // lost answer (the network, a 5xx) or one still being made is retried
    // with it, and imports once.
    const refused =
      err instanceof ApiError &&
      err.status >= 400 &&
      err.status < 500 &&
      err.code !== 'idempotency_in_progress';
    if (refused) state.importKey = null;
    ui.startErrors = [...ui.startErrors, err];
  }
  ui.starting = false;
  drawResults();
}

function checkSection() {
  const report = state.report;
  if (!report) return nothing;
  const summary = t('import.summary', {
    rows: report.rows,
    fit: report.rowsFit,
    bad: report.badRows,
    problems: report.problemCount,
  });
  const clean = html`<p>${t('import.noProblems', { rows: report.rowsFit })}</p>
    <button
      type="button"
      class="primary"
      id="import-start"
      ?disabled=${ui.starting || Boolean(state.importId)}
      @click=${() => void startImport()}
    >
      ${t('import.start', { rows: report.rowsFit })}
    </button>
    ${ui.startErrors.map((err) => errorBox(err))}`;
  const more =
    report.problems.length < report.problemCount
      ? html`<p class="hint">${t('import.moreProblems', { shown: report.problems.length })}</p>`
      : nothing;
  return html`<section id="import-check">
    <p role="status">${summary}</p>
    ${report.problemCount === 0
      ? clean
      : html`<p>${t('import.hasProblems')}</p>
          ${more} ${reportTable(report)}`}
  </section>`;
}

/** The check's report and the import's progress, or the check's refusal. */
const resultsBody = () =>
  ui.checkError ? errorBox(ui.checkError) : html`${checkSection()} ${progressView()}`;

function drawResults() {
  if (resultsElement) render(resultsBody(), resultsElement);
}

function formBody() {
  const hint = t('import.fileHint');
  // The file kept from before a redraw is named until another is chosen.
  const chosen =
    ui.chosen && state.file
      ? html`<p class="hint" id="import-chosen">${state.file.name}</p>`
      : nothing;
  const onChange = () => {
    ui.chosen = false;
    drawForm();
  };
  return html`${field(
      { id: 'import-file', label: t('import.file'), hint },
      html`<input
        type="file"
        id="import-file"
        name="file"
        accept=${`.csv,.xlsx,text/csv,${XLSX}`}
        aria-describedby=${describedBy('import-file', hint)}
        @change=${onChange}
      />`,
    )}
    ${chosen}
    <button type="submit" ?disabled=${ui.checking}>
      ${ui.checking ? t('import.checking') : t('import.check')}
    </button>
    ${ui.noFile ? html`<p role="alert" class="alert">${t('import.chooseFirst')}</p>` : nothing}`;
}

function drawForm() {
  if (formElement) render(formBody(), formElement);
}

/** @param {SubmitEvent} event */
async function check(event) {
  event.preventDefault();
  const form = /** @type {HTMLFormElement} */ (event.currentTarget);
  const input = form.elements.namedItem('file');
  const file = (input instanceof HTMLInputElement ? input.files?.[0] : undefined) ?? state.file;
  // Said again (a new alert) each time the form is sent without a file.
  ui.noFile = false;
  drawForm();
  if (!file) {
    ui.noFile = true;
    return drawForm();
  }
  Object.assign(state, {
    file,
    report: null,
    importKey: null,
    importId: null,
    progress: null,
    error: null,
  });
  ui.checking = true;
  drawForm();
  try {
    state.report = await upload('/api/imports/check', file);
    ui.checkError = null;
    ui.startErrors = [];
    drawResults();
  } catch (err) {
    if (err instanceof Abort) return;
    ui.checkError = err;
    drawResults();
  } finally {
    ui.checking = false;
    drawForm();
  }
}

export function importView() {
  if (!(session.actor?.imports ?? []).includes('officials'))
    return html`<h1>${t('import.title')}</h1>
      ${errorBox(new ApiError(403, 'wrong_actor', ''))}`;
  // Each drawing of the view (as the language changes; the router draws it
  // anew) is a new form and new results, drawn from `state`.
  ui = {
    checking: false,
    noFile: false,
    chosen: Boolean(state.file),
    starting: false,
    checkError: null,
    startErrors: [],
  };
  // A running import keeps being followed when the page is drawn again.
  const running = state.importId;
  if (running && (!state.progress || state.progress.status === 'running'))
    setTimeout(() => void follow(running), 0);
  // Each header as the file must spell it, after what it holds in the page's words.
  const columns = IMPORT_COLUMNS.map((c) =>
    t('import.columnHeader', { label: t(`import.column.${c}`), header: c }),
  ).join(t('import.columnSep'));
  return html`<h1>${t('import.title')}</h1>
    <p>${t('import.intro')}</p>
    <p class="hint" id="import-columns">${t('import.columns', { columns })}</p>
    <form
      id="import-form"
      novalidate
      @submit=${(/** @type {SubmitEvent} */ e) => void check(e)}
      ${ref((el) => {
        formElement = el instanceof HTMLFormElement ? el : undefined;
        drawForm();
      })}
    ></form>
    <div
      id="import-results"
      ${ref((el) => {
        resultsElement = el instanceof HTMLElement ? el : undefined;
        drawResults();
      })}
    ></div>
    ${state.error ? errorBox(state.error) : nothing}`;
}
