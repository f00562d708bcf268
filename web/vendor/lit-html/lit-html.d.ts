// Served from node_modules/lit-html/lit-html.js (api/routes/web.ts).
export * from 'lit-html';
