// Served from node_modules/lit-html/directives/keyed.js (api/routes/web.ts).
export * from 'lit-html/directives/keyed.js';
