// Served from node_modules/lit-html/directives/ref.js (api/routes/web.ts).
export * from 'lit-html/directives/ref.js';
