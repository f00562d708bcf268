// The approvers' web page: static files from web/ (plain ES modules, no build
// step) that call this same JSON API with the bearer token. The page's own
// paths (/tasks/:id, /officials/:id, …) all answer with index.html, so that the
// links in reminder e-mails (publicUrl + /tasks/<id>) open the right view.
import { fileURLToPath } from 'node:url';
import express, { Router, type RequestHandler } from 'express';
import type { ApiDeps } from '../deps.js';
import { demoRoutes } from './demo.js';

export const WEB_DIR = fileURLToPath(new URL('../../web/', import.meta.url));

/** The paths the page routes itself (see web/app.js). */
export const PAGE_PATHS = [
  '/',
  '/sign-in',
  '/inbox',
  '/tasks/:taskId',
  '/officials',
  '/officials/:officialId',
  '/cases',
  '/cases/:caseId',
  '/mail',
];

// The Content-Security-Policy and the other security headers are helmet's, for
// every answer (api/security.ts).
const pageHeaders: RequestHandler = (_req, res, next) => {
  // No hashed file names without a build step: revalidate on every load (ETag).
  res.set('cache-control', 'no-cache');
  next();
};

export function webRoutes(deps: Pick<ApiDeps, 'config'>): Router {
  const router = Router();
  router.use(demoRoutes(deps));
  router.use(
    '/web',
    pageHeaders,
    express.static(WEB_DIR, { index: false, redirect: false, fallthrough: true }),
  );
  // One route per path, so that logs and metrics name the page's route.
  for (const path of PAGE_PATHS)
    router.get(path, pageHeaders, (_req, res) => {
      res.sendFile('index.html', { root: WEB_DIR });
    });
  return router;
}
