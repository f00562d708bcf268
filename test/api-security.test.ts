// What a public service sends and limits, over HTTP: helmet's security headers
// on every answer (the page's policy, the docs page's inline style by hash) and
// a limit on writes per signed-in actor, answered 429 with Retry-After.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, type ApiHarness } from './support/api.js';

const LIMIT = 3;

let api: ApiHarness;
beforeAll(async () => {
  api = await startApi({
    worker: false,
    env: { RATE_LIMIT_WRITES_PER_MINUTE: String(LIMIT) },
  });
});
afterAll(async () => {
  await api?.stop();
});

describe('security headers', () => {
  it('sends them on the page, the API and its errors alike', async () => {
    for (const [path, status] of [
      ['/', 200],
      ['/web/app.js', 200],
      ['/api/openapi.json', 200],
      ['/api/inbox', 401],
      ['/api/nowhere', 404],
    ] as const) {
      const r = await api.call('GET', path);
      expect(r.status, path).toBe(status);
      const csp = r.headers.get('content-security-policy') ?? '';
      expect(csp, path).toContain("default-src 'self'");
      expect(csp, path).toContain("script-src 'self'");
      expect(csp, path).toContain("style-src 'self';");
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(csp, path).not.toContain('unsafe-inline');
      expect(csp, path).not.toContain('upgrade-insecure-requests');
      expect(r.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(r.headers.get('x-frame-options'), path).toBe('DENY');
      expect(r.headers.get('referrer-policy'), path).toBe('no-referrer');
      expect(r.headers.get('strict-transport-security'), path).toMatch(/^max-age=\d+/);
      expect(r.headers.get('cross-origin-opener-policy'), path).toBe('same-origin');
      expect(r.headers.get('x-powered-by'), path).toBeNull();
    }
    expect((await api.call('GET', '/')).headers.get('cache-control')).toBe('no-cache');
  });

  it("allows the docs page's one inline style by its hash, and nothing else inline", async () => {
    const r = await fetch(`${api.baseUrl}/api/docs`);
    const html = await r.text();
    const styles = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]!);
    expect(styles).toHaveLength(1);
    const hash = createHash('sha256').update(styles[0]!).digest('base64');
    expect(r.headers.get('content-security-policy')).toContain(`style-src 'self' 'sha256-${hash}'`);
    expect(html).not.toMatch(/<script|style="/);
  });
});

describe('write limit per signed-in actor', () => {
  // Bodies the schema refuses: the limit counts writes before they are parsed,
  // and these start no workflow.
  const write = (as: string | null) => api.call('POST', '/api/nominations', { as, body: {} });

  it(`answers 429 rate_limited with Retry-After after ${LIMIT} writes a minute, for that actor only`, async () => {
    for (let i = 0; i < LIMIT; i++) expect((await write('du-nanning')).status).toBe(400);
    const limited = await write('du-nanning');
    expect(limited.status).toBe(429);
    expect(limited.body).toEqual({
      error: {
        code: 'rate_limited',
        message: expect.stringContaining(`at most ${LIMIT} a minute`),
      },
    });
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60).toBe(true);
    expect(limited.headers.get('ratelimit-policy')).toContain(`q=${LIMIT}`);
    expect(limited.headers.get('x-request-id')).toBeTruthy();

    // Another actor writes; the limited one still reads; a stranger is told to sign in.
    expect((await write('org-wuming')).status).toBe(400);
    expect((await api.get('/api/inbox', 'du-nanning')).status).toBe(200);
    expect((await write(null)).status).toBe(401);
  });

  it('is documented on every write operation, and only there', async () => {
    const doc = (await api.get('/api/openapi.json')).body;
    let writes = 0;
    for (const [path, item] of Object.entries(doc.paths as Record<string, any>))
      for (const [method, op] of Object.entries(item as Record<string, any>)) {
        const limited = op.responses['429'];
        if (method !== 'post') {
          expect(limited, `${method} ${path}`).toBeUndefined();
          continue;
        }
        writes++;
        expect(limited.description, path).toMatch(/rate_limited/);
        expect(limited.headers['Retry-After'].required, path).toBe(true);
        expect(limited.content['application/json'].schema.$ref).toBe('#/components/schemas/Error');
      }
    expect(writes).toBeGreaterThan(5);
  });
});
