// Policy versions: every signed-in actor reads the versions and which is in
// force; the regional administrator publishes a new one, in force from a
// date, with the rules that change (the others stay as in the version before).
import { actionForm, formValue } from '../actions.js';
import { t } from '../i18n.js';
import { html, nothing } from '../lit.js';
import { dateInput, field } from '../parts.js';
import { load, navigate } from '../router.js';
import { session } from '../session.js';
import { POLICY_BOUNDS } from '../vocabulary.js';

/** The rules shown and offered for change, in this order. */
const RULE_NAMES = /** @type {const} */ ([
  'termMonths',
  'minResidenceDaysPerMonth',
  'countyTrainingsPerYear',
  'healthChecksPerYear',
  'replyWorkingDays',
  'decisionDays',
  'handoverDays',
  'successorLeadMonths',
  'outstandingQuota',
  'minReasonChars',
]);
/** Each with the bounds PolicySchema checks (served in vocabulary.js); a share goes by hundredths. */
const RULES = RULE_NAMES.map((name) => {
  const { min, max, int } = POLICY_BOUNDS[name];
  return { name, min: min ?? undefined, max: max ?? undefined, step: int ? 1 : 0.01 };
});

/** @param {unknown} value */
const cell = (value) => html`<td class="num">${value === undefined ? '—' : String(value)}</td>`;

/** @param {import('../types.js').PoliciesPage} page */
function versionsTable(page) {
  return html`<div class="table-wrap">
    <table class="policies" id="policy-versions">
      <caption>
        ${t('policies.caption')}
      </caption>
      <thead>
        <tr>
          <th scope="col">${t('policies.version')}</th>
          <th scope="col">${t('policies.effectiveFrom')}</th>
          ${RULES.map(
            (rule) => html`<th scope="col" class="num">${t(`policies.rule.${rule.name}`)}</th>`,
          )}
          <th scope="col">${t('policies.reason')}</th>
        </tr>
      </thead>
      <tbody>
        ${page.versions.map((v) => {
          const inForce = v.version === page.inForce;
          const mark = inForce
            ? html`<span class="badge stage">${t('policies.inForce')}</span>`
            : nothing;
          return html`<tr class=${inForce ? 'in-force' : nothing}>
            <th scope="row">${v.version}${mark}</th>
            <td>${v.effectiveFrom ?? t('policies.builtIn')}</td>
            ${RULES.map((rule) => cell(v.rules[rule.name]))}
            <td>${v.reason ?? ''}</td>
          </tr>`;
        })}
      </tbody>
    </table>
  </div>`;
}

/** @param {import('../types.js').PoliciesPage} page */
function publishForm(page) {
  // The built-in version is always listed; without any there is nothing to change from.
  const latest = page.versions.at(-1);
  if (!latest) return nothing;
  /** @param {HTMLFormElement} form */
  const changes = (form) => {
    /** @type {Record<string, number>} */
    const out = {};
    for (const rule of RULES) {
      const text = formValue(form, rule.name);
      if (text !== '') out[rule.name] = Number(text);
    }
    return out;
  };
  return actionForm({
    id: 'publish-policy',
    controls: html`<h2>${t('policies.publish')}</h2>
      <p class="hint">${t('policies.publishHint', { version: latest.version })}</p>
      ${field(
        { id: 'policy-version', label: t('policies.version') },
        html`<input
          type="text"
          id="policy-version"
          name="version"
          required
          maxlength="40"
          pattern="[A-Za-z0-9][A-Za-z0-9.+\\-]{0,39}"
          autocomplete="off"
        />`,
      )}
      ${field(
        {
          id: 'policy-from',
          label: t('policies.effectiveFrom'),
          hint: t('policies.effectiveFromHint'),
        },
        dateInput({
          id: 'policy-from',
          name: 'effectiveFrom',
          required: true,
          hint: t('policies.effectiveFromHint'),
        }),
      )}
      ${field(
        { id: 'policy-reason', label: t('policies.reason') },
        html`<textarea
          id="policy-reason"
          name="reason"
          required
          maxlength="500"
          rows="2"
        ></textarea>`,
      )}
      <fieldset>
        <legend>${t('policies.changes')}</legend>
        ${RULES.map((rule) =>
          field(
            { id: `policy-${rule.name}`, label: t(`policies.rule.${rule.name}`) },
            html`<input
              type="number"
              id="policy-${rule.name}"
              name=${rule.name}
              min=${rule.min ?? nothing}
              max=${rule.max ?? nothing}
              step=${rule.step}
              inputmode="decimal"
              placeholder=${String(latest.rules[rule.name] ?? '')}
            />`,
          ),
        )}
      </fieldset>`,
    submitLabel: t('policies.submit'),
    consequence: (form) =>
      t('policies.consequence', {
        version: formValue(form, 'version'),
        date: formValue(form, 'effectiveFrom'),
      }),
    send: (idempotencyKey, form) =>
      load('/api/policies', {
        method: 'POST',
        body: {
          version: formValue(form, 'version'),
          effectiveFrom: formValue(form, 'effectiveFrom'),
          reason: formValue(form, 'reason'),
          changes: changes(form),
        },
        headers: { 'idempotency-key': idempotencyKey },
      }),
    done: (result) =>
      navigate('/policies', { flash: t('policies.published', { version: result.version }) }),
  });
}

export async function policiesView() {
  /** @type {import('../types.js').PoliciesPage} */
  const page = await load('/api/policies');
  const mayPublish = (session.actor?.publishes ?? []).includes('policy');
  // After publishing, the router draws the page anew: an empty form.
  return html`<h1>${t('policies.title')}</h1>
    <p>${t('policies.intro')}</p>
    ${versionsTable(page)} ${mayPublish ? publishForm(page) : nothing}`;
}
