// The one place that reads process.env. Every process (API, worker, scripts)
// parses it once at start-up; a missing or bad value stops the process with one
// line that names the variable, never a stack trace.
import { isIP } from 'node:net';
import { z } from 'zod';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface TemporalConfig {
  /** host:port of the frontend service. */
  address: string;
  namespace: string;
  tls: boolean;
  apiKey?: string;
  /** mTLS client certificate and key, both or neither. */
  tlsCertPath?: string;
  tlsKeyPath?: string;
}

export interface SmtpConfig {
  host: string;
  port: number;
  secure: boolean;
  user?: string;
  pass?: string;
  from: string;
}

export type AuthConfig =
  /** Tokens signed by this deployment with a shared secret (demo, embedded). */
  | { kind: 'hs256'; secret: string }
  /** Tokens from an identity provider, verified against its published keys. */
  | { kind: 'jwks'; jwksUrl: string; issuer: string; audience: string };

export interface Config {
  port: number;
  /** The API's Prometheus endpoint (GET /metrics), on a listener of its own; off when unset. */
  apiMetrics?: { host: string; port: number };
  /** Writes (POSTs) one signed-in actor may make a minute, per API process; 0: no limit. */
  rateLimitWritesPerMinute: number;
  temporal: TemporalConfig;
  databaseUrl: string;
  smtp: SmtpConfig;
  auth: AuthConfig;
  publicUrl: string;
  temporalUiUrl?: string;
  /** Demo mode: seeded demo actors, printed tokens, the caught-mail page. */
  embedded: boolean;
  logLevel: LogLevel;
  /** The worker's Prometheus endpoint (the SDK runtime's exporter), ip:port; off when unset. */
  workerMetricsAddress?: string;
}

/** A start-up failure that names the variable at fault; printed as one line. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    readonly detail: string,
    readonly phase: 'config' | 'startup' = 'config',
  ) {
    super(`${variable} ${detail}`);
    this.name = 'ConfigError';
  }
  /** The single line printed before exiting. */
  get line(): string {
    return `${this.phase} error: ${this.variable} ${this.detail}`;
  }
}

// Only used when EMBEDDED=1 and no secret is given, so that demo tokens survive
// a restart. Never accepted outside embedded mode.
export const EMBEDDED_DEMO_SECRET = 'zhucun-embedded-demo-secret-do-not-use-in-production';

const HOST_PORT =
  /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\]):(\d{1,5})$/;
const isHostPort = (s: string) => {
  const m = HOST_PORT.exec(s);
  return !!m && Number(m[1]) >= 1 && Number(m[1]) <= 65535;
};
const isUrl = (s: string, protocols: string[]) => {
  try {
    return protocols.includes(new URL(s).protocol);
  } catch {
    return false;
  }
};

const TRUE = ['1', 'true', 'yes', 'on'];
const FALSE = ['0', 'false', 'no', 'off'];
const bool = (def: boolean) =>
  z
    .string()
    .default(def ? '1' : '0')
    .refine((s) => [...TRUE, ...FALSE].includes(s.toLowerCase()), {
      error: 'must be 1/0, true/false, yes/no or on/off',
    })
    .transform((s) => TRUE.includes(s.toLowerCase()));

const int = (def: number | undefined, min: number, max: number) => {
  const base = z
    .string()
    .refine((s) => /^\s*-?\d+(\.\d+)?\s*$/.test(s), { error: 'must be a number' })
    .transform(Number)
    .refine((n) => Number.isInteger(n) && n >= min && n <= max, {
      error: `must be a whole number from ${min} to ${max}`,
    });
  return def === undefined ? base : z.string().default(String(def)).pipe(base);
};

const httpUrl = z
  .string()
  .refine((s) => isUrl(s, ['http:', 'https:']), { error: 'must be an http(s):// URL' });

const EnvSchema = z
  .object({
    PORT: int(3000, 0, 65535),
    API_METRICS_PORT: int(undefined, 0, 65535).optional(),
    API_METRICS_HOST: z
      .string()
      .default('127.0.0.1')
      .refine((s) => isIP(s) !== 0, { error: 'must be an IP address, e.g. 127.0.0.1 or 0.0.0.0' }),
    RATE_LIMIT_WRITES_PER_MINUTE: int(120, 0, 1_000_000),
    TEMPORAL_ADDRESS: z
      .string()
      .default('localhost:7233')
      .refine(isHostPort, { error: 'must be host:port, e.g. localhost:7233' }),
    TEMPORAL_NAMESPACE: z
      .string()
      .default('default')
      .refine((s) => /^[A-Za-z0-9._-]{1,255}$/.test(s), {
        error: 'must be a namespace name (letters, digits, . _ -)',
      }),
    TEMPORAL_TLS: bool(false),
    TEMPORAL_API_KEY: z.string().optional(),
    TEMPORAL_TLS_CERT_PATH: z.string().optional(),
    TEMPORAL_TLS_KEY_PATH: z.string().optional(),
    DATABASE_URL: z
      .string({
        error: 'is required: a postgres:// URL, e.g. postgres://user:pass@localhost:5432/zhucun',
      })
      .refine((s) => isUrl(s, ['postgres:', 'postgresql:']) && new URL(s).hostname !== '', {
        error: 'must be a postgres:// URL, e.g. postgres://user:pass@localhost:5432/zhucun',
      }),
    SMTP_HOST: z.string().default('127.0.0.1'),
    SMTP_PORT: int(2525, 1, 65535),
    SMTP_SECURE: bool(false),
    SMTP_USER: z.string().optional(),
    SMTP_PASS: z.string().optional(),
    MAIL_FROM: z.string().default('Zhucun <noreply@zhucun.local>'),
    AUTH_JWT_SECRET: z
      .string()
      .min(32, { error: 'must be at least 32 characters (HS256 secret)' })
      .optional(),
    AUTH_JWKS_URL: httpUrl.optional(),
    AUTH_ISSUER: z.string().optional(),
    AUTH_AUDIENCE: z.string().optional(),
    PUBLIC_URL: httpUrl.optional(),
    TEMPORAL_UI_URL: httpUrl.optional(),
    EMBEDDED: bool(false),
    WORKER_METRICS_PORT: int(undefined, 1, 65535).optional(),
    WORKER_METRICS_HOST: z
      .string()
      .default('127.0.0.1')
      .refine((s) => isIP(s) !== 0, { error: 'must be an IP address, e.g. 127.0.0.1 or 0.0.0.0' }),
    LOG_LEVEL: z
      .string()
      .default('info')
      .refine((s) => ['debug', 'info', 'warn', 'error'].includes(s), {
        error: 'must be one of debug, info, warn, error',
      })
      .transform((s) => s as LogLevel),
  })
  .superRefine((env, ctx) => {
    const need = (name: string, when: string) =>
      ctx.addIssue({ code: 'custom', path: [name], message: `is required ${when}` });
    if ((env.TEMPORAL_TLS_CERT_PATH === undefined) !== (env.TEMPORAL_TLS_KEY_PATH === undefined)) {
      need(
        env.TEMPORAL_TLS_CERT_PATH ? 'TEMPORAL_TLS_KEY_PATH' : 'TEMPORAL_TLS_CERT_PATH',
        'with its mTLS pair (cert and key go together)',
      );
    }
    if (env.AUTH_JWKS_URL) {
      if (!env.AUTH_ISSUER) need('AUTH_ISSUER', 'when AUTH_JWKS_URL is set');
      if (!env.AUTH_AUDIENCE) need('AUTH_AUDIENCE', 'when AUTH_JWKS_URL is set');
    } else if (!env.AUTH_JWT_SECRET && !env.EMBEDDED) {
      need(
        'AUTH_JWT_SECRET',
        '(at least 32 characters), or AUTH_JWKS_URL with AUTH_ISSUER and AUTH_AUDIENCE',
      );
    }
  });

/** Parses the environment; throws ConfigError naming the first bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // An empty variable counts as unset, as shells and .env files often leave them.
  const present = Object.fromEntries(
    Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== ''),
  );
  const parsed = EnvSchema.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0] ?? 'environment');
    const raw = present[name];
    const secret = /SECRET|PASS|API_KEY/.test(name);
    const got =
      raw === undefined ? '' : secret ? ' (value hidden)' : ` (got ${JSON.stringify(raw)})`;
    const message =
      raw === undefined && issue.code === 'invalid_type' && !issue.message.startsWith('is required')
        ? 'is required'
        : issue.message;
    throw new ConfigError(name, message + got);
  }
  const e = parsed.data;
  const port = e.PORT;
  return {
    port,
    ...(e.API_METRICS_PORT !== undefined
      ? { apiMetrics: { host: e.API_METRICS_HOST, port: e.API_METRICS_PORT } }
      : {}),
    rateLimitWritesPerMinute: e.RATE_LIMIT_WRITES_PER_MINUTE,
    temporal: {
      address: e.TEMPORAL_ADDRESS,
      namespace: e.TEMPORAL_NAMESPACE,
      // An API key is only ever sent over TLS (Temporal Cloud requires it).
      tls: e.TEMPORAL_TLS || !!e.TEMPORAL_API_KEY || !!e.TEMPORAL_TLS_CERT_PATH,
      ...(e.TEMPORAL_API_KEY ? { apiKey: e.TEMPORAL_API_KEY } : {}),
      ...(e.TEMPORAL_TLS_CERT_PATH
        ? { tlsCertPath: e.TEMPORAL_TLS_CERT_PATH, tlsKeyPath: e.TEMPORAL_TLS_KEY_PATH! }
        : {}),
    },
    databaseUrl: e.DATABASE_URL,
    smtp: {
      host: e.SMTP_HOST,
      port: e.SMTP_PORT,
      secure: e.SMTP_SECURE,
      ...(e.SMTP_USER ? { user: e.SMTP_USER } : {}),
      ...(e.SMTP_PASS ? { pass: e.SMTP_PASS } : {}),
      from: e.MAIL_FROM,
    },
    auth: e.AUTH_JWKS_URL
      ? {
          kind: 'jwks',
          jwksUrl: e.AUTH_JWKS_URL,
          issuer: e.AUTH_ISSUER!,
          audience: e.AUTH_AUDIENCE!,
        }
      : { kind: 'hs256', secret: e.AUTH_JWT_SECRET ?? EMBEDDED_DEMO_SECRET },
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/+$/, ''),
    ...(e.TEMPORAL_UI_URL ? { temporalUiUrl: e.TEMPORAL_UI_URL.replace(/\/+$/, '') } : {}),
    embedded: e.EMBEDDED,
    logLevel: e.LOG_LEVEL,
    ...(e.WORKER_METRICS_PORT !== undefined
      ? {
          workerMetricsAddress:
            isIP(e.WORKER_METRICS_HOST) === 6
              ? `[${e.WORKER_METRICS_HOST}]:${e.WORKER_METRICS_PORT}`
              : `${e.WORKER_METRICS_HOST}:${e.WORKER_METRICS_PORT}`,
        }
      : {}),
  };
}

/** Prints one line for a start-up failure and exits 1; other errors are re-thrown. */
export function exitOnStartupError(err: unknown): never {
  if (err instanceof ConfigError) {
    process.stderr.write(err.line + '\n');
    process.exit(1);
  }
  throw err;
}

/** loadConfig for a process entry point: a bad variable ends the process with one line. */
export function configOrExit(env: NodeJS.ProcessEnv = process.env): Config {
  try {
    return loadConfig(env);
  } catch (err) {
    return exitOnStartupError(err);
  }
}

/** A URL with its password masked, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable URL)';
  }
}
