// Served from node_modules/lit-html/directives/repeat.js (api/routes/web.ts).
export * from 'lit-html/directives/repeat.js';
