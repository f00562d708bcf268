// What a public service sends and limits: security headers (helmet) on every
// answer, and a limit on writes per signed-in actor.
import { createHash } from 'node:crypto';
import type { RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import helmet from 'helmet';
import type { Actor } from '../domain/actors.js';
import { HttpError } from './errors.js';
import type { Logger } from './log.js';

// Everything the web page loads comes from this origin: no CDN, no inline
// script or style (web/ has no build step and needs none).
const CSP_DIRECTIVES = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  fontSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/** helmet's headers for every answer (API, page, errors), with the page's policy. */
export function securityHeaders(): RequestHandler {
  return helmet({
    // Not helmet's defaults: those allow inline styles and https: fonts, and ask
    // browsers to upgrade http:, which the demo on http://localhost must not.
    contentSecurityPolicy: { useDefaults: false, directives: CSP_DIRECTIVES },
    xFrameOptions: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
  });
}

/** The same policy, plus one inline style block by its hash (the /api/docs page). */
export function allowInlineStyle(css: string): RequestHandler {
  const hash = createHash('sha256').update(css).digest('base64');
  return helmet.contentSecurityPolicy({
    useDefaults: false,
    directives: { ...CSP_DIRECTIVES, styleSrc: ["'self'", `'sha256-${hash}'`] },
  });
}

/**
 * At most `perMinute` writes (POSTs) a minute per signed-in actor, counted in
 * this process; mount it after authentication. 429 rate_limited with
 * Retry-After (and the RateLimit headers) beyond it. Undefined when 0 (off).
 */
export function writeRateLimit(perMinute: number, log: Logger): RequestHandler | undefined {
  if (perMinute === 0) return undefined;
  return rateLimit({
    windowMs: 60_000,
    limit: perMinute,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: (_req, res) => (res.locals.actor as Actor).id,
    handler: (_req, _res, next) =>
      next(
        new HttpError(
          429,
          'rate_limited',
          `too many writes: at most ${perMinute} a minute per signed-in actor; retry after Retry-After seconds`,
        ),
      ),
    logger: {
      error: (err, msg) => log.error({ err }, msg),
      warn: (err, msg) => log.warn({ err }, msg),
    },
  });
}
