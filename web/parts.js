// The page's small shared templates (lit-html): facts, badges, fields and
// their controls, the error box. Everything from the server goes in as a
// template value, so lit sets it as text: nothing is parsed as HTML.
import { getLang, hasWords, label, t } from './i18n.js';
import { html, nothing, ref, render } from './lit.js';
import { ApiError } from './session.js';

/** @typedef {import('./lit.js').TemplateResult} TemplateResult */

/** @param {string} href @param {unknown[]} children */
export const link = (href, ...children) => html`<a href=${href}>${children}</a>`;

/**
 * A definition list from [term, value] pairs; empty values are left out.
 * @param {[string, unknown][]} pairs
 */
export function facts(pairs, cls = 'facts') {
  const shown = pairs.filter(
    ([, value]) =>
      value !== undefined &&
      value !== null &&
      value !== '' &&
      !(Array.isArray(value) && value.length === 0),
  );
  return html`<dl class=${cls}>
    ${shown.map(
      ([term, value]) =>
        html`<div>
          <dt>${term}</dt>
          <dd>${value}</dd>
        </div>`,
    )}
  </dl>`;
}

/** @param {string} text @param {string} kind */
export const badge = (text, kind) => html`<span class="badge ${kind}">${text}</span>`;
export const overdueBadge = () => badge(t('badge.overdue'), 'overdue');
/** @param {string} stage */
export const stageBadge = (stage) => badge(label('stage', stage), `stage stage-${stage}`);

/**
 * The id of a field's hint, for the control's aria-describedby (nothing
 * without a hint): `aria-describedby=${describedBy(id, hint)}`.
 * @param {string} id
 * @param {string} [hint]
 */
export const describedBy = (id, hint) => (hint ? `${id}-hint` : nothing);

/**
 * A field: its label, its hint, and the control, which carries `id=${id}`
 * and `aria-describedby=${describedBy(id, hint)}` itself.
 * @param {{ id: string, label: string, hint?: string }} spec
 * @param {unknown} control
 */
export const field = ({ id, label: text, hint }, control) =>
  html`<div class="field">
    <label for=${id}>${text}</label>
    ${hint ? html`<p class="hint" id="${id}-hint">${hint}</p>` : nothing} ${control}
  </div>`;

/**
 * A date typed as YYYY-MM-DD in the page's language: Chromium words its own
 * date control in the browser's language ("mm/dd/yyyy") whatever the page's.
 * @param {{ id: string, name: string, value?: string, required?: boolean, hint?: string }} spec
 */
export const dateInput = ({ id, name, value = '', required = false, hint }) =>
  html`<input
    type="text"
    id=${id}
    name=${name}
    .value=${value}
    ?required=${required}
    aria-describedby=${describedBy(id, hint)}
    inputmode="numeric"
    autocomplete="off"
    maxlength="10"
    pattern="\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])"
    placeholder=${t('date.placeholder')}
    title=${t('date.format')}
  />`;

/**
 * A whole number of days, from `min` to `max`, typed on a phone's number pad.
 * @param {{ id: string, name?: string, min: number, max: number, value?: string | number, hint?: string }} spec
 */
export const daysInput = ({ id, name = 'days', min, max, value = '', hint }) =>
  html`<input
    type="number"
    id=${id}
    name=${name}
    min=${min}
    max=${max}
    step="1"
    required
    inputmode="numeric"
    .value=${String(value)}
    aria-describedby=${describedBy(id, hint)}
  />`;

/**
 * @param {{ id: string, name: string, options: ReadonlyArray<readonly [string, string] | string[]>, value?: string | null, hint?: string, required?: boolean }} spec  options: [value, text]
 */
export const select = ({ id, name, options, value, hint, required = false }) =>
  html`<select
    id=${id}
    name=${name}
    ?required=${required}
    aria-describedby=${describedBy(id, hint)}
  >
    ${options.map(
      ([v, text]) => html`<option value=${v} ?selected=${v === (value ?? '')}>${text}</option>`,
    )}
  </select>`;

/**
 * Text as written (a self-report, a reason): its line breaks kept
 * (blockquote.report is pre-wrap), so nothing but the text goes inside.
 * @param {unknown} text
 */
export const reportQuote = (text) => html`<blockquote class="report">${text}</blockquote>`;

/**
 * What the server said, in the page's words: from the refusal's code (and the
 * values its details carry), never its English message, unless the page reads
 * in English and has no sentence of its own for the code.
 * @param {ApiError} err
 */
export function refusalText(err) {
  if (!err.code || err.status === 0) return '';
  /** @type {Record<string, any>} */
  const d = err.details && typeof err.details === 'object' ? err.details : {};
  const values = {
    ...d,
    ...(d.cap !== undefined ? { cap: label('rating', d.cap) } : {}),
    ...(d.stage !== undefined ? { stage: label('stage', d.stage) } : {}),
    ...(Array.isArray(d.ruleIds)
      ? { rules: d.ruleIds.map((id) => label('rule', id)).join('、') }
      : {}),
  };
  // A refusal that names the term's stage has a sentence that says it.
  const key =
    d.stage !== undefined && hasWords(`refusal.${err.code}.stage`)
      ? `refusal.${err.code}.stage`
      : `refusal.${err.code}`;
  if (getLang() === 'en') {
    if (err.message) return t('error.detail', { message: err.message });
    return hasWords(key) ? t(key, values) : '';
  }
  return hasWords(key) ? t(key, values) : t('refusal.other');
}

/**
 * A clear message for a failed call, in a role="alert" region.
 * @param {unknown} err
 * @param {unknown[]} extra
 */
export function errorBox(err, ...extra) {
  const status = err instanceof ApiError ? err.status : -1;
  const headline =
    status === 0
      ? t('error.network')
      : [400, 401, 403, 404, 409, 422, 503].includes(status)
        ? t(`error.${status}`)
        : status >= 500
          ? t('error.503')
          : t('error.other');
  const detail =
    err instanceof ApiError ? refusalText(err) : err instanceof Error ? err.message : '';
  return html`<div class="alert" role="alert" data-status=${status}>
    <p class="alert-title">${headline}</p>
    ${detail ? html`<p>${detail}</p>` : nothing} ${extra}
  </div>`;
}

/**
 * An element whose content keeps a state of its own, put on the element as
 * `<section ${stateful(initial, view)}></section>` (the element's content is
 * the view's alone): `view(state, update, host)` is rendered into it, and again
 * (lit updates in place) each time `update(next)` changes the state, e.g. a
 * button that loads a list once, a list that shows all its entries.
 * @template {object} S
 * @param {S} initial
 * @param {(state: S, update: (next: Partial<S>) => void, host: Element) => unknown} view
 */
export function stateful(initial, view) {
  let state = initial;
  /** @type {Element | undefined} */
  let host;
  const draw = () => {
    if (host) render(view(state, update, host), /** @type {HTMLElement} */ (host));
  };
  /** @param {Partial<S>} next */
  const update = (next) => {
    state = { ...state, ...next };
    draw();
  };
  return ref((el) => {
    host = el;
    draw();
  });
}
