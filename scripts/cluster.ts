// `npm run cluster`: the production shape, run for real on one machine. One
// embedded PostgreSQL holds Temporal's two stores and the app's database;
// Temporal runs as four services in separate processes (on a fresh database
// history first, until the cluster metadata is written), from
// the configuration that docker-compose.yml mounts too
// (deploy/temporal/config/cluster.yaml); the namespace and the search
// attributes are registered; then the Temporal Web UI (when it could be
// built), a mail catcher, two app workers and two API processes. Every
// process is supervised: one that dies is restarted, PostgreSQL included.
// State lives in data-cluster/ and survives a restart; Ctrl-C stops
// everything, the app first and PostgreSQL last.
//
//   npm run cluster [-- --port-offset N] [--data-dir DIR] [--no-ui]
//   (--port-offset: every port shifted by N, to run next to `npm start`.)
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { SEARCH_ATTRIBUTES } from '../domain/search-attributes.js';
import { startMailCatcher, type MailCatcher } from '../platform/mail-catcher.js';
import { assertPortFree, waitForTemporal } from '../platform/services.js';
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
  type TemporalService,
} from './cluster-layout.js';
import {
  answers,
  clusterMetadataWritten,
  ensureClusterTools,
  ensureTemporalRole,
  firstLine,
  KeptPostgres,
  mib,
  postgresMemory,
  rssKiB,
  run,
  schemaVersion,
  TEMPORAL_DATABASES,
  TEMPORAL_ROOT,
  temporalEnv,
  temporalServiceReady,
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
  type ChildSpec,
  type Reporter,
} from './supervisor.js';
import { repoRoot } from './tools.js';

const SHUTDOWN_LIMIT_MS = 90_000;
/** A Temporal service that does not answer within this at start-up stops the start. */
const SERVICE_READY_TIMEOUT_MS = 180_000;
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

/**
 * Temporal logs JSON lines, all of them to its log file. The console gets its
 * errors once the cluster runs: before, services that wait for each other log
 * errors by design; while stopping, lost connections.
 */
const temporalLineIsNews = (showErrors: () => boolean) => (line: string) =>
  showErrors() && /"level":"(error|dpanic|panic|fatal)"|^panic|^Unable/.test(line);

// ------------------------------------------------------------------- main ---

async function main(): Promise<void> {
  mkdirSync(files.logs, { recursive: true });
  const pids = new PidFile(files.pids);
  await pids.stopLeftovers(report);

  const postgres = new KeptPostgres(
    { dataDir: files.postgres, port: ports.postgres, persistent: true, database: APP_DATABASE },
    report,
  );
  const temporal = new Map<TemporalService, SupervisedChild>();
  let ui: SupervisedChild | undefined;
  const workers: SupervisedChild[] = [];
  const apis: SupervisedChild[] = [];
  const everyChild = () => [...apis, ...workers, ...(ui ? [ui] : []), ...temporal.values()];
  let mailStore: { close(): Promise<void> } | undefined;
  let catcher: MailCatcher | undefined;
  let shuttingDown = false;
  let running = false;
  const stopping = () => shuttingDown;

  process.on('exit', () => {
    for (const child of everyChild()) child.killNow();
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
    for (const service of ['frontend', 'matching', 'worker', 'history'] as const) {
      await temporal.get(service)?.stop();
    }
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
    await ensureTemporalRole(pgHandle.adminUrl);
    const env = { ...process.env, ...temporalEnv(ports) };
    const schemaLog = await run('sh', [join(TEMPORAL_ROOT, 'setup-schema.sh')], {
      ...env,
      TEMPORAL_SQL_TOOL: tools.sqlTool,
    });
    writeFileSync(join(files.logs, 'setup-schema.log'), schemaLog);
    say(
      `Temporal schemas: ${TEMPORAL_DATABASES.default} v${await schemaVersion(ports.postgres, TEMPORAL_DATABASES.default)}, ` +
        `${TEMPORAL_DATABASES.visibility} v${await schemaVersion(ports.postgres, TEMPORAL_DATABASES.visibility)}`,
    );
    if (shuttingDown) return;

    const startTemporal = (service: TemporalService) => {
      const spec: ChildSpec = {
        name: processName.temporal(service),
        command: tools.server,
        args: [
          '--root',
          TEMPORAL_ROOT,
          '--config',
          'config',
          '--env',
          'cluster',
          '--allow-no-auth',
          'start',
          '--service',
          service,
        ],
        env: { ...env, TEMPORAL_METRICS_PORT: String(ports.temporal[service].metrics) },
        cwd: repoRoot,
        marker: tools.server,
        keepLine: temporalLineIsNews(() => running && !shuttingDown),
        logFile: join(files.logs, `${processName.temporal(service)}.log`),
        // History hands its shards over on SIGTERM.
        stopGraceMs: 20_000,
      };
      const child = new SupervisedChild(spec, pids, report);
      temporal.set(service, child);
      child.start();
    };
    const waitFor = (
      what: string,
      check: () => Promise<boolean>,
      timeoutMs = SERVICE_READY_TIMEOUT_MS,
    ) => waitUntil(what, check, { timeoutMs, stopped: stopping, report });

    // On a fresh database, history alone first: services started together
    // race to write the cluster metadata, and the loser exits. Once it is
    // written, all four together: each looks for the others (the membership
    // of the last run) as it joins, and one started alone waits for them.
    const rest = ['matching', 'frontend', 'worker'] as const;
    if (!(await clusterMetadataWritten(ports.postgres))) {
      say('starting Temporal history (8 shards) on a fresh database');
      startTemporal('history');
      await waitFor('the cluster metadata', () => clusterMetadataWritten(ports.postgres));
      await waitFor('Temporal history', temporalServiceReady(ports, 'history'));
      say('starting Temporal matching, frontend and worker');
      for (const service of rest) startTemporal(service);
    } else {
      say('starting Temporal history, matching, frontend and worker');
      for (const service of TEMPORAL_SERVICES) startTemporal(service);
    }
    for (const service of TEMPORAL_SERVICES) {
      await waitFor(`Temporal ${service}`, temporalServiceReady(ports, service));
    }

    const frontend = `127.0.0.1:${ports.temporal.frontend.grpc}`;
    const searchAttributes = Object.values(SEARCH_ATTRIBUTES)
      .map((attribute) => `${attribute.name}=${attribute.type}`)
      .join(' ');
    const namespaceLog = await run('sh', [join(TEMPORAL_ROOT, 'setup-namespace.sh')], {
      ...process.env,
      TEMPORAL_CLI: tools.cli,
      TEMPORAL_ADDRESS: frontend,
      TEMPORAL_NAMESPACE: CLUSTER_NAMESPACE,
      ZHUCUN_SEARCH_ATTRIBUTES: searchAttributes,
    });
    writeFileSync(join(files.logs, 'setup-namespace.log'), namespaceLog);
    await waitForTemporal(frontend, CLUSTER_NAMESPACE, Date.now() + 60_000);
    say(`namespace ${CLUSTER_NAMESPACE} with search attributes ${searchAttributes}`);
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
    await waitFor('both app workers polling', async () => {
      const polling = await workflowPollers(frontend, CLUSTER_NAMESPACE, TASK_QUEUE);
      return workers.every((w) => polling.some((identity) => identity.startsWith(`${w.pid}@`)));
    });
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
      ...[...temporal.values(), ...(ui ? [ui] : []), ...workers, ...apis].map(
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
