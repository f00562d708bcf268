// The approvers' web page: static files from web/ (plain ES modules, no build
// step) that call this same JSON API with the bearer token. The page's own
// paths (/tasks/:id, /officials/:id, …) all answer with index.html, so that the
// links in reminder e-mails (publicUrl + /tasks/<id>) open the right view.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { Router, type RequestHandler } from 'express';
import type { ApiDeps } from '../deps.js';
import { z } from 'zod';
import { CASE_GROUND_LABELS, RATING_LABELS, STAGE_LABELS } from '../../domain/labels.js';
import { PolicySchema } from '../../domain/policy.js';
import { CandidateProfileSchema } from '../../domain/profile.js';
import { RATINGS } from '../../domain/rating.js';
import {
  APPROVE_ONLY_KINDS,
  CASE_GROUNDS,
  CASE_STATUSES,
  HANDOVER_ITEMS,
  STAGES,
  TASK_KINDS,
} from '../../domain/records.js';
import { TASK_DECISIONS } from '../../domain/decisions.js';
import { ROLES, SCREENING_BODIES } from '../../domain/roles.js';
import { TASK_KIND_TITLES } from '../../domain/task-titles.js';
import { IMPORT_COLUMNS } from '../../operations/import-file.js';
import { CASE_AGES } from '../overview.js';
import { OVERVIEW_WORDS } from '../overview-words.js';
import { RequestBody } from '../schemas.js';
import { demoRoutes } from './demo.js';

export const WEB_DIR = fileURLToPath(new URL('../../web/', import.meta.url));

/**
 * Third-party files the page loads, served from node_modules under /web/vendor/
 * (same origin, same headers: the CSP needs no CDN). ECharts draws the
 * overview's charts; its build calls no eval, so script-src stays 'self'.
 */
export const VENDOR_FILES: Record<string, string> = {
  'echarts.min.js': createRequire(import.meta.url).resolve('echarts/dist/echarts.min.js'),
};

/** The folder of an installed package: up from its entry point to its package.json. */
function packageDir(name: string): string {
  let dir = dirname(createRequire(import.meta.url).resolve(name));
  for (;;) {
    try {
      if (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).name === name) return dir;
    } catch {
      // no package.json here: go up
    }
    const up = dirname(dir);
    if (up === dir) throw new Error(`no package folder for ${name}`);
    dir = up;
  }
}

/**
 * Whole packages the page imports as ES modules, served from node_modules
 * under /web/vendor/<name>/ (their own relative imports resolve there):
 * lit-html renders every view from templates, universal-router maps the
 * address bar's path to its view. Only their .js files are served.
 */
export const VENDOR_PACKAGES: Record<string, string> = {
  'lit-html': packageDir('lit-html'),
  'universal-router': packageDir('universal-router'),
};

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
  '/nominate',
  '/month-close',
  '/overview',
  '/policies',
  '/import',
];

// The Content-Security-Policy and the other security headers are helmet's, for
// every answer (api/security.ts).
const pageHeaders: RequestHandler = (_req, res, next) => {
  // No hashed file names without a build step: revalidate on every load (ETag).
  res.set('cache-control', 'no-cache');
  next();
};

/** The bounds of each whole-number or decimal rule of a policy, as PolicySchema checks them. */
function policyBounds() {
  const bounds: Record<string, { min: number | null; max: number | null; int: boolean }> = {};
  for (const [name, schema] of Object.entries(PolicySchema.shape)) {
    const inner = schema instanceof z.ZodOptional ? schema.unwrap() : schema;
    if (inner instanceof z.ZodNumber)
      bounds[name] = { min: inner.minValue, max: inner.maxValue, int: inner.isInt };
  }
  return bounds as Record<
    NumericPolicyRule,
    { min: number | null; max: number | null; int: boolean }
  >;
}
type NumericPolicyRule = {
  [K in keyof z.output<typeof PolicySchema>]-?: NonNullable<
    z.output<typeof PolicySchema>[K]
  > extends number
    ? K
    : never;
}[keyof z.output<typeof PolicySchema>];

/**
 * The page's vocabulary, from its one home in domain/ (and the API's schemas):
 * the enum values it lists and the task titles it shows, as an ES module (no
 * build step). web/vocabulary.d.ts declares its types from this same object,
 * so the page's type check reads the domain's own lists.
 */
export const PAGE_VOCABULARY = {
  TASK_KINDS,
  STAGES,
  CASE_STATUSES,
  CASE_GROUNDS,
  // The overview's age bands of a reassignment case (GET /api/overview).
  CASE_AGES,
  RATINGS,
  HANDOVER_ITEMS,
  ROLES,
  SCREENING_BODIES,
  POSTS: CandidateProfileSchema.shape.post.options,
  PARTY_MEMBERSHIPS: CandidateProfileSchema.shape.partyMember.options,
  REQUEST_MATTERS: RequestBody.shape.matter.options,
  // The import file's columns, in the sample file's order.
  IMPORT_COLUMNS,
  POLICY_BOUNDS: policyBounds(),
  APPROVE_ONLY: APPROVE_ONLY_KINDS,
  TASK_KIND_TITLES,
  // Words with one home shared with the overview's exports.
  STAGE_LABELS,
  RATING_LABELS,
  CASE_GROUND_LABELS,
  OVERVIEW_WORDS,
  // Per kind, the decisions it accepts in the order the page offers them,
  // each with whether it needs a reason and a second step.
  TASK_DECISIONS,
};

export const PAGE_VOCABULARY_JS = Object.entries(PAGE_VOCABULARY)
  .map(([name, value]) => `export const ${name} = ${JSON.stringify(value)};\n`)
  .join('');

export function webRoutes(deps: Pick<ApiDeps, 'config'>): Router {
  const router = Router();
  router.use(demoRoutes(deps));
  router.get('/web/vocabulary.js', pageHeaders, (_req, res) => {
    res.type('text/javascript').send(PAGE_VOCABULARY_JS);
  });
  for (const [name, file] of Object.entries(VENDOR_FILES))
    router.get(`/web/vendor/${name}`, pageHeaders, (_req, res) => {
      res.type('text/javascript').sendFile(file);
    });
  for (const [name, dir] of Object.entries(VENDOR_PACKAGES)) {
    const files = express.static(dir, { index: false, redirect: false, fallthrough: true });
    router.use(`/web/vendor/${name}`, pageHeaders, (req, res, next) => {
      // The production builds only (not the development ones, nor the
      // package's other files).
      if (!req.path.endsWith('.js') || req.path.includes('/development/')) return next();
      files(req, res, next);
    });
  }
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
  // Any other path a browser asks for as a page gets the page, with 404: the
  // page says "not found" in its own words. API clients (JSON, or */*) get the
  // JSON 404 of the error handler.
  router.use((req, res, next) => {
    if (req.method !== 'GET' || req.path.startsWith('/api/')) return next();
    if (req.accepts(['json', 'html']) !== 'html') return next();
    res.status(404);
    pageHeaders(req, res, () => res.sendFile('index.html', { root: WEB_DIR }));
  });
  return router;
}
