// Nomination (the dispatching unit): a candidate's profile, as the six
// no-dispatch rules read it, for a village; with ?replaces=<officialId> the
// candidate succeeds that official in their open reassignment case. The
// workflow screens the candidate; a candidate screened out stays on record
// with the rules that failed, and the page opens that record.
import { actionForm, formValue } from '../actions.js';
import { label, t } from '../i18n.js';
import { html, nothing } from '../lit.js';
import { dateInput, describedBy, field, link, select } from '../parts.js';
import { load, navigate } from '../router.js';
import { ApiError } from '../session.js';
import { PARTY_MEMBERSHIPS, POSTS, RATINGS } from '../vocabulary.js';

/** @typedef {import('../types.js').NominationBody} NominationBody */
/** @typedef {import('../types.js').NominationResult} NominationResult */
/** A candidate screened out: on record, with the rules that failed. */
/** @typedef {{ screenedOut: string[], officialId: string }} ScreenedOut */

/**
 * A text field of the candidate's profile: its label, its hint, the input.
 * @param {{ id: string, label: string, hint?: string, name: string, maxlength: number, value?: string, pattern?: string, placeholder?: string }} spec
 */
const textField = ({ id, label: text, hint, name, maxlength, value, pattern, placeholder }) =>
  field(
    { id, label: text, hint },
    html`<input
      type="text"
      autocomplete="off"
      id=${id}
      name=${name}
      required
      maxlength=${maxlength}
      value=${value ?? nothing}
      pattern=${pattern ?? nothing}
      placeholder=${placeholder ?? nothing}
      aria-describedby=${describedBy(id, hint)}
    />`,
  );

/**
 * A yes-or-no fact as a checkbox, its label beside it (.field.check).
 * @param {string} id @param {string} text @param {string} name @param {boolean} [checked]
 */
const checkField = (id, text, name, checked = false) =>
  html`<div class="field check">
    <label for=${id}>${text}</label>
    <input type="checkbox" id=${id} name=${name} .checked=${checked} />
  </div>`;

/**
 * Whether a checkbox of the form is ticked.
 * @param {HTMLFormElement} form @param {string} name
 */
const ticked = (form, name) =>
  /** @type {HTMLInputElement} */ (form.elements.namedItem(name)).checked;

export function nominateView() {
  const q = new URLSearchParams(location.search);
  const replaces = (q.get('replaces') ?? '').slice(0, 64);
  const ratingOptions = [
    ['', t('nominate.noRating')],
    ...RATINGS.map((r) => [r, label('rating', r)]),
  ];

  // The selects offer only the schema's values (vocabulary.js); the API checks them again.
  /** @param {HTMLFormElement} form @returns {NominationBody} */
  const profile = (form) => {
    const healthDate = /** @type {HTMLInputElement} */ (form.elements.namedItem('healthDate'))
      .value;
    return {
      officialId: formValue(form, 'officialId'),
      name: formValue(form, 'name'),
      email: formValue(form, 'email'),
      post: /** @type {NominationBody['post']} */ (formValue(form, 'post')),
      village: formValue(form, 'village'),
      dispatchingUnit: formValue(form, 'dispatchingUnit'),
      birthDate: /** @type {HTMLInputElement} */ (form.elements.namedItem('birthDate')).value,
      partyMember: /** @type {NominationBody['partyMember']} */ (formValue(form, 'partyMember')),
      underInvestigation: ticked(form, 'underInvestigation'),
      sanctioned: ticked(form, 'sanctioned'),
      lastRatings: /** @type {NominationBody['lastRatings']} */ (
        [formValue(form, 'rating1'), formValue(form, 'rating2')].filter(Boolean)
      ),
      lastHealthCheck: healthDate
        ? { date: healthDate, fit: formValue(form, 'healthFit') === 'true' }
        : null,
      workYears: Number(formValue(form, 'workYears')),
      formalPost: ticked(form, 'formalPost'),
      willingnessSigned: ticked(form, 'willingnessSigned'),
      ...(replaces ? { replacesOfficialId: replaces } : {}),
    };
  };

  const who = html`<fieldset>
    <legend>${t('nominate.who')}</legend>
    ${textField({
      id: 'nominate-id',
      label: t('nominate.officialId'),
      hint: t('nominate.officialIdHint'),
      name: 'officialId',
      maxlength: 64,
      pattern: '[A-Za-z0-9_\\-]{1,64}',
    })}
    ${textField({ id: 'nominate-name', label: t('nominate.name'), name: 'name', maxlength: 80 })}
    ${field(
      { id: 'nominate-email', label: t('nominate.email') },
      html`<input type="email" id="nominate-email" name="email" required maxlength="200" />`,
    )}
    ${field(
      { id: 'nominate-birth', label: t('nominate.birthDate') },
      dateInput({ id: 'nominate-birth', name: 'birthDate', required: true }),
    )}
    ${field(
      { id: 'nominate-post', label: t('nominate.post') },
      select({
        id: 'nominate-post',
        name: 'post',
        options: POSTS.map((p) => [p, label('post', p)]),
        value: 'first_secretary',
      }),
    )}
    ${textField({
      id: 'nominate-village',
      label: t('nominate.village'),
      hint: t('nominate.villageHint'),
      name: 'village',
      maxlength: 200,
      value: (q.get('village') ?? '').slice(0, 200),
      pattern: '[a-z0-9\\-]+(/[a-z0-9\\-]+){4}',
      placeholder: 'gx/nanning/wuming/fucheng/lianhe',
    })}
    ${textField({
      id: 'nominate-unit',
      label: t('nominate.unit'),
      name: 'dispatchingUnit',
      maxlength: 120,
    })}
  </fieldset>`;

  const rules = html`<fieldset>
    <legend>${t('nominate.rules')}</legend>
    <p class="hint">${t('nominate.rulesHint')}</p>
    ${field(
      { id: 'nominate-party', label: t('nominate.party') },
      select({
        id: 'nominate-party',
        name: 'partyMember',
        options: PARTY_MEMBERSHIPS.map((p) => [p, t(`nominate.party.${p}`)]),
        value: 'full',
      }),
    )}
    ${field(
      { id: 'nominate-years', label: t('nominate.workYears') },
      html`<input
        type="number"
        id="nominate-years"
        name="workYears"
        min="0"
        max="60"
        step="1"
        required
        inputmode="numeric"
      />`,
    )}
    ${field(
      { id: 'nominate-rating1', label: t('nominate.rating1') },
      select({ id: 'nominate-rating1', name: 'rating1', options: ratingOptions, value: '' }),
    )}
    ${field(
      { id: 'nominate-rating2', label: t('nominate.rating2') },
      select({ id: 'nominate-rating2', name: 'rating2', options: ratingOptions, value: '' }),
    )}
    ${field(
      { id: 'nominate-health-date', label: t('nominate.healthDate') },
      dateInput({ id: 'nominate-health-date', name: 'healthDate' }),
    )}
    ${field(
      { id: 'nominate-health-fit', label: t('nominate.healthFit') },
      select({
        id: 'nominate-health-fit',
        name: 'healthFit',
        options: [
          ['true', t('do.health.fit')],
          ['false', t('do.health.unfit')],
        ],
        value: 'true',
      }),
    )}
    ${checkField('nominate-formal', t('nominate.formalPost'), 'formalPost', true)}
    ${checkField('nominate-willing', t('nominate.willingness'), 'willingnessSigned')}
    ${checkField('nominate-investigated', t('nominate.investigated'), 'underInvestigation')}
    ${checkField('nominate-sanctioned', t('nominate.sanctioned'), 'sanctioned')}
  </fieldset>`;

  const form = actionForm({
    id: 'nominate',
    controls: [who, rules],
    submitLabel: t('nominate.submit'),
    /** @returns {Promise<NominationResult | ScreenedOut>} */
    send: async (idempotencyKey, form) => {
      const body = profile(form);
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

  const title = replaces ? t('nominate.successorTitle') : t('nominate.title');
  const successorOf = link(`/officials/${encodeURIComponent(replaces)}`, replaces);
  return html`<h1>${title}</h1>
    ${replaces
      ? html`<p>${t('nominate.replaces')} ${successorOf}</p>`
      : html`<p>${t('nominate.intro')}</p>`}
    ${form}`;
}
