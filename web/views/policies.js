// Policy versions: every signed-in actor reads the versions and which is in
// force; the regional administrator publishes a new one, in force from a
// date, with the rules that change (the others stay as in the version before).
import { dateInput, field, h } from '../dom.js';
import { actionForm, valueOf } from '../forms.js';
import { t } from '../i18n.js';
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
const cell = (value) => h('td', { class: 'num' }, value === undefined ? '—' : String(value));

/** @param {import('../types.js').PoliciesPage} page */
function versionsTable(page) {
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: 'policies', id: 'policy-versions' },
      h('caption', {}, t('policies.caption')),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col' }, t('policies.version')),
          h('th', { scope: 'col' }, t('policies.effectiveFrom')),
          ...RULES.map((rule) =>
            h('th', { scope: 'col', class: 'num' }, t(`policies.rule.${rule.name}`)),
          ),
          h('th', { scope: 'col' }, t('policies.reason')),
        ),
      ),
      h(
        'tbody',
        {},
        page.versions.map((v) =>
          h(
            'tr',
            { class: v.version === page.inForce ? 'in-force' : undefined },
            h(
              'th',
              { scope: 'row' },
              v.version,
              v.version === page.inForce
                ? h('span', { class: 'badge stage' }, t('policies.inForce'))
                : null,
            ),
            h('td', {}, v.effectiveFrom ?? t('policies.builtIn')),
            ...RULES.map((rule) => cell(v.rules[rule.name])),
            h('td', {}, v.reason ?? ''),
          ),
        ),
      ),
    ),
  );
}

/** @param {import('../types.js').PoliciesPage} page */
function publishForm(page) {
  // The built-in version is always listed; without any there is nothing to change from.
  const latest = page.versions.at(-1);
  if (!latest) return null;
  const version = h('input', {
    type: 'text',
    name: 'version',
    required: true,
    maxlength: 40,
    pattern: '[A-Za-z0-9][A-Za-z0-9.+\\-]{0,39}',
    autocomplete: 'off',
  });
  const effectiveFrom = dateInput({ name: 'effectiveFrom', required: true });
  const reason = h('textarea', { name: 'reason', required: true, maxlength: 500, rows: 2 });
  const inputs = RULES.map((rule) =>
    h('input', {
      type: 'number',
      name: rule.name,
      min: rule.min,
      max: rule.max,
      step: rule.step,
      inputmode: 'decimal',
      placeholder: String(latest.rules[rule.name] ?? ''),
    }),
  );
  const changes = () => {
    /** @type {Record<string, number>} */
    const out = {};
    RULES.forEach((rule, i) => {
      const text = valueOf(inputs[i]);
      if (text !== '') out[rule.name] = Number(text);
    });
    return out;
  };
  return actionForm({
    id: 'publish-policy',
    controls: [
      h('h2', {}, t('policies.publish')),
      h('p', { class: 'hint' }, t('policies.publishHint', { version: latest.version })),
      field('policy-version', t('policies.version'), version),
      field(
        'policy-from',
        t('policies.effectiveFrom'),
        effectiveFrom,
        t('policies.effectiveFromHint'),
      ),
      field('policy-reason', t('policies.reason'), reason),
      h(
        'fieldset',
        {},
        h('legend', {}, t('policies.changes')),
        ...RULES.map((rule, i) =>
          field(`policy-${rule.name}`, t(`policies.rule.${rule.name}`), inputs[i]),
        ),
      ),
    ],
    submitLabel: t('policies.submit'),
    consequence: () =>
      t('policies.consequence', { version: valueOf(version), date: effectiveFrom.value }),
    send: (idempotencyKey) =>
      load('/api/policies', {
        method: 'POST',
        body: {
          version: valueOf(version),
          effectiveFrom: effectiveFrom.value,
          reason: valueOf(reason),
          changes: changes(),
        },
        headers: { 'idempotency-key': idempotencyKey },
      }),
    done: (result) =>
      navigate('/policies', { flash: t('policies.published', { version: result.version }) }),
  });
}

export async function policiesView() {
  const page = await load('/api/policies');
  const mayPublish = (session.actor?.publishes ?? []).includes('policy');
  return [
    h('h1', {}, t('policies.title')),
    h('p', {}, t('policies.intro')),
    versionsTable(page),
    mayPublish ? publishForm(page) : null,
  ];
}
