// One way to send an action from the page (lit-html): the fields, one
// Idempotency-Key per attempt (a double click acts once; a new attempt after
// an error gets a new key), a busy state, the error in the form, and, for
// what cannot be undone, a second step that names the consequence before
// anything is sent. The form's values are read from the form element itself
// (its controls' names), handed to `consequence` and `send`.
import { t } from './i18n.js';
import { html, nothing, render } from './lit.js';
import { errorBox } from './parts.js';
import { Abort, navigate } from './router.js';
import { ApiError } from './session.js';

/**
 * A named control of a form, as text (trimmed): '' when absent.
 * @param {HTMLFormElement} form
 * @param {string} name
 */
export function formValue(form, name) {
  const control = form.elements.namedItem(name);
  if (
    control instanceof HTMLInputElement ||
    control instanceof HTMLTextAreaElement ||
    control instanceof HTMLSelectElement
  )
    return control.value.trim();
  return '';
}

/**
 * @template [R=any]  what `send` resolves to (the API's answer), handed to `done`
 * @param {object} spec
 * @param {string} spec.id  the form's id (tests and labels hang on it)
 * @param {unknown} spec.controls  the fields (templates from parts.js field())
 * @param {string} spec.submitLabel
 * @param {(form: HTMLFormElement) => (string | null | undefined)} [spec.consequence]  what sending will do, when it cannot be undone
 * @param {(idempotencyKey: string, form: HTMLFormElement) => Promise<R>} spec.send
 * @param {(result: R) => unknown} spec.done
 * @param {string} [spec.buttonClass]
 * @param {string} [spec.formClass]  'action' alone for a form inside a table's row (no card)
 * @param {string} [spec.submitName]  the button's accessible name, when its label alone is not enough (a row's)
 */
export function actionForm({
  id,
  controls,
  submitLabel,
  consequence,
  send,
  done,
  buttonClass = 'primary',
  formClass = 'card action',
  submitName,
}) {
  let idempotencyKey = crypto.randomUUID();

  /** @param {HTMLFormElement} form */
  const parts = (form) => ({
    status: /** @type {HTMLElement} */ (form.querySelector('.form-status')),
    submit: /** @type {HTMLButtonElement} */ (form.querySelector('button[type=submit]')),
  });

  /** @param {HTMLFormElement} form @param {boolean} busy */
  const setBusy = (form, busy) => {
    for (const b of form.querySelectorAll('button')) b.disabled = busy;
    if (busy) form.setAttribute('aria-busy', 'true');
    else form.removeAttribute('aria-busy');
  };

  /** @param {HTMLFormElement} form */
  const run = async (form) => {
    const { status, submit } = parts(form);
    render(html`<p class="pending">${t('task.submitting')}</p>`, status);
    setBusy(form, true);
    try {
      const result = await send(idempotencyKey, form);
      await done(result);
    } catch (err) {
      if (err instanceof Abort) return;
      idempotencyKey = crypto.randomUUID();
      setBusy(form, false);
      render(errorBox(err), status);
      // Refused for good (not this person's, or already done): trying again cannot help.
      if (err instanceof ApiError && (err.status === 403 || err.status === 409))
        submit.disabled = true;
    }
  };

  /** @param {SubmitEvent} e */
  const onSubmit = (e) => {
    e.preventDefault();
    const form = /** @type {HTMLFormElement} */ (e.currentTarget);
    const warning = consequence?.(form);
    if (!warning) return void run(form);
    setBusy(form, true);
    confirmStep(parts(form).status, {
      warning,
      confirmLabel: t('do.confirm'),
      onConfirm: () => run(form),
      onCancel: () => setBusy(form, false),
    });
  };

  const name = submitName ?? nothing;
  return html`<form class=${formClass} id=${id} aria-describedby="${id}-status" @submit=${onSubmit}>
    ${controls}
    <div class="buttons">
      <button type="submit" class=${buttonClass} aria-label=${name}>${submitLabel}</button>
    </div>
    <div class="form-status" id="${id}-status"></div>
  </form>`;
}

/**
 * The second step before what cannot be undone, shown in `status`: the
 * consequence in words, a button that says what it does, and one to cancel.
 * @param {HTMLElement} status
 * @param {{ warning: string, confirmLabel: string, onConfirm: () => unknown, onCancel?: () => void }} step
 */
export function confirmStep(status, { warning, confirmLabel, onConfirm, onCancel = () => {} }) {
  const cancel = () => {
    render(null, status);
    onCancel();
  };
  render(
    html`<div class="alert confirm" role="alertdialog" aria-label=${t('do.confirmTitle')}>
      <p class="alert-title">${t('do.confirmTitle')}</p>
      <p>${warning}</p>
      <div class="buttons">
        <button type="button" class="reject" @click=${() => void onConfirm()}>
          ${confirmLabel}
        </button>
        <button type="button" @click=${cancel}>${t('do.cancel')}</button>
      </div>
    </div>`,
    status,
  );
  /** @type {HTMLButtonElement | null} */ (status.querySelector('button.reject'))?.focus();
}

/**
 * A list's filter form: each field's trimmed value goes into the query under
 * its `param` (the control's name), unless empty or the field's default;
 * submitting navigates.
 * @param {object} spec
 * @param {string} spec.path
 * @param {{ param: string, field: unknown, omit?: string }[]} spec.fields  field: a parts.js field() whose control is named `param`
 * @param {string} spec.submitLabel
 * @param {string} spec.ariaLabel  the search landmark's name (a page may have several)
 */
export function filterForm({ path, fields, submitLabel, ariaLabel }) {
  /** @param {SubmitEvent} e */
  const onSubmit = (e) => {
    e.preventDefault();
    const form = /** @type {HTMLFormElement} */ (e.currentTarget);
    const query = new URLSearchParams();
    for (const { param, omit = '' } of fields) {
      const value = formValue(form, param);
      if (value && value !== omit) query.set(param, value);
    }
    void navigate(`${path}${query.size ? `?${query}` : ''}`);
  };
  return html`<form class="filters" role="search" aria-label=${ariaLabel} @submit=${onSubmit}>
    ${fields.map((f) => f.field)}
    <button type="submit">${submitLabel}</button>
  </form>`;
}
