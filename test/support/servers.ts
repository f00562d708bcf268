// What a suite uses of the servers started in test/global-setup.ts.
import { randomBytes } from 'node:crypto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import pg from 'pg';
import { inject } from 'vitest';

/** host:port of the shared Temporal dev server (namespace "default"). */
export function devServerAddress(): string {
  return inject('temporalAddress');
}

/**
 * Creates an empty database on the shared cluster and returns its URL. Each call
 * gets a fresh one, so suites never see each other's rows. Running the
 * migrations is the caller's job.
 */
export async function createTestDatabase(name = 'test'): Promise<string> {
  const adminUrl = inject('pgAdminUrl');
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .slice(0, 40);
  const database = `${slug}_${randomBytes(4).toString('hex')}`;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/**
 * A time-skipping Temporal test server (years of timers in seconds), run from
 * the locally built wrapper instead of the SDK's download. Call teardown() on it.
 */
export function timeSkippingEnv(
  options: Omit<
    Parameters<typeof TestWorkflowEnvironment.createTimeSkipping>[0] & object,
    'server'
  > = {},
): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createTimeSkipping({
    ...options,
    server: { executable: { type: 'existing-path', path: inject('testServerPath') } },
  });
}
