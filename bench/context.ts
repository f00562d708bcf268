// What every phase of the run works with: the options, the region, the
// driver's pool and Temporal client, the product's API, the recorder and the
// CPU phases.
import type { Client } from '@temporalio/client';
import type { Pool } from '../platform/db.js';
import { ApiCaller } from './api-caller.js';
import { CpuPhases } from './cpu.js';
import type { BenchOptions } from './options.js';
import type { Children, Servers } from './processes.js';
import type { Recorder } from './recorder.js';
import type { Region } from './region.js';

export interface Bench {
  options: BenchOptions;
  region: Region;
  /** When the run started: the day profiles are dated from, the year the rounds are looked up in. */
  startedAt: Date;
  recorder: Recorder;
  pool: Pool;
  client: Client;
  api: ApiCaller;
  cpu: CpuPhases;
}

/** The context of a run on its servers and children: the driver's pool and client, the API's caller. */
export function benchOn(
  run: Pick<Bench, 'options' | 'region' | 'startedAt' | 'recorder'>,
  servers: Servers,
  children: Children,
): Bench {
  return {
    ...run,
    pool: servers.pool,
    client: children.client,
    api: new ApiCaller(children.apiBaseUrl, children.jwtSecret, run.recorder),
    cpu: new CpuPhases(children.pids(servers)),
  };
}
