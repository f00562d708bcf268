// Where `npm run cluster` puts things: ports, process names, files. Shared by
// scripts/cluster.ts and the topology tests (test/cluster/), which run the
// cluster on shifted ports next to whatever else the machine runs.
import { join } from 'node:path';
import { repoRoot } from '../dev/tools.js';

/** The four Temporal services, in the order they are started. */
export const TEMPORAL_SERVICES = ['history', 'matching', 'frontend', 'worker'] as const;
export type TemporalService = (typeof TEMPORAL_SERVICES)[number];

/** The app's namespace on the cluster (the dev server's is `default`). */
export const CLUSTER_NAMESPACE = 'zhucun';

export interface ClusterPorts {
  postgres: number;
  temporal: Record<TemporalService, { grpc: number; membership: number; metrics: number }>;
  frontendHttp: number;
  ui: number;
  smtp: number;
  /** One per API process. */
  apis: number[];
  /** Prometheus endpoint of each app worker process. */
  workerMetrics: number[];
}

/** The ports at offset 0; `--port-offset N` adds N to every one. */
export function clusterPorts(offset = 0): ClusterPorts {
  const at = (port: number) => port + offset;
  return {
    postgres: at(5434),
    temporal: {
      frontend: { grpc: at(7233), membership: at(6933), metrics: at(9091) },
      history: { grpc: at(7234), membership: at(6934), metrics: at(9092) },
      matching: { grpc: at(7235), membership: at(6935), metrics: at(9093) },
      worker: { grpc: at(7239), membership: at(6939), metrics: at(9094) },
    },
    frontendHttp: at(7243),
    ui: at(8080),
    smtp: at(1025),
    apis: [at(3000), at(3001)],
    workerMetrics: [at(9464), at(9465)],
  };
}

/** Every port of the layout, for a free-port check. */
export function allPorts(ports: ClusterPorts): number[] {
  return [
    ports.postgres,
    ...Object.values(ports.temporal).flatMap((p) => [p.grpc, p.membership, p.metrics]),
    ports.frontendHttp,
    ports.ui,
    ports.smtp,
    ...ports.apis,
    ...ports.workerMetrics,
  ];
}

export const DEFAULT_CLUSTER_DATA_DIR = join(repoRoot, 'data-cluster');

/** Files in the cluster's data directory. */
export function clusterFiles(dataDir: string) {
  return {
    /** Pids of the supervised children (see scripts/supervisor.ts PidFile). */
    pids: join(dataDir, 'cluster.pids.json'),
    postgres: join(dataDir, 'postgres'),
    logs: join(dataDir, 'logs'),
  };
}

/** Supervised process names: Temporal's are prefixed, the app's numbered. */
export const processName = {
  temporal: (service: TemporalService) => `temporal-${service}`,
  ui: 'temporal-ui',
  worker: (index: number) => `worker-${index + 1}`,
  api: (index: number) => `api-${index + 1}`,
};

/** The line the cluster prints once everything answers. */
export const READY_LINE = 'Zhucun cluster is running';
