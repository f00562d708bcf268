// Record operations (the regional administrator, as GET /api/me `actions`
// says: retryRecordWrite): the terms whose record write the database refused,
// each with its retry (a second step naming the consequence), and the
// reconciliation of the record with the workflows, with its report.
import { append, h, link } from '../dom.js';
import { actionForm } from '../forms.js';
import { formatDateTime, hasWords, label, place, t } from '../i18n.js';
import { load, mayOperate, navigate } from '../router.js';
import { who } from '../session.js';

/** @typedef {import('../types.js').Incidents['items'][number]} Incident */

/**
 * The database's refusal in words: its SQLSTATE code, the original text folded away.
 * @param {string} problem
 */
function problemCell(problem) {
  const code = /\b([0-9A-Z]{5})\b/.exec(problem)?.[1];
  return h(
    'td',
    {},
    code ? t('operations.problemText', { code }) : t('operations.problemUnknown'),
    h(
      'details',
      {},
      h('summary', {}, t('operations.problemOriginal')),
      // The database speaks English: marked so, for a reader and a screen reader.
      h('pre', { class: 'mail-text', lang: 'en' }, problem),
    ),
  );
}

/** @param {Incident} incident */
function retryForm(incident) {
  const official = incident.officialName ?? incident.officialId;
  return actionForm({
    id: `retry-${incident.officialId}`,
    controls: [],
    submitLabel: t('operations.retry'),
    buttonClass: 'primary',
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
  if (!items.length) return h('p', { class: 'empty' }, t('operations.noIncidents'));
  /** @param {string} key */
  const th = (key) => h('th', { scope: 'col' }, t(key));
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { id: 'record-incidents' },
      h('caption', {}, t('operations.incidentsCaption')),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ['official', 'county', 'batch', 'at', 'problem'].map((k) => th(`operations.${k}`)),
          operate ? th('operations.retry') : null,
        ),
      ),
      h(
        'tbody',
        {},
        items.map((incident) => {
          const form = operate ? retryForm(incident) : null;
          form?.classList.remove('card');
          form?.querySelector('button[type=submit]')?.setAttribute(
            'aria-label',
            t('operations.retryLabel', {
              official: incident.officialName ?? incident.officialId,
            }),
          );
          return h(
            'tr',
            { 'data-official': incident.officialId },
            h(
              'td',
              {},
              link(
                `/officials/${encodeURIComponent(incident.officialId)}`,
                incident.officialName ?? incident.officialId,
              ),
            ),
            h('td', {}, place(incident.county)),
            h('td', { class: 'num' }, String(incident.batchSeq)),
            h('td', {}, formatDateTime(incident.at)),
            problemCell(incident.problem),
            form ? h('td', {}, form) : null,
          );
        }),
      ),
    ),
  );
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
 * @returns {import('../types.js').Child}
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
      return [
        t('operations.blockedBatch', { batch: value.batchSeq }),
        code ? `${t('operations.sep')}${t('operations.problemText', { code })}` : '',
        problem
          ? h(
              'details',
              {},
              h('summary', {}, t('operations.problemOriginal')),
              h('pre', { class: 'mail-text', lang: 'en' }, problem),
            )
          : null,
      ];
    }
    if (field === 'lagging' && typeof value.batchSeq === 'number')
      return t('operations.lagging', {
        made: value.batchSeq,
        written: typeof value.writtenBatchSeq === 'number' ? value.writtenBatchSeq : 0,
      });
  }
  // The value as the record or the workflow holds it: data, not the page's words.
  return h('code', { class: 'value', lang: 'en' }, JSON.stringify(value));
}

/** @param {import('../types.js').ReconcileReport} report */
function reportView(report) {
  /** @type {import('../types.js').Child[]} */
  const out = [h('p', {}, t('operations.checked', report))];
  if (!report.differences.length) {
    out.push(h('p', { class: 'ok' }, t('operations.consistent')));
    return out;
  }
  /** @param {string} key */
  const th = (key) => h('th', { scope: 'col' }, t(key));
  out.push(
    h('p', {}, t('operations.differences', { count: report.differences.length })),
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { id: 'reconcile-differences' },
        h('caption', {}, t('operations.differencesCaption')),
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            ['term', 'field', 'workflowValue', 'recordValue'].map((k) => th(`operations.${k}`)),
          ),
        ),
        h(
          'tbody',
          {},
          report.differences.map((d) =>
            h(
              'tr',
              {},
              h(
                'td',
                {},
                d.officialId
                  ? link(`/officials/${encodeURIComponent(d.officialId)}`, d.termId)
                  : d.termId,
              ),
              h(
                'td',
                {},
                hasWords(`operations.field.${d.field}`)
                  ? t(`operations.field.${d.field}`)
                  : d.field,
              ),
              h('td', {}, differenceValue(d.field, d.workflow)),
              h('td', {}, differenceValue(d.field, d.record)),
            ),
          ),
        ),
      ),
    ),
  );
  return out;
}

function reconcileForm() {
  const result = h('div', { id: 'reconcile-result', 'aria-live': 'polite' });
  const form = actionForm({
    id: 'reconcile',
    controls: [
      h('h2', {}, t('operations.reconcile')),
      h('p', { class: 'hint' }, t('operations.reconcileHint')),
    ],
    submitLabel: t('operations.reconcileSubmit'),
    /** @returns {Promise<import('../types.js').ReconcileReport>} */
    send: () => load('/api/admin/reconcile'),
    done: (report) => {
      result.replaceChildren();
      append(result, reportView(report));
      form.querySelector('.form-status')?.replaceChildren();
      for (const b of form.querySelectorAll('button')) b.disabled = false;
      form.removeAttribute('aria-busy');
    },
  });
  return [form, result];
}

export async function operationsView() {
  /** @type {import('../types.js').Incidents} */
  const incidents = await load('/api/record-incidents');
  return [
    h('h1', {}, t('operations.title')),
    h('p', { class: 'intro' }, t('operations.intro')),
    h('h2', { id: 'incidents-h' }, t('operations.incidents')),
    incidentsTable(incidents.items, mayOperate()),
    mayOperate() ? reconcileForm() : null,
  ];
}
