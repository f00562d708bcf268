// The page's small shared templates (lit-html): facts, badges, fields and
// their controls, the error box. Everything from the server goes in as a
// template value, so lit sets it as text: nothing is parsed as HTML.
import { refusalText } from './dom.js';
import { t, label } from './i18n.js';
import { html, nothing } from './lit.js';
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
