// One definition per operation: the Express route (auth, validation,
// idempotency, handler) and its OpenAPI entry come from the same object.
import type { Express, RequestHandler } from 'express';
import { z } from 'zod';
import type { Actor } from '../domain/actors.js';
import type { Pool } from '../platform/db.js';
import type { Authenticate } from './auth.js';
import { runIdempotent, requestHash, type Reply } from './idempotency.js';
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { ErrorSchema } from './schemas.js';
import { validate } from './validate.js';

type Infer<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface Input<P, Q, B> {
  params: Infer<P>;
  query: Infer<Q>;
  body: Infer<B>;
  actor: Actor;
  /** The request's Idempotency-Key header, on idempotent routes that got one. */
  idempotencyKey?: string;
}

export interface RouteDef<
  P extends z.ZodType | undefined = any,
  Q extends z.ZodType | undefined = any,
  B extends z.ZodType | undefined = any,
> {
  method: 'get' | 'post';
  /** Express syntax: /api/tasks/:taskId/decision */
  path: string;
  tag: string;
  summary: string;
  description?: string;
  params?: P;
  query?: Q;
  body?: B;
  /** Accepts an Idempotency-Key header (mutations). */
  idempotent?: boolean;
  responses: Record<number, { description: string; schema?: z.ZodType }>;
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

const STANDARD_ERRORS: Record<number, string> = {
  400: 'invalid request: the message names the field',
  401: 'no valid bearer token',
  403: 'wrong role or outside your jurisdiction',
};

const IdempotencyHeaders = z.object({
  'idempotency-key': z.string().max(200).optional().openapi({
    description:
      'retrying with the same key and body returns the first response instead of acting twice',
  }),
});

const openApiPath = (path: string) => path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

export function registerOpenApi(registry: OpenAPIRegistry, def: RouteDef): void {
  const responses: Record<
    string,
    { description: string; content?: { 'application/json': { schema: z.ZodType } } }
  > = {};
  const all: Record<string, { description: string; schema?: z.ZodType }> = {};
  for (const [status, description] of Object.entries(STANDARD_ERRORS))
    all[status] = { description, schema: ErrorSchema };
  Object.assign(all, def.responses);
  for (const [status, r] of Object.entries(all)) {
    const schema = r.schema ?? (Number(status) >= 400 ? ErrorSchema : undefined);
    responses[status] = {
      description: r.description,
      ...(schema ? { content: { 'application/json': { schema } } } : {}),
    };
  }
  registry.registerPath({
    method: def.method,
    path: openApiPath(def.path),
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
      ...(def.idempotent ? { headers: IdempotencyHeaders } : {}),
    },
    responses,
  });
}

export function mount(
  app: Express,
  defs: RouteDef[],
  deps: { authenticate: Authenticate; pool: Pool; bodyParser: RequestHandler },
): void {
  const authenticate: RequestHandler = async (req, res, next) => {
    res.locals.actor = await deps.authenticate(req.get('authorization'));
    next();
  };
  for (const def of defs) {
    const run: RequestHandler = async (req, res) => {
      const key = def.idempotent ? req.get('idempotency-key') : undefined;
      const input = {
        ...(res.locals.input as object),
        actor: res.locals.actor as Actor,
        ...(key !== undefined ? { idempotencyKey: key } : {}),
      } as Input<unknown, unknown, unknown>;
      const reply =
        key !== undefined
          ? await runIdempotent(
              deps.pool,
              input.actor.id,
              key,
              requestHash(def.method, req.path, input.body),
              () => def.handler(input),
            )
          : await def.handler(input);
      for (const [h, v] of Object.entries(reply.headers ?? {})) res.setHeader(h, v);
      res.status(reply.status).json(reply.body);
    };
    // Sign-in first: a stranger learns nothing from how their body is parsed.
    app[def.method](def.path, authenticate, deps.bodyParser, validate(def), run);
  }
}
