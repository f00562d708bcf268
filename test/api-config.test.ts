// Configuration: parsed once, and a bad or unreachable value stops the process
// with one line that names the variable (no stack trace).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../platform/config.js';
import { getFreePort } from '../dev/services.js';
import { createTestDatabase, devServerAddress } from './support/servers.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SECRET = 'a-test-secret-that-is-at-least-32-characters';
const BASE = {
  DATABASE_URL: 'postgres://zhucun:pw@localhost:5432/zhucun',
  AUTH_JWT_SECRET: SECRET,
};

function configError(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.line;
    throw err;
  }
  throw new Error('expected a config error');
}

describe('loadConfig', () => {
  it('fills defaults', () => {
    const c = loadConfig(BASE);
    expect(c).toMatchObject({
      port: 3000,
      temporal: { address: 'localhost:7233', namespace: 'default', tls: false },
      databaseUrl: BASE.DATABASE_URL,
      smtp: { host: '127.0.0.1', port: 2525, secure: false },
      auth: { kind: 'hs256', secret: SECRET },
      publicUrl: 'http://localhost:3000',
      embedded: false,
      logLevel: 'info',
    });
  });

  it('names the variable and the value it got', () => {
    expect(configError({ ...BASE, PORT: 'abc' })).toBe(
      'config error: PORT must be a number (got "abc")',
    );
    expect(configError({ ...BASE, PORT: '70000' })).toBe(
      'config error: PORT must be a whole number from 0 to 65535 (got "70000")',
    );
    expect(configError({ ...BASE, TEMPORAL_ADDRESS: 'nonsense' })).toBe(
      'config error: TEMPORAL_ADDRESS must be host:port, e.g. localhost:7233 (got "nonsense")',
    );
    expect(configError({ ...BASE, DATABASE_URL: 'mysql://x@y/z' })).toMatch(
      /^config error: DATABASE_URL must be a postgres:\/\/ URL.*\(got "mysql:\/\/x@y\/z"\)$/,
    );
    expect(configError({ AUTH_JWT_SECRET: SECRET })).toMatch(
      /^config error: DATABASE_URL is required/,
    );
    expect(configError({ ...BASE, SMTP_SECURE: 'sometimes' })).toMatch(
      /^config error: SMTP_SECURE must be 1\/0/,
    );
    expect(configError({ ...BASE, LOG_LEVEL: 'loud' })).toMatch(
      /^config error: LOG_LEVEL must be one of/,
    );
    expect(configError({ ...BASE, PUBLIC_URL: 'zhucun.gov' })).toMatch(
      /^config error: PUBLIC_URL must be an http\(s\):\/\/ URL/,
    );
  });

  it('never prints a secret it refuses', () => {
    const line = configError({ ...BASE, AUTH_JWT_SECRET: 'short-but-secret' });
    expect(line).toBe(
      'config error: AUTH_JWT_SECRET must be at least 32 characters (HS256 secret) (value hidden)',
    );
  });

  it('needs a way to verify tokens outside the embedded demo', () => {
    expect(configError({ DATABASE_URL: BASE.DATABASE_URL })).toMatch(
      /^config error: AUTH_JWT_SECRET is required/,
    );
    expect(loadConfig({ DATABASE_URL: BASE.DATABASE_URL, EMBEDDED: '1' }).auth.kind).toBe('hs256');
    expect(
      configError({ DATABASE_URL: BASE.DATABASE_URL, AUTH_JWKS_URL: 'https://idp.example/jwks' }),
    ).toBe('config error: AUTH_ISSUER is required when AUTH_JWKS_URL is set');
    const prod = loadConfig({
      DATABASE_URL: BASE.DATABASE_URL,
      AUTH_JWKS_URL: 'https://idp.example/jwks',
      AUTH_ISSUER: 'https://idp.example',
      AUTH_AUDIENCE: 'zhucun',
    });
    expect(prod.auth).toEqual({
      kind: 'jwks',
      jwksUrl: 'https://idp.example/jwks',
      issuer: 'https://idp.example',
      audience: 'zhucun',
    });
  });

  it('turns TLS on for an API key and asks for both halves of an mTLS pair', () => {
    expect(loadConfig({ ...BASE, TEMPORAL_API_KEY: 'k' }).temporal).toMatchObject({
      tls: true,
      apiKey: 'k',
    });
    expect(configError({ ...BASE, TEMPORAL_TLS_CERT_PATH: '/x.pem' })).toMatch(
      /^config error: TEMPORAL_TLS_KEY_PATH is required/,
    );
  });

  it('serves API metrics only when asked, on loopback unless told, and limits writes unless 0', () => {
    const c = loadConfig(BASE);
    expect(c.apiMetrics).toBeUndefined();
    expect(c.rateLimitWritesPerMinute).toBe(120);
    expect(loadConfig({ ...BASE, API_METRICS_PORT: '9464' }).apiMetrics).toEqual({
      host: '127.0.0.1',
      port: 9464,
    });
    expect(
      loadConfig({ ...BASE, API_METRICS_PORT: '9464', API_METRICS_HOST: '0.0.0.0' }).apiMetrics,
    ).toEqual({ host: '0.0.0.0', port: 9464 });
    expect(
      loadConfig({ ...BASE, RATE_LIMIT_WRITES_PER_MINUTE: '0' }).rateLimitWritesPerMinute,
    ).toBe(0);
    expect(configError({ ...BASE, API_METRICS_PORT: 'x' })).toBe(
      'config error: API_METRICS_PORT must be a number (got "x")',
    );
    expect(configError({ ...BASE, API_METRICS_HOST: 'localhost' })).toBe(
      'config error: API_METRICS_HOST must be an IP address, e.g. 127.0.0.1 or 0.0.0.0 (got "localhost")',
    );
    expect(configError({ ...BASE, RATE_LIMIT_WRITES_PER_MINUTE: '-1' })).toBe(
      'config error: RATE_LIMIT_WRITES_PER_MINUTE must be a whole number from 0 to 1000000 (got "-1")',
    );
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ ...BASE, PORT: '', EMBEDDED: '' }).port).toBe(3000);
  });
});

interface ServerRun {
  out(): { stdout: string; stderr: string };
  exited: Promise<number | null>;
  /** Resolves once the output matches, rejects if the process exits first. */
  printed(re: RegExp, timeoutMs?: number): Promise<void>;
  stop(): void;
}

/** Runs api/server.ts with exactly this environment (nothing inherited but PATH and HOME). */
function runServer(env: Record<string, string>): ServerRun {
  const child = spawn(process.execPath, ['--import', 'tsx', 'api/server.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const listeners = new Set<() => void>();
  child.stdout.on('data', (d) => ((stdout += d), listeners.forEach((l) => l())));
  child.stderr.on('data', (d) => ((stderr += d), listeners.forEach((l) => l())));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const killer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  void exited.then(() => clearTimeout(killer));
  return {
    out: () => ({ stdout, stderr }),
    exited,
    printed: (re, timeoutMs = 30_000) =>
      new Promise<void>((resolve, reject) => {
        const check = () => re.test(stderr + '\n' + stdout) && (listeners.delete(check), resolve());
        listeners.add(check);
        check();
        void exited.then((code) =>
          reject(new Error(`server exited (${code}) before printing ${re}: ${stderr}`)),
        );
        setTimeout(() => reject(new Error(`server did not print ${re}: ${stderr}`)), timeoutMs);
      }),
    stop: () => child.kill('SIGTERM'),
  };
}

async function failedStart(env: Record<string, string>) {
  const run = runServer(env);
  const code = await run.exited;
  return { code, ...run.out() };
}

describe('api/server.ts start-up', () => {
  it('stops with one line for a bad variable', async () => {
    const r = await failedStart({ ...BASE, PORT: 'abc' });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('config error: PORT must be a number (got "abc")\n');
  });

  it('stops with one line naming DATABASE_URL when the database cannot be reached', async () => {
    const port = await getFreePort();
    const r = await failedStart({
      ...BASE,
      DATABASE_URL: `postgres://zhucun:hunter2@127.0.0.1:${port}/zhucun`,
    });
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(
      /^startup error: DATABASE_URL cannot connect to postgres:\/\/zhucun:\*\*\*@127\.0\.0\.1:\d+\/zhucun: .*ECONNREFUSED/,
    );
    expect(r.stderr).not.toContain('hunter2');
  });

  it('stops with one line naming TEMPORAL_ADDRESS when Temporal cannot be reached', async () => {
    const [databaseUrl, port] = await Promise.all([createTestDatabase('cfg'), getFreePort()]);
    const r = await failedStart({
      ...BASE,
      DATABASE_URL: databaseUrl,
      TEMPORAL_ADDRESS: `127.0.0.1:${port}`,
    });
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(
      new RegExp(
        `^startup error: TEMPORAL_ADDRESS cannot reach Temporal at 127\\.0\\.0\\.1:${port}`,
      ),
    );
  });

  it('starts, prints demo tokens when embedded, serves, and stops cleanly on SIGTERM', async () => {
    const [databaseUrl, metricsPort] = await Promise.all([
      createTestDatabase('cfg'),
      getFreePort(),
    ]);
    const env = {
      DATABASE_URL: databaseUrl,
      TEMPORAL_ADDRESS: devServerAddress(),
      EMBEDDED: '1',
      PORT: '0',
      API_METRICS_PORT: String(metricsPort),
    };
    const server = runServer(env);
    await server.printed(/API listening on http:\/\/localhost:\d+[\s\S]*admin-gx[\s\S]*eyJ\S+\n/);
    const { stdout, stderr } = server.out();
    const port = /API listening on http:\/\/localhost:(\d+)/.exec(stderr)![1];
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
    const token = /admin-gx .*\n\s+(\S+)/.exec(stdout)![1]!;
    const me = await fetch(`http://127.0.0.1:${port}/api/me`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(await me.json()).toMatchObject({
      id: 'admin-gx',
      role: 'region_admin',
      jurisdiction: 'gx',
    });
    // Its logs are JSON lines; the request's own line names it by its id.
    await server.printed(/"route":"\/api\/me"/);
    const lines = server
      .out()
      .stderr.split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.find((l) => String(l.msg).startsWith('API listening'))).toMatchObject({
      level: 'info',
      name: 'zhucun-api',
    });
    expect(lines.find((l) => l.route === '/api/me')).toMatchObject({
      msg: 'GET /api/me 200',
      requestId: me.headers.get('x-request-id'),
    });
    // Its metrics on their own port.
    expect(server.out().stderr).toContain(`API metrics on http://127.0.0.1:${metricsPort}/metrics`);
    const metrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    expect(metrics).toMatch(
      /^zhucun_http_request_duration_seconds_count\{method="GET",route="\/api\/me",status="200"\} 1$/m,
    );
    server.stop();
    expect(await server.exited).toBe(0);
    expect(server.out().stderr).toMatch(/SIGTERM: shutting down/);
  });
});
