// Served from node_modules/lit-html/directives/if-defined.js (api/routes/web.ts).
export * from 'lit-html/directives/if-defined.js';
