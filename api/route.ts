// One definition per operation: the Express route (auth, validation,
// idempotency, handler) and its OpenAPI entry come from the same object.
import { createHash } from 'node:crypto';
import express, { type Express, type RequestHandler } from 'express';
import { z } from 'zod';
import type { Actor } from '../domain/actors.js';
import type { Pool } from '../platform/db.js';
import type { Authenticate } from './auth.js';
import { HttpError } from './errors.js';
import { runIdempotent, requestHash, type Reply } from './idempotency.js';
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { ErrorSchema, IdempotencyHeaders } from './schemas.js';
import { validate } from './validate.js';

type Infer<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface Input<P, Q, B> {
  params: Infer<P>;
  query: Infer<Q>;
  body: Infer<B>;
  actor: Actor;
  /** The request's Idempotency-Key header, on idempotent routes that got one. */
  idempotencyKey?: string;
  /** The headers the route's `headers` schema parsed (names in lower case). */
  headers?: Record<string, unknown>;
  /** An upload route's file, as sent, and the media type it was sent as. */
  file?: { data: Buffer; type: string };
}

/** A route whose body is a file, not JSON: the media types it takes and its size limit. */
export interface Upload {
  /** Media type → what it is, for the OpenAPI document. */
  types: Record<string, string>;
  /** Bytes, after any Content-Encoding is undone. */
  limit: number;
}

/** One documented response; `codes` are the error codes it may carry. */
export interface ResponseDoc {
  description: string;
  schema?: z.ZodType;
  /** The media type of `schema` (default application/json). */
  contentType?: string;
  codes?: string[];
  /** Response headers, by name. */
  headers?: Record<string, { description: string; required?: boolean; schema: object }>;
  /** OpenAPI links from this response to other operations. */
  links?: Record<
    string,
    { operationId: string; parameters: Record<string, string>; description: string }
  >;
}

export interface RouteDef<
  P extends z.ZodType | undefined = any,
  Q extends z.ZodType | undefined = any,
  B extends z.ZodType | undefined = any,
> {
  method: 'get' | 'post';
  /** Express syntax: /api/tasks/:taskId/decision */
  path: string;
  /** Unique per operation; OpenAPI links name operations by it. */
  operationId: string;
  tag: string;
  summary: string;
  description?: string;
  params?: P;
  query?: Q;
  body?: B;
  /** The body is a file of one of these types (instead of a JSON `body`). */
  upload?: Upload;
  /** Headers the handler reads as values (names in lower case), e.g. Accept-Language. */
  headers?: z.ZodObject;
  /** Accepts an Idempotency-Key header (mutations). */
  idempotent?: boolean;
  /**
   * The operation's own answers: its success, and the refusals it can give
   * (403, 404, 409, 422). Validation (400), sign-in (401), body size and type
   * (413, 415), the Idempotency-Key refusals, the write limit (429) and 503 are
   * added for every operation they apply to.
   */
  responses: Record<number, ResponseDoc>;
  handler: (input: Input<P, Q, B>) => Promise<Reply>;
}

/** Keeps the generic types of one definition while collecting many. */
export const route = <
  P extends z.ZodType | undefined,
  Q extends z.ZodType | undefined,
  B extends z.ZodType | undefined,
>(
  def: RouteDef<P, Q, B>,
): RouteDef<P, Q, B> => def;

/** What a write that goes to a term's workflow may also answer with 503. */
export const UPDATE_UNAVAILABLE: ResponseDoc = {
  description:
    'the outcome is unknown (retry with the same Idempotency-Key), or the term takes nothing new until an operator has looked at its record',
  codes: ['outcome_unknown', 'record_blocked'],
};

const RETRY_AFTER = {
  'Retry-After': {
    description: 'seconds to wait before retrying',
    required: true,
    schema: { type: 'integer', minimum: 1 },
  },
};

/** Every answer an operation can give, its own and the ones all operations share. */
export function responsesOf(def: RouteDef): Record<number, ResponseDoc> {
  const all: Record<number, ResponseDoc> = {};
  const add = (status: number, doc: ResponseDoc) => {
    const prior = all[status];
    all[status] = prior
      ? {
          ...prior,
          ...doc,
          description: `${prior.description}; ${doc.description}`,
          codes: [...(prior.codes ?? []), ...(doc.codes ?? [])],
        }
      : doc;
  };
  for (const [status, doc] of Object.entries(def.responses)) add(Number(status), doc);
  if (def.params || def.query || def.body || def.idempotent)
    add(400, {
      description: 'invalid request: details.issues name each field and what is wrong with it',
      codes: ['invalid_request'],
    });
  add(401, { description: 'no valid bearer token', codes: ['unauthenticated'] });
  if (def.upload) {
    add(422, { description: 'the file is empty', codes: ['empty_file'] });
    add(413, {
      description: `the file is over ${def.upload.limit / 1024 / 1024} MiB`,
      codes: ['too_large'],
    });
    add(415, {
      description: `the Content-Type is not ${Object.keys(def.upload.types).join(' or ')}, or its Content-Encoding is not identity, gzip, deflate or br`,
      codes: ['unsupported_media_type'],
    });
  }
  if (def.body) {
    add(413, { description: 'the request body is over 64 kB', codes: ['too_large'] });
    add(415, {
      description:
        'the body is not UTF-8 JSON, or its Content-Encoding is not identity, gzip, deflate or br',
      codes: ['unsupported_media_type'],
    });
  }
  if (def.idempotent) {
    add(409, {
      description: 'a request with this Idempotency-Key is still being processed',
      codes: ['idempotency_in_progress'],
    });
    add(422, {
      description: 'this Idempotency-Key was already used with a different request',
      codes: ['idempotency_key_reused'],
    });
  }
  if (def.method === 'post')
    add(429, {
      description:
        'too many writes by this actor (RATE_LIMIT_WRITES_PER_MINUTE a minute); retry after Retry-After seconds',
      codes: ['rate_limited'],
      headers: RETRY_AFTER,
    });
  add(503, {
    description: 'Temporal or the database cannot answer now; retry after Retry-After seconds',
    codes: ['temporal_unavailable', 'temporal_refused', 'database_unavailable'],
    headers: RETRY_AFTER,
  });
  return all;
}

const openApiPath = (path: string) => path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

export function registerOpenApi(registry: OpenAPIRegistry, def: RouteDef): void {
  const responses: Record<string, object> = {};
  for (const [status, r] of Object.entries(responsesOf(def))) {
    const schema = r.schema ?? (Number(status) >= 400 ? ErrorSchema : undefined);
    const codes = r.codes?.length ? ` (error codes: ${[...new Set(r.codes)].join(', ')})` : '';
    responses[status] = {
      description: r.description + codes,
      ...(r.headers ? { headers: r.headers } : {}),
      ...(r.links ? { links: r.links } : {}),
      ...(schema ? { content: { [r.contentType ?? 'application/json']: { schema } } } : {}),
    };
  }
  registry.registerPath({
    method: def.method,
    path: openApiPath(def.path),
    operationId: def.operationId,
    tags: [def.tag],
    summary: def.summary,
    ...(def.description ? { description: def.description } : {}),
    security: [{ bearer: [] }],
    request: {
      ...(def.params ? { params: def.params as z.ZodObject } : {}),
      ...(def.query ? { query: def.query as z.ZodObject } : {}),
      ...(def.body
        ? { body: { required: true, content: { 'application/json': { schema: def.body } } } }
        : {}),
      ...(def.upload
        ? {
            body: {
              required: true,
              content: Object.fromEntries(
                Object.entries(def.upload.types).map(([type, description]) => [
                  type,
                  {
                    schema: z
                      .string()
                      .min(1)
                      .openapi({ type: 'string', format: 'binary', minLength: 1, description }),
                  },
                ]),
              ),
            },
          }
        : {}),
      ...(def.idempotent
        ? { headers: IdempotencyHeaders }
        : def.headers
          ? { headers: def.headers }
          : {}),
    },
    responses: responses as never,
  });
}

/**
 * An upload's body as bytes: refused with 415 unless its Content-Type is one
 * the route takes, with 413 over its limit, with 400 when empty.
 */
function fileBodies(upload: Upload): RequestHandler {
  const types = Object.keys(upload.types);
  const parse = express.raw({ type: types, limit: upload.limit });
  return (req, res, next) => {
    const type = req.is(types);
    if (!type)
      return next(
        new HttpError(
          415,
          'unsupported_media_type',
          `send the file with Content-Type ${types.join(' or ')}`,
        ),
      );
    parse(req, res, (err?: unknown) => {
      if (err) return next(err);
      if (!Buffer.isBuffer(req.body) || req.body.length === 0)
        return next(new HttpError(422, 'empty_file', 'the file is empty: send its contents'));
      res.locals.file = { data: req.body, type };
      next();
    });
  };
}

/** 405 with the methods a path has, for any other method (OPTIONS included). */
function methodNotAllowed(methods: string[]): RequestHandler {
  const allow = methods.flatMap((m) => (m === 'get' ? ['GET', 'HEAD'] : [m.toUpperCase()]));
  return (req, res, next) => {
    if (allow.includes(req.method)) return next();
    res.setHeader('Allow', allow.join(', '));
    next(
      new HttpError(
        405,
        'method_not_allowed',
        `${req.method} is not supported here; use ${allow.join(' or ')}`,
      ),
    );
  };
}

export function mount(
  app: Express,
  defs: RouteDef[],
  deps: {
    authenticate: Authenticate;
    pool: Pool;
    bodyParser: RequestHandler;
    /** Limits writes per signed-in actor (api/security.ts); none when undefined. */
    writeLimit?: RequestHandler | undefined;
  },
): void {
  const authenticate: RequestHandler = async (req, res, next) => {
    res.locals.actor = await deps.authenticate(req.get('authorization'));
    next();
  };
  const methodsByPath = new Map<string, string[]>();
  for (const def of defs)
    methodsByPath.set(def.path, [...(methodsByPath.get(def.path) ?? []), def.method]);
  // A path without parameters answers 405 to its other methods before a path
  // with one can take it (GET /api/imports/check is not GET /api/imports/:importId).
  const isStatic = (path: string) => !path.includes(':');
  for (const [path, methods] of methodsByPath)
    if (isStatic(path)) app.all(path, methodNotAllowed(methods));
  for (const def of defs) {
    const run: RequestHandler = async (req, res) => {
      const input = res.locals.input as {
        params?: unknown;
        query?: unknown;
        body?: unknown;
        headers?: { 'idempotency-key'?: string };
      };
      const key = def.idempotent ? input.headers?.['idempotency-key'] : undefined;
      const full = {
        ...input,
        actor: res.locals.actor as Actor,
        ...(key !== undefined ? { idempotencyKey: key } : {}),
        ...(res.locals.file
          ? { file: res.locals.file as Input<unknown, unknown, unknown>['file'] }
          : {}),
      } as Input<unknown, unknown, unknown>;
      const reply =
        key !== undefined
          ? await runIdempotent(
              deps.pool,
              full.actor.id,
              key,
              // An upload's request is its file (by digest) and query, not a JSON body.
              requestHash(
                def.method,
                req.path,
                full.file
                  ? {
                      file: createHash('sha256').update(full.file.data).digest('hex'),
                      query: full.query,
                    }
                  : full.body,
              ),
              () => def.handler(full),
            )
          : await def.handler(full);
      for (const [h, v] of Object.entries(reply.headers ?? {})) res.setHeader(h, v);
      // A file (an export) goes as it is, with the type its headers name.
      if (Buffer.isBuffer(reply.body)) res.status(reply.status).send(reply.body);
      else res.status(reply.status).json(reply.body);
    };
    const schemas = { ...def, ...(def.idempotent ? { headers: IdempotencyHeaders } : {}) };
    // Sign-in first: a stranger learns nothing from how their body is parsed.
    // The write limit next: it counts per actor, and a refused write costs no parsing.
    const limit = def.method === 'post' && deps.writeLimit ? [deps.writeLimit] : [];
    const parseBody = def.upload ? fileBodies(def.upload) : deps.bodyParser;
    app[def.method](def.path, authenticate, ...limit, parseBody, validate(schemas), run);
  }
  for (const [path, methods] of methodsByPath)
    if (!isStatic(path)) app.all(path, methodNotAllowed(methods));
}
