// Validates params, query, headers and body with zod and stores the parsed
// values in res.locals.input; handlers read only that, never the raw request.
import type { RequestHandler } from 'express';
import type { z } from 'zod';
import { badRequest } from './errors.js';

export interface RequestSchemas {
  params?: z.ZodType;
  query?: z.ZodType;
  /** Headers the handler uses as values (names in lower case); others pass. */
  headers?: z.ZodType;
  body?: z.ZodType;
}

export interface Issue {
  path: string;
  message: string;
}

function issuesOf(part: string, error: z.ZodError): Issue[] {
  return error.issues.map((i) => {
    const path = [part, ...i.path.map(String)].join('.');
    const missing = i.code === 'invalid_type' && (i as { input?: unknown }).input === undefined;
    if (i.code === 'unrecognized_keys')
      return { path, message: `unknown field(s): ${i.keys.join(', ')}` };
    return { path, message: missing ? 'is required' : i.message };
  });
}

export function validate(schemas: RequestSchemas): RequestHandler {
  return (req, res, next) => {
    const issues: Issue[] = [];
    const input: Record<string, unknown> = {};
    for (const part of ['params', 'query', 'headers', 'body'] as const) {
      const schema = schemas[part];
      if (!schema) continue;
      const raw = part === 'body' && req.body === undefined ? undefined : req[part];
      const parsed = schema.safeParse(raw ?? (part === 'body' ? undefined : {}), {
        reportInput: true,
      });
      if (parsed.success) input[part] = parsed.data;
      else issues.push(...issuesOf(part, parsed.error));
    }
    if (issues.length) {
      const first = issues[0]!;
      const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
      const hint =
        first.path === 'body' && first.message === 'is required'
          ? ': send a JSON object with Content-Type: application/json'
          : '';
      return next(badRequest(`${first.path} ${first.message}${hint}${more}`, { issues }));
    }
    res.locals.input = input;
    next();
  };
}
