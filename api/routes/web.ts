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
export const PAGE_PATHS = ['/', '/sign-in', '/inbox', '/tasks/:taskId', '/officials', '/officials/:officialId', '/cases', '/cases/:caseId', '/mail'];

// Everything the page loads comes from this origin: no CDN, no inline script.
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const pageHeaders: RequestHandler = (_req, res, next) => {
  res.set({
    'content-security-policy': CSP,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    // No hashed file names without a build step: revalidate on every load (ETag).
    'cache-control': 'no-cache',
  });
  next();
};

export function webRoutes(deps: Pick<ApiDeps, 'config'>): Router {
  const router = Router();
  router.use(demoRoutes(deps));
  router.use('/web', pageHeaders, express.static(WEB_DIR, { index: false, redirect: false, fallthrough: true }));
  router.get(PAGE_PATHS, pageHeaders, (_req, res) => {
    res.sendFile('index.html', { root: WEB_DIR });
  });
  return router;
}
