// Served from node_modules/universal-router/path-to-regexp.js (api/routes/web.ts).
export * from 'universal-router/path-to-regexp';
