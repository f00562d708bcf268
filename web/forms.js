// One way to send an action from the page: the fields, one Idempotency-Key per
// attempt (a double click acts once; a new attempt after an error gets a new
// key), a busy state, the error in the form, and, for what cannot be undone,
// a second step that names the consequence before anything is sent.
import { errorBox, field, h } from './dom.js';
import { t } from './i18n.js';
import { Abort, navigate } from './router.js';
import { ApiError } from './session.js';

/**
 * @template [R=any]  what `send` resolves to (the API's answer), handed to `done`
 * @param {object} spec
 * @param {string} spec.id  the form's id (tests and labels hang on it)
 * @param {import('./types.js').Child[]} spec.controls  the fields, each from field()
 * @param {string} spec.submitLabel
 * @param {() => (string | null | undefined)} [spec.consequence]  what sending will do, when it cannot be undone
 * @param {(idempotencyKey: string) => Promise<R>} spec.send
 * @param {(result: R) => unknown} spec.done
 * @param {string} [spec.buttonClass]
 */
export function actionForm({
  id,
  controls,
  submitLabel,
  consequence,
  send,
  done,
  buttonClass = 'primary',
}) {
  const status = h('div', { class: 'form-status', id: `${id}-status` });
  const submit = h('button', { type: 'submit', class: buttonClass }, submitLabel);
  const form = h(
    'form',
    { class: 'card action', id, 'aria-describedby': `${id}-status` },
    ...controls,
    h('div', { class: 'buttons' }, submit),
    status,
  );
  let idempotencyKey = crypto.randomUUID();

  /** @param {boolean} busy */
  const setBusy = (busy) => {
    for (const b of form.querySelectorAll('button')) b.disabled = busy;
    if (busy) form.setAttribute('aria-busy', 'true');
    else form.removeAttribute('aria-busy');
  };

  const run = async () => {
    status.replaceChildren(h('p', { class: 'pending' }, t('task.submitting')));
    setBusy(true);
    try {
      const result = await send(idempotencyKey);
      await done(result);
    } catch (err) {
      if (err instanceof Abort) return;
      idempotencyKey = crypto.randomUUID();
      setBusy(false);
      status.replaceChildren(errorBox(err));
      // Refused for good (not this person's, or already done): trying again cannot help.
      if (err instanceof ApiError && (err.status === 403 || err.status === 409))
        submit.disabled = true;
    }
  };

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const warning = consequence?.();
    if (!warning) return void run();
    setBusy(true);
    confirmStep(status, {
      warning,
      confirmLabel: t('do.confirm'),
      onConfirm: run,
      onCancel: () => setBusy(false),
    });
  });
  return form;
}

/**
 * The second step before what cannot be undone, shown in `status`: the
 * consequence in words, a button that says what it does, and one to cancel.
 * @param {HTMLElement} status
 * @param {{ warning: string, confirmLabel: string, onConfirm: () => unknown, onCancel?: () => void }} step
 */
export function confirmStep(status, { warning, confirmLabel, onConfirm, onCancel = () => {} }) {
  const confirm = h('button', { type: 'button', class: 'reject' }, confirmLabel);
  const cancel = h('button', { type: 'button' }, t('do.cancel'));
  confirm.addEventListener('click', () => void onConfirm());
  cancel.addEventListener('click', () => {
    status.replaceChildren();
    onCancel();
  });
  status.replaceChildren(
    h(
      'div',
      { class: 'alert confirm', role: 'alertdialog', 'aria-label': t('do.confirmTitle') },
      h('p', { class: 'alert-title' }, t('do.confirmTitle')),
      h('p', {}, warning),
      h('div', { class: 'buttons' }, confirm, cancel),
    ),
  );
  confirm.focus();
}

/**
 * A list's filter form: each field's trimmed value goes into the query under
 * its `param`, unless empty or the field's default; submitting navigates.
 * @param {object} spec
 * @param {string} spec.path
 * @param {{ id: string, label: string, param: string, control: HTMLInputElement | HTMLSelectElement, omit?: string }[]} spec.fields
 * @param {string} spec.submitLabel
 * @param {string} spec.ariaLabel  the search landmark's name (a page may have several)
 */
export function filterForm({ path, fields, submitLabel, ariaLabel }) {
  return h(
    'form',
    {
      class: 'filters',
      role: 'search',
      'aria-label': ariaLabel,
      onsubmit: (/** @type {SubmitEvent} */ e) => {
        e.preventDefault();
        const query = new URLSearchParams();
        for (const { param, control, omit = '' } of fields) {
          const value = control.value.trim();
          if (value && value !== omit) query.set(param, value);
        }
        void navigate(`${path}${query.size ? `?${query}` : ''}`);
      },
    },
    fields.map(({ id, label, control }) => field(id, label, control)),
    h('button', { type: 'submit' }, submitLabel),
  );
}

/**
 * A text area or input's value, trimmed.
 * @param {HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement} control
 */
export const valueOf = (control) => control.value.trim();
