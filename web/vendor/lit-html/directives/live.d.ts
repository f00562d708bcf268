// Served from node_modules/lit-html/directives/live.js (api/routes/web.ts).
export * from 'lit-html/directives/live.js';
