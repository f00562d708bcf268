// `npm run cluster`: the production shape, run for real on one machine. One
// embedded PostgreSQL holds Temporal's two stores and the app's database;
// Temporal runs as four services in separate processes (on a fresh database
// history first, until the cluster metadata is written), from
// the configuration that docker-compose.yml mounts too
// (deploy/temporal/config/cluster.yaml); the namespace and the search
// attributes are registered; then the Temporal Web UI (when it could be
// built), a mail catcher, two app workers and two API processes. Every
// process is supervised: one that dies is restarted, PostgreSQL included.
// Temporal's part (schemas, the four services, the namespace) is
// scripts/temporal-cluster.ts, which `npm run bench -- --temporal cluster`
// uses too.
// State lives in data-cluster/ and survives a restart; Ctrl-C stops
// everything, the app first and PostgreSQL last.
//
//   npm run cluster [-- --port-offset N] [--data-dir DIR] [--no-ui]
//   (--port-offset: every port shifted by N, to run next to `npm start`.)
import { mkdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { startMailCatcher, type MailCatcher } from '../dev/mail-catcher.js';
import { assertPortFree } from '../dev/services.js';
import { TASK_QUEUE } from '../workflows/messages.js';
import {
  allPorts,
  CLUSTER_NAMESPACE,
  clusterFiles,
  clusterPorts,
  DEFAULT_CLUSTER_DATA_DIR,
  processName,
  READY_LINE,
  TEMPORAL_SERVICES,
} from './cluster-layout.js';
import {
  answers,
  ensureClusterTools,
  firstLine,
  KeptPostgres,
  mib,
  postgresMemory,
  rssKiB,
  TEMPORAL_DATABASES,
  TEMPORAL_ROOT,
  waitUntil,
  workflowPollers,
} from './cluster-services.js';
import { jwtSecret, storeCaughtMail } from './embedded-app.js';
import {
  nodeChild,
  PidFile,
  SupervisedChild,
  stopOnSignals,
  waitForHealth,
  type Reporter,
} from './supervisor.js';
import {
  SERVICE_READY_TIMEOUT_MS,
  TemporalCluster,
  temporalLineIsNews,
} from './temporal-cluster.js';
import { repoRoot } from '../dev/tools.js';

const SHUTDOWN_LIMIT_MS = 90_000;
const APP_DATABASE = 'zhucun';
const startedAt = Date.now();
// Seconds since the start on every line: where the start-up time goes.
const stamp = () => `[cluster +${Math.round((Date.now() - startedAt) / 1000)}s]`;
const say = (message: string) => process.stdout.write(`${stamp()} ${message}\n`);
const warn = (message: string) => process.stderr.write(`${stamp()} ${message}\n`);
const report: Reporter = { say, warn };

// ------------------------------------------------------------- arguments ---

const USAGE = 'usage: npm run cluster [-- --port-offset N] [--data-dir DIR] [--no-ui]';
function parseOptions() {
  try {
    return parseArgs({
      options: {
        'data-dir': { type: 'string' },
        'port-offset': { type: 'string', default: '0' },
        'no-ui': { type: 'boolean', default: false },
      },
    }).values;
  } catch (error) {
    warn(`${(error as Error).message}\n${USAGE}`);
    return process.exit(2);
  }
}
const options = parseOptions();
const portOffset = Number(options['port-offset']);
if (!Number.isInteger(portOffset) || portOffset < 0 || portOffset > 50_000) {
  warn(`--port-offset must be a whole number from 0 to 50000 (got ${options['port-offset']})`);
  process.exit(2);
}
const dataDir = options['data-dir'] ?? DEFAULT_CLUSTER_DATA_DIR;
const files = clusterFiles(dataDir);
const ports = clusterPorts(portOffset);
const shown = (path: string) => relative(process.cwd(), path) || '.';

// ------------------------------------------------------------------- main ---

async function main(): Promise<void> {
  mkdirSync(files.logs, { recursive: true });
  const pids = new PidFile(files.pids);
  await pids.stopLeftovers(report);

  const postgres = new KeptPostgres(
    { dataDir: files.postgres, port: ports.postgres, persistent: true, database: APP_DATABASE },
    report,
  );
  let temporal: TemporalCluster | undefined;
  let ui: SupervisedChild | undefined;
  const workers: SupervisedChild[] = [];
  const apis: SupervisedChild[] = [];
  const everyChild = () => [...apis, ...workers, ...(ui ? [ui] : [])];
  let mailStore: { close(): Promise<void> } | undefined;
  let catcher: MailCatcher | undefined;
  let shuttingDown = false;
  let running = false;
  const stopping = () => shuttingDown;

  process.on('exit', () => {
    for (const child of everyChild()) child.killNow();
    temporal?.killNow();
  });

  const shutdown = async (reason: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    postgres.letGo();
    say(`${reason}: stopping`);
    // The app first (workers finish their tasks), then the UI and Temporal
    // (history last: it owns the shards), then the mail catcher and PostgreSQL.
    await Promise.all([...apis, ...workers].map((child) => child.stop()));
    await ui?.stop();
    await temporal?.stop();
    await catcher?.stop();
    await mailStore?.close();
    try {
      await postgres.stop();
    } catch (error) {
      warn(`PostgreSQL did not stop cleanly: ${String(error)}`);
    }
    pids.remove();
    say('stopped');
  };
  stopOnSignals(shutdown, () => shuttingDown, warn, SHUTDOWN_LIMIT_MS);

  try {
    // Every port first: a clash found half-way leaves a half-started cluster.
    for (const port of allPorts(ports)) await assertPortFree(port, 'cluster');

    const tools = await ensureClusterTools(!options['no-ui']);
    if (shuttingDown) return;

    say(`starting PostgreSQL on :${ports.postgres} (data in ${shown(files.postgres)})`);
    const pgHandle = await postgres.start();
    temporal = new TemporalCluster({
      ports,
      tools,
      adminUrl: pgHandle.adminUrl,
      namespace: CLUSTER_NAMESPACE,
      logsDir: files.logs,
      pids,
      report,
      keepLine: temporalLineIsNews(() => running && !shuttingDown),
      stopped: stopping,
    });
    await temporal.start();
    const { frontend } = temporal;
    const waitFor = (what: string, check: () => Promise<boolean>, timeoutMs: number) =>
      waitUntil(what, check, { timeoutMs, stopped: stopping, report });
    if (shuttingDown) return;

    const appUrl = `http://localhost:${ports.apis[0]}`;
    let uiUrl: string | undefined;
    if (tools.ui) {
      ui = new SupervisedChild(
        {
          name: processName.ui,
          command: tools.ui,
          args: ['--root', TEMPORAL_ROOT, '--config', 'ui', '--env', 'cluster', 'start'],
          env: {
            ...process.env,
            TEMPORAL_ADDRESS: frontend,
            TEMPORAL_UI_PORT: String(ports.ui),
            TEMPORAL_DEFAULT_NAMESPACE: CLUSTER_NAMESPACE,
            TEMPORAL_CORS_ORIGINS: appUrl,
          },
          cwd: repoRoot,
          marker: tools.ui,
          logFile: join(files.logs, `${processName.ui}.log`),
          keepLine: () => false,
        },
        pids,
        report,
      );
      ui.start();
      uiUrl = `http://localhost:${ports.ui}`;
    }

    const store = storeCaughtMail(pgHandle.url, report);
    mailStore = store;
    catcher = await startMailCatcher({ host: '127.0.0.1', port: ports.smtp, onMail: store.onMail });

    const appEnv: NodeJS.ProcessEnv = {
      ...process.env,
      TEMPORAL_ADDRESS: frontend,
      TEMPORAL_NAMESPACE: CLUSTER_NAMESPACE,
      DATABASE_URL: pgHandle.url,
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(ports.smtp),
      MAIL_FROM: 'Zhucun <noreply@zhucun.local>',
      EMBEDDED: '1',
      AUTH_JWT_SECRET: jwtSecret(dataDir),
      // Both APIs stand for one service: links in e-mails point at the first.
      PUBLIC_URL: appUrl,
      ...(uiUrl ? { TEMPORAL_UI_URL: uiUrl } : {}),
    };
    ports.workerMetrics.forEach((metricsPort, index) => {
      const child = new SupervisedChild(
        nodeChild(
          processName.worker(index),
          'worker/main.ts',
          { ...appEnv, WORKER_METRICS_PORT: String(metricsPort) },
          repoRoot,
        ),
        pids,
        report,
      );
      workers.push(child);
      child.start();
    });
    ports.apis.forEach((apiPort, index) => {
      const spec = nodeChild(
        processName.api(index),
        'api/server.ts',
        { ...appEnv, PORT: String(apiPort) },
        repoRoot,
      );
      // Both print the same demo tokens: the first one's are enough.
      if (index > 0) spec.keepLine = dropDemoTokens();
      const child = new SupervisedChild(spec, pids, report);
      apis.push(child);
      child.start();
    });

    for (const apiPort of ports.apis) {
      if (!(await waitForHealth(`http://127.0.0.1:${apiPort}/healthz`, stopping, report))) return;
    }
    // Each worker bundles the workflow code before it polls.
    await waitFor(
      'both app workers polling',
      async () => {
        const polling = await workflowPollers(frontend, CLUSTER_NAMESPACE, TASK_QUEUE);
        return workers.every((w) => polling.some((identity) => identity.startsWith(`${w.pid}@`)));
      },
      SERVICE_READY_TIMEOUT_MS,
    );
    if (uiUrl) {
      const url = uiUrl;
      try {
        await waitFor('the Temporal UI', () => answers(url), 60_000);
      } catch (error) {
        if (shuttingDown) return;
        warn(`${firstLine(error)}; see ${shown(join(files.logs, `${processName.ui}.log`))}`);
        uiUrl = undefined;
      }
    }

    const processes = [
      ...[...temporal.children.values(), ...(ui ? [ui] : []), ...workers, ...apis].map(
        (child) => `${child.name} ${mib(rssKiB(child.pid ?? 0))}`,
      ),
    ];
    const pgMemory = postgresMemory(postgres.handle.pid ?? 0);
    const metric = (port: number) => `http://127.0.0.1:${port}/metrics`;
    say(
      [
        `${READY_LINE} (started in ${Math.round((Date.now() - startedAt) / 1000)} s):`,
        `  app           ${ports.apis.map((port) => `http://localhost:${port}`).join(' and ')} (two API processes)`,
        `  caught mail   ${appUrl}/mail (SMTP catcher on 127.0.0.1:${ports.smtp})`,
        `  Temporal UI   ${uiUrl ?? (options['no-ui'] ? '(off: --no-ui)' : tools.ui ? '(not answering)' : '(could not be built: npm run tools:cluster)')}`,
        `  Temporal      ${frontend}, namespace ${CLUSTER_NAMESPACE}; history :${ports.temporal.history.grpc}, ` +
          `matching :${ports.temporal.matching.grpc}, worker :${ports.temporal.worker.grpc}; 8 history shards`,
        `  PostgreSQL    127.0.0.1:${ports.postgres}: ${TEMPORAL_DATABASES.default}, ${TEMPORAL_DATABASES.visibility}, ${APP_DATABASE}`,
        `  metrics       ${TEMPORAL_SERVICES.map((service) => `temporal-${service} ${metric(ports.temporal[service].metrics)}`).join(', ')}`,
        `                ${ports.workerMetrics.map((port, index) => `${processName.worker(index)} ${metric(port)}`).join(', ')}`,
        `  memory        postgres ${mib(pgMemory.kib)} (PSS of ${pgMemory.processes} processes); RSS: ${processes.join(', ')}`,
        `  logs          ${shown(files.logs)}/`,
        `Ctrl-C stops everything; ${shown(dataDir)}/ keeps the state for the next start.`,
      ].join('\n        '),
    );
    running = true;
  } catch (error) {
    warn(error instanceof Error ? error.message : String(error));
    warn(`the services' logs are in ${shown(files.logs)}/`);
    await shutdown('start-up failed');
    process.exit(1);
  }
}

/** Drops the demo-token block an API prints at start. */
function dropDemoTokens(): (line: string) => boolean {
  let inBlock = false;
  return (line) => {
    if (line.startsWith('Demo tokens')) inBlock = true;
    else if (inBlock && !line.startsWith('  ')) inBlock = false;
    return !inBlock;
  };
}

await main();
