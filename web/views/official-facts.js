// The facts recorded on an official (county trainings, health checks,
// spot-check absences), each with its id, and the correction of one recorded
// in error: its recorder or the county voids it with a reason, after a
// confirmation that names what voiding does, or corrects it: voids it and
// records the right value in its place in one step (a replacement row says
// which fact it corrects, the voided row which replaced it). Which facts the actor may void
// is the API's answer (`voidable`, from the permission table); what voiding
// does is the term's own answer (each fact's `consequence` in the snapshot).
import { dateInput, field, h, select } from '../dom.js';
import { actionForm, valueOf } from '../forms.js';
import { formatDate, label, shanghaiDateKey, t } from '../i18n.js';
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

/** @param {string} officialId @param {FactRow} fact */
function voidControl(officialId, fact) {
  const reason = h('textarea', { name: 'reason', rows: 2, required: true, maxlength: 2000 });
  const title = t('facts.voidOf', { fact: t(factKind(fact)), date: formatDate(fact.at) });
  return h(
    'details',
    { class: 'action void', 'data-fact': fact.id },
    h('summary', {}, t('facts.void')),
    actionForm({
      id: `void-${fact.id}`,
      controls: [field(`void-${fact.id}-reason`, t('facts.reason'), reason, t('facts.reasonHint'))],
      submitLabel: title,
      buttonClass: 'reject',
      consequence: () => consequenceWords(fact.consequence),
      send: (idempotencyKey) =>
        load(`/api/officials/${encodeURIComponent(officialId)}/corrections`, {
          method: 'POST',
          body: { factId: fact.id, reason: valueOf(reason) },
          headers: { 'idempotency-key': idempotencyKey },
        }),
      done: (result) =>
        navigate(location.pathname, {
          replace: true,
          flash: t('do.done', { action: title, stage: label('stage', result.stage) }),
        }),
    }),
  );
}

/**
 * Corrects the fact with a new value: the fields its kind has, filled with
 * what was recorded; only what was changed is sent.
 * @param {string} officialId
 * @param {FactRow} fact
 */
function correctControl(officialId, fact) {
  const id = `correct-${fact.id}`;
  const reason = h('textarea', { name: 'reason', rows: 2, required: true, maxlength: 2000 });
  const recordedDate = shanghaiDateKey(fact.at);
  // The pre-dispatch training is dated by the dispatch it led to.
  const date =
    fact.year === 0 ? null : dateInput({ name: 'date', required: true, value: recordedDate });
  const fit =
    fact.kind === 'health_check'
      ? select(
          'fit',
          [
            ['yes', t('facts.fit')],
            ['no', t('facts.unfit')],
          ],
          fact.fit ? 'yes' : 'no',
        )
      : null;
  const title =
    fact.kind === 'training'
      ? h('input', { name: 'title', required: true, maxlength: 200, value: fact.title ?? '' })
      : null;
  const note =
    fact.kind === 'training'
      ? null
      : h('textarea', { name: 'note', rows: 2, maxlength: 1000 }, fact.note ?? '');
  const what = t('facts.correctOf', { fact: t(factKind(fact)), date: formatDate(fact.at) });
  /** Only what changes: the term refuses a correction that changes nothing. */
  const replacement = () => {
    /** @type {Record<string, string | boolean>} */
    const out = {};
    if (date && valueOf(date) !== recordedDate) out.date = valueOf(date);
    if (fit && (fit.value === 'yes') !== Boolean(fact.fit)) out.fit = fit.value === 'yes';
    if (title && valueOf(title) !== (fact.title ?? '')) out.title = valueOf(title);
    if (note && valueOf(note) !== (fact.note ?? '')) out.note = valueOf(note);
    return out;
  };
  return h(
    'details',
    { class: 'action correct', 'data-fact': fact.id },
    h('summary', {}, t('facts.correct')),
    actionForm({
      id,
      controls: [
        date ? field(`${id}-date`, t('facts.newDate'), date, t('facts.newDateHint')) : null,
        fit ? field(`${id}-fit`, t('facts.newFit'), fit) : null,
        title ? field(`${id}-title`, t('facts.newTitle'), title) : null,
        note ? field(`${id}-note`, t('facts.newNote'), note) : null,
        field(`${id}-reason`, t('facts.correctReason'), reason, t('facts.reasonHint')),
      ].filter((control) => control !== null),
      submitLabel: what,
      consequence: () => t('facts.correctConsequence'),
      send: (idempotencyKey) =>
        load(`/api/officials/${encodeURIComponent(officialId)}/corrections`, {
          method: 'POST',
          body: { factId: fact.id, reason: valueOf(reason), replacement: replacement() },
          headers: { 'idempotency-key': idempotencyKey },
        }),
      done: (result) =>
        navigate(location.pathname, {
          replace: true,
          flash: t('do.done', { action: what, stage: label('stage', result.stage) }),
        }),
    }),
  );
}

/** @param {string} officialId @param {FactRow} fact @param {readonly string[]} voidable */
function factRow(officialId, fact, voidable) {
  const what = [
    h('span', { class: 'fact-kind' }, t(factKind(fact))),
    ' ',
    h('time', { datetime: shanghaiDateKey(fact.at) }, formatDate(fact.at)),
    ' · ',
    factDetail(fact),
    ' · ',
    t('facts.recordedBy', { who: who(fact.by) }),
  ];
  return h(
    'li',
    { 'data-fact': fact.id, class: fact.voided ? 'voided' : '' },
    fact.voided ? h('del', {}, ...what) : h('span', {}, ...what),
    ' ',
    h('span', { class: 'meta' }, fact.id),
    fact.replaces
      ? h('span', { class: 'meta replaces' }, ' ', t('facts.replaces', { id: fact.replaces }))
      : null,
    fact.voided
      ? h(
          'p',
          { class: 'reason' },
          t(fact.voided.replacedBy ? 'facts.replacedBy' : 'facts.voided', {
            reason: fact.voided.reason,
            who: who(fact.voided.by),
            at: formatDate(fact.voided.at),
            id: fact.voided.replacedBy ?? '',
          }),
        )
      : null,
    !fact.voided && voidable.includes(fact.id) ? voidControl(officialId, fact) : null,
    !fact.voided && voidable.includes(fact.id) ? correctControl(officialId, fact) : null,
  );
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
  return h(
    'section',
    { 'aria-labelledby': 'facts-h', class: 'facts-recorded' },
    h('h2', { id: 'facts-h' }, t('facts.title')),
    h('p', { class: 'hint' }, t('facts.hint')),
    facts.length
      ? h(
          'ul',
          { class: 'plain', id: 'facts' },
          [...facts].sort((a, b) => b.at - a.at).map((fact) => factRow(officialId, fact, voidable)),
        )
      : h('p', { class: 'empty' }, t('facts.none')),
  );
}
