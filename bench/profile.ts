// `npm run bench:profile`: where a decision's cost goes, product against bare.
//
// Starts what `npm run bench` starts (its own dev server, PostgreSQL with
// pg_stat_statements, the SMTP catcher, the product's worker and API and the
// bare worker, each child under `node --cpu-prof`), warms both up, then
// onboards the same number of officials through each (a start, three vetting
// replies, the dispatch approval, the pre-dispatch training: five decisions),
// the bare workflow first. For each it measures CPU seconds per decision in
// every process, history events per official, and, for the product, the SQL
// statements per decision (pg_stat_statements, the driver's own reads left
// out) and the top frames of the worker's and the API's CPU profiles inside
// the product's window. Prints the report and writes bench/results/profile.json
// and the "Profile" section of docs/performance.md.
//
//   npm run bench:profile                        60 officials a side, 1 caller
//   npm run bench:profile -- --officials 200 --callers 10
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createPool } from '../platform/db.js';
import { ApiCaller } from './api-caller.js';
import type { Bench } from './context.js';
import { CpuPhases } from './cpu.js';
import { monotonicMicros, profilesByProcess, summarizeProfiles } from './cpu-profile.js';
import { BaselineDriver } from './drive/baseline.js';
import type { OfficialDriver } from './drive/official-driver.js';
import { ProductDriver } from './drive/product.js';
import { forEachConcurrent, log, round } from './lib.js';
import { PERFORMANCE_DOC, readOptions } from './options.js';
import { historySize } from './phases/history.js';
import { startChildren, startServers } from './processes.js';
import { Recorder } from './recorder.js';
import { Region, registerActors, type Official } from './region.js';
import { renderProfile, type ProfileResults } from './profile-report.js';

const DECISIONS_PER_OFFICIAL = 5;
const WARM_UP = 10;
const DRIVER_ROLE = 'zhucun_bench_driver';

for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));

const { values: flags } = parseArgs({
  options: {
    officials: { type: 'string', default: '60' },
    callers: { type: 'string', default: '1' },
    'no-docs': { type: 'boolean', default: false },
    'keep-profiles': { type: 'boolean', default: false },
  },
});
const officials = Number(flags.officials);
const callers = Number(flags.callers);
if (!Number.isInteger(officials) || officials < 1 || !Number.isInteger(callers) || callers < 1) {
  process.stderr.write(
    'usage: npm run bench:profile -- [--officials N] [--callers N] [--no-docs]\n',
  );
  process.exit(2);
}

/** Onboards `cohort` through `driver` at `callers` in flight: five decisions an official. */
async function onboardAll(driver: OfficialDriver, cohort: Official[]): Promise<void> {
  await forEachConcurrent(cohort, callers, async (official) => {
    if ((await driver.start(official)) === undefined) return;
    for (const reply of await driver.vettingReplies(official)) await reply(`${driver.name}.vet`);
    await driver.approveDispatch(official);
    await driver.recordPreDispatchTraining(official);
  });
}

async function main(): Promise<void> {
  // A policy day of ten minutes: no deadline or reminder falls inside the run.
  const options = readOptions([
    '--officials',
    String(officials),
    '--day-ms',
    '600000',
    '--region',
    '0',
    '--closed',
    '0',
    '--no-docs',
  ]);
  const recorder = new Recorder();
  const servers = await startServers(options, () => undefined, {
    shared_preload_libraries: 'pg_stat_statements',
    'pg_stat_statements.track': 'top',
  });
  await servers.pool.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
  // The driver reads tasks as a role of its own, so that its reads stay out of the product's statements.
  await servers.pool.query(
    `CREATE ROLE ${DRIVER_ROLE} LOGIN PASSWORD 'bench'; GRANT pg_read_all_data, pg_read_all_stats TO ${DRIVER_ROLE}`,
  );
  const driverUrl = new URL(servers.postgres.url);
  driverUrl.username = DRIVER_ROLE;
  driverUrl.password = 'bench';
  const driverPool = createPool(driverUrl.toString(), { max: 4, applicationName: 'bench-driver' });

  const region = new Region(options.counties);
  await registerActors(servers.pool, region.directory());
  const profileDir = mkdtempSync(join(os.tmpdir(), 'zhucun-profile-'));
  const children = await startChildren(options, servers, (what) => recorder.fail(what), [
    '--cpu-prof',
    `--cpu-prof-dir=${profileDir}`,
  ]);
  const pids = children.pids(servers);
  const bench: Bench = {
    options,
    region,
    startedAt: new Date(),
    recorder,
    pool: driverPool,
    client: children.client,
    api: new ApiCaller(children.apiBaseUrl, children.jwtSecret, recorder),
    cpu: new CpuPhases(pids),
  };
  const cohort = (from: number, n: number) =>
    Array.from({ length: n }, (_, i) => region.official(from + i));
  const bare = new BaselineDriver(bench);
  const product = new ProductDriver(bench);

  log(`warming up: ${WARM_UP} officials a side`);
  await onboardAll(bare, cohort(0, WARM_UP));
  await onboardAll(product, cohort(0, WARM_UP));

  const measured = cohort(WARM_UP, officials);
  const windows: ProfileResults['windows'] = {};
  for (const driver of [bare, product]) {
    if (driver === product) await servers.pool.query('SELECT pg_stat_statements_reset()');
    const from = monotonicMicros();
    bench.cpu.restart();
    await onboardAll(driver, measured);
    bench.cpu.end(driver.name);
    windows[driver.name] = { from, to: monotonicMicros() };
    log(`${driver.name}: ${officials} officials onboarded`);
  }

  const statements = (
    await servers.pool.query<{ query: string; calls: string; ms: number }>(
      `SELECT query, calls, total_exec_time AS ms FROM pg_stat_statements
        WHERE userid <> (SELECT oid FROM pg_roles WHERE rolname = $1)
          AND query NOT ILIKE '%pg_stat_statements%'
        ORDER BY calls DESC`,
      [DRIVER_ROLE],
    )
  ).rows;
  const sample = measured.slice(0, Math.min(10, officials));
  const historyOf = async (driver: OfficialDriver) => {
    const sizes = await Promise.all(
      sample.map((o) => historySize(children.client, driver.workflowId(o))),
    );
    const mean = (pick: (h: (typeof sizes)[number]) => number) =>
      round(sizes.reduce((sum, h) => sum + pick(h), 0) / sizes.length);
    return { events: mean((h) => h.historyLength), bytes: mean((h) => h.historySizeBytes) };
  };
  const history = { bare: await historyOf(bare), domain: await historyOf(product) };

  await driverPool.end();
  await children.stop();
  await servers.stop();

  const names = new Map<number, string>([
    [pids.domainWorker!, 'domain worker'],
    [pids.bareWorker!, 'bare worker'],
    [pids.api!, 'api'],
  ]);
  const files = profilesByProcess(profileDir, names);
  const pick = (wanted: string[]) => new Map([...files].filter(([name]) => wanted.includes(name)));
  const results: ProfileResults = {
    at: new Date().toISOString(),
    officials,
    callers,
    decisionsPerOfficial: DECISIONS_PER_OFFICIAL,
    windows,
    cpu: bench.cpu.coresByPhase,
    history,
    statements: statements.map((s) => ({
      query: s.query,
      calls: Number(s.calls),
      ms: round(s.ms),
    })),
    profiles: {
      domain: summarizeProfiles(
        pick(['domain worker', 'api']),
        windows.domain!.from,
        windows.domain!.to,
      ),
      bare: summarizeProfiles(pick(['bare worker']), windows.bare!.from, windows.bare!.to),
    },
    failures: recorder.failures,
    failureExamples: recorder.failureExamples.slice(0, 5),
  };
  if (flags['keep-profiles']) log(`CPU profiles kept in ${profileDir}`);
  else rmSync(profileDir, { recursive: true, force: true });

  mkdirSync(options.outDir, { recursive: true });
  writeFileSync(join(options.outDir, 'profile.json'), JSON.stringify(results, null, 2) + '\n');
  const section = renderProfile(results);
  process.stdout.write(section + '\n');
  if (!flags['no-docs'] && results.failures === 0) {
    const doc = readFileSync(PERFORMANCE_DOC, 'utf8');
    const begin = '<!-- profile:begin (written by npm run bench:profile) -->';
    const end = '<!-- profile:end -->';
    const at = doc.indexOf(begin);
    const next =
      at < 0
        ? `${doc.trimEnd()}\n\n## Profile: where a decision's cost goes\n\n${begin}\n${section}\n${end}\n`
        : `${doc.slice(0, at)}${begin}\n${section}\n${doc.slice(doc.indexOf(end))}`;
    writeFileSync(PERFORMANCE_DOC, next);
    log(`wrote the profile section of ${PERFORMANCE_DOC}`);
  }
  if (results.failures)
    throw new Error(`${results.failures} failures: ${results.failureExamples.join('; ')}`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    log(`profile failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exit(1);
  },
);
