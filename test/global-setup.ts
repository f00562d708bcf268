// Starts the servers every suite shares, once per `vitest run`: one Temporal
// dev server (in memory) and one PostgreSQL cluster (thrown away afterwards).
// Suites get their own databases, ids and task queues on them (test/support/servers.ts).
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { getFreePort, startEmbeddedPostgres, startTemporalDevServer } from '../dev/services.js';
import { ensureToolPaths } from '../dev/tools.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** host:port of the shared Temporal dev server, namespace "default". */
    temporalAddress: string;
    /** URL of the `postgres` database of the shared cluster, to create test databases. */
    pgAdminUrl: string;
    /** Executable of the time-skipping test server (takes the port as argument). */
    testServerPath: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const tools = ensureToolPaths();

  const scratch = mkdtempSync(join(tmpdir(), 'zhucun-test-'));
  // mkdtemp makes the directory 0700; postgres runs as its own user and must get in.
  chmodSync(scratch, 0o755);

  const [temporalPort, pgPort] = await Promise.all([getFreePort(), getFreePort()]);
  const [temporal, postgres] = await Promise.all([
    startTemporalDevServer({ port: temporalPort, headless: true }),
    startEmbeddedPostgres({ dataDir: join(scratch, 'pg'), port: pgPort, persistent: false }),
  ]);

  project.provide('temporalAddress', temporal.address);
  project.provide('pgAdminUrl', postgres.adminUrl);
  project.provide('testServerPath', tools.testServer);

  return async () => {
    await Promise.allSettled([temporal.stop(), postgres.stop()]);
    rmSync(scratch, { recursive: true, force: true });
  };
}
