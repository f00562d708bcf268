// DOM building blocks: elements from textContent only (nothing from the
// server is parsed as HTML), fields, badges, and the error box.
import { getLang, hasWords, label, t } from './i18n.js';
import { render } from './lit.js';
import { ApiError } from './session.js';

export const DAY = 86_400_000;

/** @typedef {import('./session.js').ApiError} ApiErrorType */
/** @typedef {import('./types.js').Child} Child */
/** An attribute's value: an on* handler, a boolean (present or not), or text. */
/** @typedef {((event: any) => unknown) | string | number | boolean | null | undefined} AttrValue */

/**
 * Builds an element: attributes (on* handlers, booleans, the rest as attributes) and children.
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Record<string, AttrValue> | null} [attrs]
 * @param {Child[]} children
 * @returns {HTMLElementTagNameMap[K]}
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = String(v);
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, String(v));
  }
  append(el, children);
  return el;
}

/**
 * @template {Element} E
 * @param {E} el
 * @param {readonly Child[]} children  nested lists at any depth
 * @returns {E}
 */
export function append(el, children) {
  for (const c of children) {
    if (c === undefined || c === null || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else if (isTemplate(c)) {
      // A view already in lit-html, inside one still built element by element.
      const part = document.createDocumentFragment();
      render(c, part);
      el.append(part);
    } else el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

/** A lit-html template result (html`…`). @param {unknown} value @returns {value is import('./lit.js').TemplateResult} */
const isTemplate = (value) => typeof value === 'object' && value !== null && '_$litType$' in value;

/** @param {string} href @param {Child[]} children */
export const link = (href, ...children) => h('a', { href }, ...children);

/**
 * A definition list from [term, value] pairs; empty values are left out.
 * @param {[string, Child][]} pairs
 */
export function facts(pairs, cls = 'facts') {
  const dl = h('dl', { class: cls });
  for (const [term, value] of pairs) {
    if (
      value === undefined ||
      value === null ||
      value === '' ||
      (Array.isArray(value) && value.length === 0)
    )
      continue;
    dl.append(h('div', {}, h('dt', {}, term), h('dd', {}, value)));
  }
  return dl;
}

/** @param {string} text @param {string} kind */
export const badge = (text, kind) => h('span', { class: `badge ${kind}` }, text);
export const overdueBadge = () => badge(t('badge.overdue'), 'overdue');
/** @param {string} stage */
export const stageBadge = (stage) => badge(label('stage', stage), `stage stage-${stage}`);

/**
 * A field with its label (and hint tied by aria-describedby).
 * @param {string} id
 * @param {string} text
 * @param {HTMLElement} control
 * @param {string} [hint]
 */
export function field(id, text, control, hint) {
  control.id = id;
  if (hint) control.setAttribute('aria-describedby', `${id}-hint`);
  return h(
    'div',
    { class: 'field' },
    h('label', { for: id }, text),
    hint ? h('p', { class: 'hint', id: `${id}-hint` }, hint) : null,
    control,
  );
}

/**
 * A date typed as YYYY-MM-DD in the page's language: Chromium words its own
 * date control in the browser's language ("mm/dd/yyyy") whatever the page's.
 * @param {Record<string, AttrValue>} attrs
 */
export function dateInput(attrs) {
  return h('input', {
    type: 'text',
    inputmode: 'numeric',
    autocomplete: 'off',
    maxlength: 10,
    pattern: '\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])',
    placeholder: t('date.placeholder'),
    title: t('date.format'),
    ...attrs,
  });
}

/**
 * A whole number of days, from `min` to `max`, typed on a phone's number pad.
 * @param {number} min
 * @param {number} max
 * @param {Record<string, AttrValue>} [attrs]
 */
export function daysInput(min, max, attrs = {}) {
  return h('input', {
    type: 'number',
    name: 'days',
    min,
    max,
    step: 1,
    required: true,
    inputmode: 'numeric',
    ...attrs,
  });
}

/**
 * @param {string} name
 * @param {ReadonlyArray<readonly [string, string] | string[]>} options  [value, text]
 * @param {string | null} [value]
 */
export function select(name, options, value) {
  const s = h('select', { name });
  for (const [v, text] of options)
    s.append(h('option', { value: v, selected: v === (value ?? '') }, text));
  return s;
}

/**
 * Words in brackets: full-width in Chinese, a space and ASCII ones in English.
 * @param {string | number} text
 */
export const paren = (text) => (getLang() === 'zh' ? `（${text}）` : ` (${text})`);

/**
 * What the server said, in the page's words: from the refusal's code (and the
 * values its details carry), never its English message, unless the page reads
 * in English and has no sentence of its own for the code.
 * @param {ApiErrorType} err
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
 * @param {Child[]} extra
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
  return h(
    'div',
    { class: 'alert', role: 'alert', 'data-status': status },
    h('p', { class: 'alert-title' }, headline),
    detail ? h('p', {}, detail) : null,
    ...extra,
  );
}

/**
 * An element of index.html by its id; the page's shell always has it, so a
 * missing one is a bug said at once rather than a TypeError later.
 * @param {string} id
 * @returns {HTMLElement}
 */
export function byId(id) {
  const el = document.getElementById(id);
  if (!el) throw new Error(`index.html has no #${id}`);
  return el;
}

/**
 * Whether a value is one of a list's (an enum the API serves in
 * vocabulary.js), as a type guard: a value from the address bar narrows to it.
 * @template {string} T
 * @param {readonly T[]} list
 * @param {unknown} value
 * @returns {value is T}
 */
export const isOneOf = (list, value) => list.some((item) => item === value);
