// Nomination (the dispatching unit): a candidate's profile, as the six
// no-dispatch rules read it, for a village; with ?replaces=<officialId> the
// candidate succeeds that official in their open reassignment case. The
// workflow screens the candidate; a candidate screened out stays on record
// with the rules that failed, and the page opens that record.
import { dateInput, field, h, link, select } from '../dom.js';
import { actionForm, valueOf } from '../forms.js';
import { label, t } from '../i18n.js';
import { load, navigate } from '../router.js';
import { ApiError } from '../session.js';
import { PARTY_MEMBERSHIPS, POSTS, RATINGS } from '../vocabulary.js';

/** @typedef {import('../types.js').NominationBody} NominationBody */
/** @typedef {import('../types.js').NominationResult} NominationResult */
/** A candidate screened out: on record, with the rules that failed. */
/** @typedef {{ screenedOut: string[], officialId: string }} ScreenedOut */

/** @param {Record<string, import('../dom.js').AttrValue>} attrs */
const input = (attrs) => h('input', { type: 'text', autocomplete: 'off', ...attrs });
/** @param {string} name */
const checkbox = (name) => h('input', { type: 'checkbox', name });
/** @param {string} id @param {string} text @param {HTMLElement} control @param {string} [hint] */
const checkField = (id, text, control, hint) => {
  const f = field(id, text, control, hint);
  f.classList.add('check');
  return f;
};

export function nominateView() {
  const q = new URLSearchParams(location.search);
  const replaces = (q.get('replaces') ?? '').slice(0, 64);
  const village = input({
    name: 'village',
    required: true,
    maxlength: 200,
    value: (q.get('village') ?? '').slice(0, 200),
    pattern: '[a-z0-9\\-]+(/[a-z0-9\\-]+){4}',
    placeholder: 'gx/nanning/wuming/fucheng/lianhe',
  });
  const officialId = input({
    name: 'officialId',
    required: true,
    maxlength: 64,
    pattern: '[A-Za-z0-9_\\-]{1,64}',
  });
  const name = input({ name: 'name', required: true, maxlength: 80 });
  const email = h('input', { type: 'email', name: 'email', required: true, maxlength: 200 });
  const post = select(
    'post',
    POSTS.map((p) => [p, label('post', p)]),
    'first_secretary',
  );
  const unit = input({ name: 'dispatchingUnit', required: true, maxlength: 120 });
  const birthDate = dateInput({ name: 'birthDate', required: true });
  const party = select(
    'partyMember',
    PARTY_MEMBERSHIPS.map((p) => [p, t(`nominate.party.${p}`)]),
    'full',
  );
  const workYears = h('input', {
    type: 'number',
    name: 'workYears',
    min: 0,
    max: 60,
    step: 1,
    required: true,
    inputmode: 'numeric',
  });
  const ratingOptions = [
    ['', t('nominate.noRating')],
    ...RATINGS.map((r) => [r, label('rating', r)]),
  ];
  const rating1 = select('rating1', ratingOptions, '');
  const rating2 = select('rating2', ratingOptions, '');
  const healthDate = dateInput({ name: 'healthDate' });
  const healthFit = select(
    'healthFit',
    [
      ['true', t('do.health.fit')],
      ['false', t('do.health.unfit')],
    ],
    'true',
  );
  const formalPost = checkbox('formalPost');
  formalPost.checked = true;
  const willingness = checkbox('willingnessSigned');
  const investigated = checkbox('underInvestigation');
  const sanctioned = checkbox('sanctioned');

  // The selects offer only the schema's values (vocabulary.js); the API checks them again.
  /** @returns {NominationBody} */
  const profile = () => ({
    officialId: valueOf(officialId),
    name: valueOf(name),
    email: valueOf(email),
    post: /** @type {NominationBody['post']} */ (post.value),
    village: valueOf(village),
    dispatchingUnit: valueOf(unit),
    birthDate: birthDate.value,
    partyMember: /** @type {NominationBody['partyMember']} */ (party.value),
    underInvestigation: investigated.checked,
    sanctioned: sanctioned.checked,
    lastRatings: /** @type {NominationBody['lastRatings']} */ (
      [rating1.value, rating2.value].filter(Boolean)
    ),
    lastHealthCheck: healthDate.value
      ? { date: healthDate.value, fit: healthFit.value === 'true' }
      : null,
    workYears: Number(workYears.value),
    formalPost: formalPost.checked,
    willingnessSigned: willingness.checked,
    ...(replaces ? { replacesOfficialId: replaces } : {}),
  });

  const form = actionForm({
    id: 'nominate',
    controls: [
      h(
        'fieldset',
        {},
        h('legend', {}, t('nominate.who')),
        field('nominate-id', t('nominate.officialId'), officialId, t('nominate.officialIdHint')),
        field('nominate-name', t('nominate.name'), name),
        field('nominate-email', t('nominate.email'), email),
        field('nominate-birth', t('nominate.birthDate'), birthDate),
        field('nominate-post', t('nominate.post'), post),
        field('nominate-village', t('nominate.village'), village, t('nominate.villageHint')),
        field('nominate-unit', t('nominate.unit'), unit),
      ),
      h(
        'fieldset',
        {},
        h('legend', {}, t('nominate.rules')),
        h('p', { class: 'hint' }, t('nominate.rulesHint')),
        field('nominate-party', t('nominate.party'), party),
        field('nominate-years', t('nominate.workYears'), workYears),
        field('nominate-rating1', t('nominate.rating1'), rating1),
        field('nominate-rating2', t('nominate.rating2'), rating2),
        field('nominate-health-date', t('nominate.healthDate'), healthDate),
        field('nominate-health-fit', t('nominate.healthFit'), healthFit),
        checkField('nominate-formal', t('nominate.formalPost'), formalPost),
        checkField('nominate-willing', t('nominate.willingness'), willingness),
        checkField('nominate-investigated', t('nominate.investigated'), investigated),
        checkField('nominate-sanctioned', t('nominate.sanctioned'), sanctioned),
      ),
    ],
    submitLabel: t('nominate.submit'),
    /** @returns {Promise<NominationResult | ScreenedOut>} */
    send: async (idempotencyKey) => {
      const body = profile();
      try {
        return await load('/api/nominations', {
          method: 'POST',
          body,
          headers: { 'idempotency-key': idempotencyKey },
        });
      } catch (err) {
        // Screened out: the nomination and its screening are on record; show them.
        if (err instanceof ApiError && err.code === 'screened_out')
          return {
            screenedOut: /** @type {{ ruleIds?: string[] }} */ (err.details ?? {}).ruleIds ?? [],
            officialId: body.officialId,
          };
        throw err;
      }
    },
    done: (result) =>
      navigate(`/officials/${encodeURIComponent(result.officialId)}`, {
        flash:
          'screenedOut' in result
            ? t('nominate.screenedOut', {
                rules: result.screenedOut.map((id) => label('rule', id)).join('、'),
              })
            : t('nominate.done', { stage: label('stage', result.stage) }),
      }),
  });

  return [
    h('h1', {}, replaces ? t('nominate.successorTitle') : t('nominate.title')),
    replaces
      ? h(
          'p',
          {},
          t('nominate.replaces'),
          ' ',
          link(`/officials/${encodeURIComponent(replaces)}`, replaces),
        )
      : h('p', {}, t('nominate.intro')),
    form,
  ];
}
