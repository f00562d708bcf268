// Temporal as four services from the real server binaries, on an embedded
// PostgreSQL that is already running: Temporal's login and schemas
// (deploy/temporal/setup-schema.sh), history alone first on a fresh database
// and then matching, frontend and worker, each waited for, then the namespace
// and the search attributes (deploy/temporal/setup-namespace.sh). Shared by
// `npm run cluster` (scripts/cluster.ts) and `npm run bench -- --temporal
// cluster` (bench/temporal.ts); every service is a SupervisedChild, started
// again when it dies.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SEARCH_ATTRIBUTES } from '../domain/search-attributes.js';
import { waitForTemporal } from '../dev/services.js';
import {
  processName,
  TEMPORAL_SERVICES,
  type ClusterPorts,
  type TemporalService,
} from './cluster-layout.js';
import {
  clusterMetadataWritten,
  ensureTemporalRole,
  run,
  schemaVersion,
  TEMPORAL_DATABASES,
  TEMPORAL_ROOT,
  temporalEnv,
  temporalServiceReady,
  waitUntil,
  type ClusterTools,
} from './cluster-services.js';
import { SupervisedChild, type ChildSpec, type PidFile, type Reporter } from './supervisor.js';
import { repoRoot } from '../dev/tools.js';

/** A Temporal service that does not answer within this at start-up stops the start. */
export const SERVICE_READY_TIMEOUT_MS = 180_000;

/** `NAME=Type ...`: the search attributes of domain/search-attributes.ts, as setup-namespace.sh reads them. */
export const searchAttributePairs = () =>
  Object.values(SEARCH_ATTRIBUTES)
    .map((attribute) => `${attribute.name}=${attribute.type}`)
    .join(' ');

/**
 * Temporal logs JSON lines, all of them to its log file. The console gets its
 * errors only while `showErrors()`: before the cluster runs, services that wait
 * for each other log errors by design; while stopping, lost connections.
 */
export const temporalLineIsNews = (showErrors: () => boolean) => (line: string) =>
  showErrors() && /"level":"(error|dpanic|panic|fatal)"|^panic|^Unable/.test(line);

export interface TemporalClusterOptions {
  /** Only `postgres`, `temporal` and `frontendHttp` are read. */
  ports: ClusterPorts;
  tools: Pick<ClusterTools, 'server' | 'sqlTool' | 'cli'>;
  /** The embedded PostgreSQL's maintenance database, as its superuser. */
  adminUrl: string;
  namespace: string;
  /** Each service's output, the schema and namespace set-up logs. */
  logsDir: string;
  pids: PidFile;
  report: Reporter;
  /** Which of Temporal's lines reach the console (see temporalLineIsNews). */
  keepLine: (line: string) => boolean;
  /** True once the owner is shutting down: waits give up. */
  stopped: () => boolean;
}

/** The four services: started by `start()`, stopped by `stop()`, history last. */
export class TemporalCluster {
  readonly children = new Map<TemporalService, SupervisedChild>();
  readonly frontend: string;

  constructor(private readonly options: TemporalClusterOptions) {
    this.frontend = `127.0.0.1:${options.ports.temporal.frontend.grpc}`;
  }

  /** Pids of the running services, by service. */
  pids(): Partial<Record<TemporalService, number>> {
    return Object.fromEntries(
      [...this.children].map(([service, child]) => [service, child.pid]),
    ) as Partial<Record<TemporalService, number>>;
  }

  /** Schemas, the four services, the namespace and its search attributes; resolves once all answer. */
  async start(): Promise<void> {
    const { ports, tools, adminUrl, logsDir, report, namespace } = this.options;
    await ensureTemporalRole(adminUrl);
    const env = { ...process.env, ...temporalEnv(ports) };
    const schemaLog = await run('sh', [join(TEMPORAL_ROOT, 'setup-schema.sh')], {
      ...env,
      TEMPORAL_SQL_TOOL: tools.sqlTool,
    });
    writeFileSync(join(logsDir, 'setup-schema.log'), schemaLog);
    report.say(
      `Temporal schemas: ${TEMPORAL_DATABASES.default} v${await schemaVersion(ports.postgres, TEMPORAL_DATABASES.default)}, ` +
        `${TEMPORAL_DATABASES.visibility} v${await schemaVersion(ports.postgres, TEMPORAL_DATABASES.visibility)}`,
    );
    if (this.options.stopped()) return;

    // On a fresh database, history alone first: services started together
    // race to write the cluster metadata, and the loser exits. Once it is
    // written, all four together: each looks for the others (the membership
    // of the last run) as it joins, and one started alone waits for them.
    const rest = ['matching', 'frontend', 'worker'] as const;
    if (!(await clusterMetadataWritten(ports.postgres))) {
      report.say('starting Temporal history (8 shards) on a fresh database');
      this.startService('history', env);
      await this.waitFor('the cluster metadata', () => clusterMetadataWritten(ports.postgres));
      await this.waitFor('Temporal history', temporalServiceReady(ports, 'history'));
      report.say('starting Temporal matching, frontend and worker');
      for (const service of rest) this.startService(service, env);
    } else {
      report.say('starting Temporal history, matching, frontend and worker');
      for (const service of TEMPORAL_SERVICES) this.startService(service, env);
    }
    for (const service of TEMPORAL_SERVICES) {
      await this.waitFor(`Temporal ${service}`, temporalServiceReady(ports, service));
    }

    const searchAttributes = searchAttributePairs();
    const namespaceLog = await run('sh', [join(TEMPORAL_ROOT, 'setup-namespace.sh')], {
      ...process.env,
      TEMPORAL_CLI: tools.cli,
      TEMPORAL_ADDRESS: this.frontend,
      TEMPORAL_NAMESPACE: namespace,
      ZHUCUN_SEARCH_ATTRIBUTES: searchAttributes,
    });
    writeFileSync(join(logsDir, 'setup-namespace.log'), namespaceLog);
    await waitForTemporal(this.frontend, namespace, Date.now() + 60_000);
    report.say(`namespace ${namespace} with search attributes ${searchAttributes}`);
  }

  /** Frontend, matching and the worker service first; history last (it owns the shards). */
  async stop(): Promise<void> {
    for (const service of ['frontend', 'matching', 'worker', 'history'] as const) {
      await this.children.get(service)?.stop();
    }
  }

  /** Last resort on process exit. */
  killNow(): void {
    for (const child of this.children.values()) child.killNow();
  }

  private startService(service: TemporalService, env: NodeJS.ProcessEnv): void {
    const { ports, tools, logsDir, pids, report, keepLine } = this.options;
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
      keepLine,
      logFile: join(logsDir, `${processName.temporal(service)}.log`),
      // History hands its shards over on SIGTERM.
      stopGraceMs: 20_000,
    };
    const child = new SupervisedChild(spec, pids, report);
    this.children.set(service, child);
    child.start();
  }

  private waitFor(what: string, check: () => Promise<boolean>): Promise<void> {
    return waitUntil(what, check, {
      timeoutMs: SERVICE_READY_TIMEOUT_MS,
      stopped: this.options.stopped,
      report: this.options.report,
    });
  }
}
