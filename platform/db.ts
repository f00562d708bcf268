// PostgreSQL: the pool every process shares, the start-up connection check, and
// the migrations that the API and the worker both apply when they start.
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { runner } from 'node-pg-migrate';
import { ConfigError, redactUrl } from './config.js';

export type Pool = pg.Pool;
export type PoolClient = pg.PoolClient;

export const MIGRATIONS_DIR = fileURLToPath(new URL('../migrations', import.meta.url));

// bigint (count(*), sums) comes back as a string by default; every count here
// fits in a JS number.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

export function createPool(
  databaseUrl: string,
  options: { max?: number; applicationName?: string } = {},
): Pool {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: options.max ?? 10,
    application_name: options.applicationName ?? 'zhucun',
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 30_000,
  });
  // An idle client that loses its connection must not crash the process; the
  // next query gets a fresh one.
  pool.on('error', (err) => console.error(`database pool: ${err.message}`));
  return pool;
}

/** Connects once with a short timeout; a failure names DATABASE_URL in one line. */
export async function checkDatabase(databaseUrl: string, timeoutMs = 5_000): Promise<void> {
  const client = new pg.Client({
    connectionString: databaseUrl,
    connectionTimeoutMillis: timeoutMs,
  });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (err) {
    throw new ConfigError(
      'DATABASE_URL',
      `cannot connect to ${redactUrl(databaseUrl)}: ${describe(err)}`,
      'startup',
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}

function describe(err: unknown): string {
  if (err instanceof AggregateError && err.errors.length) return describe(err.errors[0]);
  if (err instanceof Error) {
    const code = (err as { code?: string }).code;
    return err.message || code || err.name;
  }
  return String(err);
}

// Our own lock key (node-pg-migrate's built-in lock is a try-lock that fails
// the second process instead of making it wait).
const MIGRATE_LOCK_KEY = 0x7a6875636e; // "zhucn"

/**
 * Applies pending migrations. Safe when several processes start at once: each
 * waits on a session advisory lock, and the later ones find nothing to do.
 */
export async function migrate(
  databaseUrl: string,
  options: { log?: (line: string) => void } = {},
): Promise<string[]> {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATE_LOCK_KEY]);
    const ran = await runner({
      dbClient: client,
      dir: MIGRATIONS_DIR,
      migrationsTable: 'pgmigrations',
      direction: 'up',
      count: Infinity,
      // Two owners number their files independently (ours 0001-0999, the
      // reminders' 1000+), so a file of ours added later may precede one
      // already applied; each migration stands on its own.
      checkOrder: false,
      singleTransaction: true,
      verbose: false,
      logger: {
        debug: () => undefined,
        info: (msg: string) => {
          if (options.log && /^> Migrating files|^### MIGRATION/.test(msg)) options.log(msg.trim());
        },
        // File names are plain numbers rather than timestamps, which the
        // runner reports as an error while sorting them correctly.
        warn: (msg: string) => options.log?.(msg),
        error: (msg: string) => {
          if (!/Can't determine timestamp/.test(msg)) console.error(msg);
        },
      },
    });
    return ran.map((m) => m.name);
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATE_LOCK_KEY]).catch(() => undefined);
    await client.end().catch(() => undefined);
  }
}

/** Runs `fn` in one transaction on one client; rolls back when it throws. */
export async function inTransaction<T>(
  pool: Pool,
  fn: (client: PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
