// The OpenAPI document, generated from the routes' zod schemas, and a small
// self-contained page that lists the operations (no CDN, no script).
import { OpenAPIRegistry, OpenApiGeneratorV3 } from '@asteasolutions/zod-to-openapi';
import { registry as schemaRegistry } from './schemas.js';
import { registerOpenApi, type RouteDef } from './route.js';

export type OpenApiDocument = ReturnType<OpenApiGeneratorV3['generateDocument']>;

export function buildOpenApiDocument(defs: RouteDef[], serverUrl: string): OpenApiDocument {
  const registry = new OpenAPIRegistry([schemaRegistry]);
  for (const def of defs) registerOpenApi(registry, def);
  return new OpenApiGeneratorV3(registry.definitions).generateDocument({
    openapi: '3.0.3',
    info: {
      title: 'Zhucun API',
      version: '1',
      description:
        'Approval workflows for officials posted to villages (驻村). Every call needs a bearer JWT naming the actor.',
    },
    servers: [{ url: serverUrl }],
  });
}

const esc = (s: unknown) =>
  String(s ?? '').replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

type Schema = { $ref?: string; properties?: Record<string, unknown>; required?: string[] };
type Operation = {
  tags?: string[];
  summary?: string;
  description?: string;
  parameters?: { name: string; in: string; required?: boolean }[];
  requestBody?: { content?: { 'application/json'?: { schema?: Schema } } };
  responses?: Record<string, { description?: string }>;
};

/** The page's one style block; its Content-Security-Policy allows it by hash. */
export const DOCS_STYLE = `body{font:15px/1.45 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
section{border-top:1px solid #ddd;padding:.4rem 0}h3{margin:.4rem 0;font-size:1rem}.m{display:inline-block;min-width:3.5rem;
font:bold 12px monospace;padding:2px 6px;border-radius:3px;color:#fff;background:#555}.m.get{background:#2a7}.m.post{background:#27c}
.d{color:#555}code{background:#f4f4f4;padding:0 3px}`;

export function docsPage(doc: OpenApiDocument): string {
  const schemas = (doc.components?.schemas ?? {}) as Record<string, Schema>;
  const resolve = (s: Schema | undefined) =>
    s?.$ref ? schemas[s.$ref.replace('#/components/schemas/', '')] : s;
  const byTag = new Map<string, string[]>();
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const [method, raw] of Object.entries(item as Record<string, Operation>)) {
      const op = raw;
      const params = (op.parameters ?? []).map(
        (p) =>
          `<code>${esc(p.name)}</code> <small>(${esc(p.in)}${p.required ? ', required' : ''})</small>`,
      );
      const body = resolve(op.requestBody?.content?.['application/json']?.schema);
      const fields = Object.keys(body?.properties ?? {}).map(
        (f) => `<code>${esc(f)}</code>${body?.required?.includes(f) ? '*' : ''}`,
      );
      const responses = Object.entries(op.responses ?? {}).map(
        ([s, r]) => `<li><b>${esc(s)}</b> ${esc(r.description)}</li>`,
      );
      const html = `<section><h3><span class="m ${esc(method)}">${esc(method.toUpperCase())}</span> <code>${esc(path)}</code></h3>
<p>${esc(op.summary)}</p>${op.description ? `<p class="d">${esc(op.description)}</p>` : ''}
${params.length ? `<p>Parameters: ${params.join(', ')}</p>` : ''}${fields.length ? `<p>Body: ${fields.join(', ')}</p>` : ''}
<ul>${responses.join('')}</ul></section>`;
      const tag = op.tags?.[0] ?? 'other';
      byTag.set(tag, [...(byTag.get(tag) ?? []), html]);
    }
  }
  const sections = [...byTag]
    .map(([tag, ops]) => `<h2>${esc(tag)}</h2>${ops.join('\n')}`)
    .join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(doc.info.title)} — operations</title>
<style>${DOCS_STYLE}</style></head><body>
<h1>${esc(doc.info.title)}</h1><p>${esc(doc.info.description)}</p>
<p>Machine-readable: <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI ${esc(doc.openapi)}). <code>*</code> marks a required field.</p>
${sections}</body></html>`;
}
