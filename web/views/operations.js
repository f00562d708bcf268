// Record operations (the regional administrator, as GET /api/me `actions`
// says: retryRecordWrite): the terms whose record write the database refused,
// each with its retry (a second step naming the consequence), and the
// reconciliation of the record with the workflows, with its report.
import { actionForm } from '../actions.js';
import { formatDateTime, hasWords, label, place, t } from '../i18n.js';
import { createRef, html, nothing, ref, render } from '../lit.js';
import { link } from '../parts.js';
import { load, mayOperate, navigate } from '../router.js';
import { who } from '../session.js';

/** @typedef {import('../types.js').Incidents['items'][number]} Incident */

/**
 * The database's own text, folded away. It speaks English: marked so, for a
 * reader and a screen reader.
 * @param {string} problem
 */
const original = (problem) =>
  html`<details>
    <summary>${t('operations.problemOriginal')}</summary>
    <pre class="mail-text" lang="en">${problem}</pre>
  </details>`;

/**
 * The database's refusal in words: its SQLSTATE code, the original text folded away.
 * @param {string} problem
 */
function problemCell(problem) {
  const code = /\b([0-9A-Z]{5})\b/.exec(problem)?.[1];
  const text = code ? t('operations.problemText', { code }) : t('operations.problemUnknown');
  return html`<td>${text}${original(problem)}</td>`;
}

/** @param {Incident} incident */
function retryForm(incident) {
  const official = incident.officialName ?? incident.officialId;
  return actionForm({
    id: `retry-${incident.officialId}`,
    controls: nothing,
    submitLabel: t('operations.retry'),
    submitName: t('operations.retryLabel', { official }),
    buttonClass: 'primary',
    formClass: 'action',
    consequence: () => t('operations.retryConsequence', { official, batch: incident.batchSeq }),
    send: (idempotencyKey) =>
      load(`/api/officials/${encodeURIComponent(incident.officialId)}/record/retry`, {
        method: 'POST',
        body: {},
        headers: { 'idempotency-key': idempotencyKey },
      }),
    done: () => navigate('/operations', { flash: t('operations.retried', { official }) }),
  });
}

/**
 * The incidents; with a retry on each for the role that may retry (the county only reads them).
 * @param {Incident[]} items
 * @param {boolean} operate  whether the actor may retry
 */
function incidentsTable(items, operate) {
  if (!items.length) return html`<p class="empty">${t('operations.noIncidents')}</p>`;
  /** @param {string} key */
  const th = (key) => html`<th scope="col">${t(key)}</th>`;
  return html`<div class="table-wrap">
    <table id="record-incidents">
      <caption>
        ${t('operations.incidentsCaption')}
      </caption>
      <thead>
        <tr>
          ${['official', 'county', 'batch', 'at', 'problem'].map((k) => th(`operations.${k}`))}
          ${operate ? th('operations.retry') : nothing}
        </tr>
      </thead>
      <tbody>
        ${items.map((incident) => {
          const official = incident.officialName ?? incident.officialId;
          const href = `/officials/${encodeURIComponent(incident.officialId)}`;
          // A new form for each answer: the retry's busy state does not outlive it.
          const retry = operate ? html`<td>${retryForm(incident)}</td>` : nothing;
          return html`<tr data-official=${incident.officialId}>
            <td>${link(href, official)}</td>
            <td>${place(incident.county)}</td>
            <td class="num">${String(incident.batchSeq)}</td>
            <td>${formatDateTime(incident.at)}</td>
            ${problemCell(incident.problem)} ${retry}
          </tr>`;
        })}
      </tbody>
    </table>
  </div>`;
}

/**
 * @param {unknown} value
 * @returns {value is Record<string, unknown>}
 */
const isRecord = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * One side of a difference in the page's words: a stage by its name, a log
 * entry by what, when and who, task ids listed, a refused write by its batch
 * and code (the database's own text folded away). A value of a shape the page
 * does not know is shown as the data it is.
 * @param {string} field
 * @param {unknown} value
 * @returns {unknown}  text or a template
 */
function differenceValue(field, value) {
  if (value === undefined || value === null) return t('operations.none');
  if (typeof value === 'number') return String(value);
  if (field === 'stage' || field === 'workflow_missing')
    return typeof value === 'string' ? label('stage', value) : String(value);
  if (field === 'record_missing' && value === 'running') return t('operations.running');
  if (Array.isArray(value))
    return value.length ? value.map(String).join(t('operations.listSep')) : t('operations.none');
  if (isRecord(value)) {
    if (field === 'last_entry' && typeof value.action === 'string')
      return t('operations.entry', {
        action: label('action', value.action),
        at: typeof value.at === 'number' ? formatDateTime(value.at) : '—',
        who: typeof value.actorId === 'string' ? who(value.actorId) : '—',
      });
    if (field === 'blocked' && typeof value.batchSeq === 'number') {
      const problem = typeof value.problem === 'string' ? value.problem : '';
      const code = /\b([0-9A-Z]{5})\b/.exec(problem)?.[1];
      const batch = t('operations.blockedBatch', { batch: value.batchSeq });
      const why = code ? `${t('operations.sep')}${t('operations.problemText', { code })}` : '';
      return html`${batch}${why}${problem ? original(problem) : nothing}`;
    }
    if (field === 'lagging' && typeof value.batchSeq === 'number')
      return t('operations.lagging', {
        made: value.batchSeq,
        written: typeof value.writtenBatchSeq === 'number' ? value.writtenBatchSeq : 0,
      });
  }
  // The value as the record or the workflow holds it: data, not the page's words.
  return html`<code class="value" lang="en">${JSON.stringify(value)}</code>`;
}

/** @param {import('../types.js').ReconcileReport} report */
function reportView(report) {
  const checked = html`<p>${t('operations.checked', report)}</p>`;
  if (!report.differences.length)
    return html`${checked}
      <p class="ok">${t('operations.consistent')}</p>`;
  /** @param {string} key */
  const th = (key) => html`<th scope="col">${t(key)}</th>`;
  return html`${checked}
    <p>${t('operations.differences', { count: report.differences.length })}</p>
    <div class="table-wrap">
      <table id="reconcile-differences">
        <caption>
          ${t('operations.differencesCaption')}
        </caption>
        <thead>
          <tr>
            ${['term', 'field', 'workflowValue', 'recordValue'].map((k) => th(`operations.${k}`))}
          </tr>
        </thead>
        <tbody>
          ${report.differences.map((d) => {
            const term = d.officialId
              ? link(`/officials/${encodeURIComponent(d.officialId)}`, d.termId)
              : d.termId;
            const field = hasWords(`operations.field.${d.field}`)
              ? t(`operations.field.${d.field}`)
              : d.field;
            return html`<tr>
              <td>${term}</td>
              <td>${field}</td>
              <td>${differenceValue(d.field, d.workflow)}</td>
              <td>${differenceValue(d.field, d.record)}</td>
            </tr>`;
          })}
        </tbody>
      </table>
    </div>`;
}

function reconcileForm() {
  /** @type {import('../vendor/lit-html/directives/ref.js').Ref<HTMLDivElement>} */
  const result = createRef();
  /** @type {HTMLFormElement | undefined} */
  let sent;
  const form = actionForm({
    id: 'reconcile',
    controls: html`<h2>${t('operations.reconcile')}</h2>
      <p class="hint">${t('operations.reconcileHint')}</p>`,
    submitLabel: t('operations.reconcileSubmit'),
    /** @returns {Promise<import('../types.js').ReconcileReport>} */
    send: (_idempotencyKey, form) => {
      sent = form;
      return load('/api/admin/reconcile');
    },
    done: (report) => {
      if (result.value) render(reportView(report), result.value);
      // The report is shown beside the form, which stays for another run.
      if (!sent) return;
      const status = sent.querySelector('.form-status');
      if (status instanceof HTMLElement) render(nothing, status);
      for (const b of sent.querySelectorAll('button')) b.disabled = false;
      sent.removeAttribute('aria-busy');
    },
  });
  return html`${form}
    <div id="reconcile-result" aria-live="polite" ${ref(result)}></div>`;
}

export async function operationsView() {
  /** @type {import('../types.js').Incidents} */
  const incidents = await load('/api/record-incidents');
  const operate = mayOperate();
  // The router draws the page anew after a retry: the reconciliation's report cleared, as the page was.
  return html`<h1>${t('operations.title')}</h1>
    <p class="intro">${t('operations.intro')}</p>
    <h2 id="incidents-h">${t('operations.incidents')}</h2>
    ${incidentsTable(incidents.items, operate)} ${operate ? reconcileForm() : nothing}`;
}
