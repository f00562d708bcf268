// Served from node_modules/universal-router/universal-router.js (api/routes/web.ts).
export * from 'universal-router';
export { default } from 'universal-router';
