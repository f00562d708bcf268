// lit-html, the page's one way to make markup: every view is a template
// (html`…`) that lit renders and updates in place. Served from node_modules
// under /web/vendor/lit-html/ (api/routes/web.ts VENDOR_PACKAGES), no build
// step; the .d.ts files beside web/vendor/ give tsc the package's own types.
export { html, nothing, render, svg } from './vendor/lit-html/lit-html.js';
/** @typedef {import('./vendor/lit-html/lit-html.js').TemplateResult} TemplateResult */
export { createRef, ref } from './vendor/lit-html/directives/ref.js';
export { ifDefined } from './vendor/lit-html/directives/if-defined.js';
export { keyed } from './vendor/lit-html/directives/keyed.js';
export { live } from './vendor/lit-html/directives/live.js';
export { repeat } from './vendor/lit-html/directives/repeat.js';
