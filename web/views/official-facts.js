// The facts recorded on an official (county trainings, health checks,
// spot-check absences), each with its id, and the correction of one recorded
// in error: its recorder or the county voids it with a reason, after a
// confirmation that names what voiding does, or corrects it: voids it and
// records the right value in its place in one step (a replacement row says
// which fact it corrects, the voided row which replaced it). Which facts the actor may void
// is the API's answer (`voidable`, from the permission table); what voiding
// does is the term's own answer (each fact's `consequence` in the snapshot).
import { actionForm, formValue } from '../actions.js';
import { formatDate, label, shanghaiDateKey, t } from '../i18n.js';
import { html, nothing } from '../lit.js';
import { dateInput, describedBy, field, select } from '../parts.js';
import { load, navigate } from '../router.js';
import { who } from '../session.js';

/** @typedef {import('../types.js').FactRow} FactRow */

/**
 * The word for the fact's kind: the pre-dispatch training is "year 0" of the term.
 * @param {FactRow} fact
 */
const factKind = (fact) => (fact.year === 0 ? 'fact.pre_dispatch_training' : `fact.${fact.kind}`);

/**
 * What a fact says besides its kind: a training's title, a check's result, an absence's note.
 * @param {FactRow} fact
 */
function factDetail(fact) {
  if (fact.kind === 'training') return fact.title ?? '';
  if (fact.kind === 'health_check')
    return [fact.fit ? t('facts.fit') : t('facts.unfit'), fact.note].filter(Boolean).join('：');
  return fact.note ?? '';
}

/**
 * What voiding the fact would do, in words (the confirmation's text).
 * @param {import('../types.js').FactConsequence | undefined} consequence
 */
export function consequenceWords(consequence) {
  const c = consequence ?? { effect: 'none' };
  const key =
    c.effect === 'not_unwound'
      ? `facts.consequence.not_unwound.${c.because}`
      : `facts.consequence.${c.effect}`;
  return t(key, { caseId: c.caseId ?? '', cap: c.cap ? label('rating', c.cap) : '' });
}

/**
 * A reason's text area, as the void and the correction ask for it.
 * @param {string} id
 * @param {string} hint
 */
const reasonArea = (id, hint) =>
  html`<textarea
    id=${id}
    name="reason"
    rows="2"
    required
    maxlength="2000"
    aria-describedby=${describedBy(id, hint)}
  ></textarea>`;

/** @param {string} officialId @param {FactRow} fact */
function voidControl(officialId, fact) {
  const title = t('facts.voidOf', { fact: t(factKind(fact)), date: formatDate(fact.at) });
  const reason = {
    id: `void-${fact.id}-reason`,
    label: t('facts.reason'),
    hint: t('facts.reasonHint'),
  };
  return html`<details class="action void" data-fact=${fact.id}>
    <summary>${t('facts.void')}</summary>
    ${actionForm({
      id: `void-${fact.id}`,
      controls: field(reason, reasonArea(reason.id, reason.hint)),
      submitLabel: title,
      buttonClass: 'reject',
      consequence: () => consequenceWords(fact.consequence),
      send: (idempotencyKey, form) =>
        load(`/api/officials/${encodeURIComponent(officialId)}/corrections`, {
          method: 'POST',
          body: { factId: fact.id, reason: formValue(form, 'reason') },
          headers: { 'idempotency-key': idempotencyKey },
        }),
      done: (result) =>
        navigate(location.pathname, {
          replace: true,
          flash: t('do.done', { action: title, stage: label('stage', result.stage) }),
        }),
    })}
  </details>`;
}

/**
 * Corrects the fact with a new value: the fields its kind has, filled with
 * what was recorded; only what was changed is sent.
 * @param {string} officialId
 * @param {FactRow} fact
 */
function correctControl(officialId, fact) {
  const id = `correct-${fact.id}`;
  const recordedDate = shanghaiDateKey(fact.at);
  // The pre-dispatch training is dated by the dispatch it led to.
  const hasDate = fact.year !== 0;
  const hasFit = fact.kind === 'health_check';
  const hasTitle = fact.kind === 'training';
  const hasNote = fact.kind !== 'training';
  const what = t('facts.correctOf', { fact: t(factKind(fact)), date: formatDate(fact.at) });
  /**
   * Only what changes: the term refuses a correction that changes nothing.
   * @param {HTMLFormElement} form
   */
  const replacement = (form) => {
    /** @type {Record<string, string | boolean>} */
    const out = {};
    const date = formValue(form, 'date');
    const fit = formValue(form, 'fit');
    const title = formValue(form, 'title');
    const note = formValue(form, 'note');
    if (hasDate && date !== recordedDate) out.date = date;
    if (hasFit && (fit === 'yes') !== Boolean(fact.fit)) out.fit = fit === 'yes';
    if (hasTitle && title !== (fact.title ?? '')) out.title = title;
    if (hasNote && note !== (fact.note ?? '')) out.note = note;
    return out;
  };
  const dateField = { id: `${id}-date`, label: t('facts.newDate'), hint: t('facts.newDateHint') };
  const reasonField = {
    id: `${id}-reason`,
    label: t('facts.correctReason'),
    hint: t('facts.reasonHint'),
  };
  const controls = html`${hasDate
    ? field(
        dateField,
        dateInput({
          id: dateField.id,
          name: 'date',
          required: true,
          value: recordedDate,
          hint: dateField.hint,
        }),
      )
    : nothing}
  ${hasFit
    ? field(
        { id: `${id}-fit`, label: t('facts.newFit') },
        select({
          id: `${id}-fit`,
          name: 'fit',
          options: [
            ['yes', t('facts.fit')],
            ['no', t('facts.unfit')],
          ],
          value: fact.fit ? 'yes' : 'no',
        }),
      )
    : nothing}
  ${hasTitle
    ? field(
        { id: `${id}-title`, label: t('facts.newTitle') },
        html`<input
          id="${id}-title"
          name="title"
          required
          maxlength="200"
          .value=${fact.title ?? ''}
        />`,
      )
    : nothing}
  ${hasNote
    ? field(
        { id: `${id}-note`, label: t('facts.newNote') },
        html`<textarea
          id="${id}-note"
          name="note"
          rows="2"
          maxlength="1000"
          .value=${fact.note ?? ''}
        ></textarea>`,
      )
    : nothing}
  ${field(reasonField, reasonArea(reasonField.id, reasonField.hint))}`;
  return html`<details class="action correct" data-fact=${fact.id}>
    <summary>${t('facts.correct')}</summary>
    ${actionForm({
      id,
      controls,
      submitLabel: what,
      consequence: () => t('facts.correctConsequence'),
      send: (idempotencyKey, form) =>
        load(`/api/officials/${encodeURIComponent(officialId)}/corrections`, {
          method: 'POST',
          body: {
            factId: fact.id,
            reason: formValue(form, 'reason'),
            replacement: replacement(form),
          },
          headers: { 'idempotency-key': idempotencyKey },
        }),
      done: (result) =>
        navigate(location.pathname, {
          replace: true,
          flash: t('do.done', { action: what, stage: label('stage', result.stage) }),
        }),
    })}
  </details>`;
}

/** @param {string} officialId @param {FactRow} fact @param {readonly string[]} voidable */
function factRow(officialId, fact, voidable) {
  const what = html`<span class="fact-kind">${t(factKind(fact))}</span>
    <time datetime=${shanghaiDateKey(fact.at)}>${formatDate(fact.at)}</time> · ${factDetail(fact)} ·
    ${t('facts.recordedBy', { who: who(fact.by) })}`;
  const mayCorrect = !fact.voided && voidable.includes(fact.id);
  return html`<li data-fact=${fact.id} class=${fact.voided ? 'voided' : ''}>
    ${fact.voided ? html`<del>${what}</del>` : html`<span>${what}</span>`}
    <span class="meta">${fact.id}</span>${fact.replaces
      ? html`<span class="meta replaces"> ${t('facts.replaces', { id: fact.replaces })}</span>`
      : nothing}
    ${fact.voided
      ? html`<p class="reason">
          ${t(fact.voided.replacedBy ? 'facts.replacedBy' : 'facts.voided', {
            reason: fact.voided.reason,
            who: who(fact.voided.by),
            at: formatDate(fact.voided.at),
            id: fact.voided.replacedBy ?? '',
          })}
        </p>`
      : nothing}
    ${mayCorrect ? voidControl(officialId, fact) : nothing}
    ${mayCorrect ? correctControl(officialId, fact) : nothing}
  </li>`;
}

/**
 * The section of recorded facts, newest first; null before anything was recorded.
 * @param {import('../types.js').OfficialDetail} record
 */
export function officialFacts(record) {
  const facts = record.snapshot?.facts;
  if (!Array.isArray(facts)) return null;
  const voidable = record.voidable ?? [];
  const officialId = record.official.officialId;
  return html`<section aria-labelledby="facts-h" class="facts-recorded">
    <h2 id="facts-h">${t('facts.title')}</h2>
    <p class="hint">${t('facts.hint')}</p>
    ${facts.length
      ? html`<ul class="plain" id="facts">
          ${[...facts]
            .sort((a, b) => b.at - a.at)
            .map((fact) => factRow(officialId, fact, voidable))}
        </ul>`
      : html`<p class="empty">${t('facts.none')}</p>`}
  </section>`;
}
