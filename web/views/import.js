// Importing officials already on post, for the regional administrator: choose
// the region's file (CSV or .xlsx), check it (every problem as a row of a
// table, in the page's language, from its code), then import it and follow
// its progress. The file goes as the request body, as it is.
import { append, errorBox, field, h } from '../dom.js';
import { t } from '../i18n.js';
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
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: 'list', id: 'import-report' },
      h('caption', {}, t('import.caption')),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col' }, t('import.line')),
          h('th', { scope: 'col' }, t('import.field')),
          h('th', { scope: 'col' }, t('import.problem')),
        ),
      ),
      h(
        'tbody',
        {},
        report.problems.map((problem) =>
          h(
            'tr',
            {},
            h('td', {}, problem.line ? String(problem.line) : '—'),
            h('td', {}, fieldName(problem.field)),
            h('td', {}, problemText(problem)),
          ),
        ),
      ),
    ),
  );
}

function progressView() {
  const p = state.progress;
  if (!p) return h('section', { id: 'import-progress', 'aria-live': 'polite' });
  const done = p.rowsStarted + p.rowsSkipped + p.rowsFailed;
  return h(
    'section',
    { id: 'import-progress', 'aria-live': 'polite', 'data-status': p.status },
    h('h2', {}, t('import.progressTitle')),
    h('progress', { max: p.rowsTotal || 1, value: done, 'aria-label': t('import.progressTitle') }),
    h(
      'p',
      { role: 'status' },
      t('import.progress', {
        started: p.rowsStarted,
        skipped: p.rowsSkipped,
        failed: p.rowsFailed,
        total: p.rowsTotal,
      }),
    ),
    h('p', { class: `import-status` }, t(`import.status.${p.status}`)),
    p.failures.length
      ? h(
          'ul',
          {},
          p.failures.map((f) => h('li', {}, t('import.failedRow', f))),
        )
      : null,
  );
}

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
    const section = document.getElementById('import-progress');
    if (!section) return; // the page went elsewhere
    section.replaceWith(progressView());
    if (state.error || state.progress?.status !== 'running') return;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

function checkSection() {
  const report = state.report;
  if (!report) return null;
  const clean = report.problemCount === 0;
  const importButton = h(
    'button',
    { type: 'button', class: 'primary', id: 'import-start', disabled: Boolean(state.importId) },
    t('import.start', { rows: report.rowsFit }),
  );
  const startImport = async () => {
    importButton.disabled = true;
    try {
      /** @type {import('../types.js').ImportStarted} */
      // The check kept the file it reported on.
      state.importKey ??= crypto.randomUUID();
      const started = await upload(
        '/api/imports',
        /** @type {File} */ (state.file),
        state.importKey,
      );
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
      importButton.disabled = false;
      importButton.after(errorBox(err));
    }
  };
  importButton.addEventListener('click', () => void startImport());
  return h(
    'section',
    { id: 'import-check' },
    h(
      'p',
      { role: 'status' },
      t('import.summary', {
        rows: report.rows,
        fit: report.rowsFit,
        bad: report.badRows,
        problems: report.problemCount,
      }),
    ),
    clean
      ? [h('p', {}, t('import.noProblems', { rows: report.rowsFit })), importButton]
      : [
          h('p', {}, t('import.hasProblems')),
          report.problems.length < report.problemCount
            ? h('p', { class: 'hint' }, t('import.moreProblems', { shown: report.problems.length }))
            : null,
          reportTable(report),
        ],
  );
}

export function importView() {
  if (!(session.actor?.imports ?? []).includes('officials'))
    return [h('h1', {}, t('import.title')), errorBox(new ApiError(403, 'wrong_actor', ''))];
  const input = h('input', { type: 'file', name: 'file', accept: '.csv,.xlsx,text/csv,' + XLSX });
  const checkButton = h('button', { type: 'submit' }, t('import.check'));
  const chosen = state.file
    ? h('p', { class: 'hint', id: 'import-chosen' }, state.file.name)
    : null;
  const form = h(
    'form',
    { id: 'import-form', novalidate: true },
    field('import-file', t('import.file'), input, t('import.fileHint')),
    chosen,
    checkButton,
  );
  // The file kept from before a redraw is named until another is chosen.
  input.addEventListener('change', () => chosen?.remove());
  const results = h('div', { id: 'import-results' }, checkSection(), progressView());
  const check = async (/** @type {SubmitEvent} */ event) => {
    event.preventDefault();
    const file = input.files?.[0] ?? state.file;
    form.querySelector('[role="alert"]')?.remove();
    if (!file)
      return form.append(h('p', { role: 'alert', class: 'alert' }, t('import.chooseFirst')));
    Object.assign(state, {
      file,
      report: null,
      importKey: null,
      importId: null,
      progress: null,
      error: null,
    });
    checkButton.disabled = true;
    checkButton.textContent = t('import.checking');
    try {
      state.report = await upload('/api/imports/check', file);
      results.replaceChildren();
      append(results, [checkSection(), progressView()]);
    } catch (err) {
      if (err instanceof Abort) return;
      results.replaceChildren(errorBox(err));
    } finally {
      checkButton.disabled = false;
      checkButton.textContent = t('import.check');
    }
  };
  form.addEventListener('submit', (event) => void check(event));
  // A running import keeps being followed when the page is drawn again.
  const running = state.importId;
  if (running && (!state.progress || state.progress.status === 'running'))
    setTimeout(() => void follow(running), 0);
  return [
    h('h1', {}, t('import.title')),
    h('p', {}, t('import.intro')),
    h(
      'p',
      { class: 'hint', id: 'import-columns' },
      t('import.columns', {
        // Each header as the file must spell it, after what it holds in the page's words.
        columns: IMPORT_COLUMNS.map((c) =>
          t('import.columnHeader', { label: t(`import.column.${c}`), header: c }),
        ).join(t('import.columnSep')),
      }),
    ),
    form,
    results,
    state.error ? errorBox(state.error) : null,
  ];
}
