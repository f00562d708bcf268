// `npm run simulate`: a region year that reproduces the report's figures
// (shared/DOMAIN.md). Generates a region of N officials over C counties as the
// region's file of officials already on post, imports it over the API on a
// compressed calendar (a day lasts --day-ms), runs this calendar year with
// the report's rates (about 2.7 county trainings per official, 0.4 % found
// unfit at the health check and reassigned, ratings with at most a quarter
// outstanding per county, attendance closes, self-reports), then prints the
// figures computed by SQL over the record, side by side with the report's,
// and writes bench/results/simulate-<n>-<date>.{json,md}. Not part of `npm test`.
//
//   npm run simulate                                      19,000 officials, 111 counties
//   npm run simulate -- --officials 200 --counties 5 --day-ms 300
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { dateKeyOf } from '../domain/calendar.js';
import { log } from './lib.js';
import { benchDir, TEMPORAL_KINDS, type TemporalKind } from './options.js';
import { resultMarkdown } from './simulate/report.js';
import { runSimulation, type SimulateOptions } from './simulate/run.js';

export const SIMULATE_USAGE = `usage: npm run simulate [-- options]

  --officials N        officials on post in the generated region (default 19000)
  --counties N         counties they are spread over (default 111)
  --day-ms MS          a calendar day, in ms of wall time (default 2000: the year in about 12 min)
  --temporal dev|cluster  the Temporal the run starts (default dev; bench/options.ts)
  --out DIR            results directory (default bench/results)
  --help               this text`;

for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));

function readSimulateOptions(args: string[]): SimulateOptions & { outDir: string } {
  const { values } = parseArgs({
    args,
    options: {
      officials: { type: 'string', default: '19000' },
      counties: { type: 'string', default: '111' },
      'day-ms': { type: 'string', default: '2000' },
      temporal: { type: 'string', default: 'dev' },
      out: { type: 'string', default: join(benchDir, 'results') },
    },
  });
  const officials = Number(values.officials);
  const counties = Number(values.counties);
  const dayMs = Number(values['day-ms']);
  const temporal = values.temporal as TemporalKind;
  if (!Number.isInteger(officials) || officials < 1)
    throw new Error(`--officials must be a whole number above 0 (got ${values.officials})`);
  if (!Number.isInteger(counties) || counties < 1 || counties > officials)
    throw new Error(
      `--counties must be a whole number from 1 to --officials (got ${values.counties})`,
    );
  if (!Number.isInteger(dayMs) || dayMs < 20)
    throw new Error(`--day-ms must be a whole number of at least 20 (got ${values['day-ms']})`);
  if (!TEMPORAL_KINDS.includes(temporal))
    throw new Error(`--temporal must be dev or cluster (got ${values.temporal})`);
  return { officials, counties, dayMs, temporal, outDir: resolve(values.out!) };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args.includes('--help')) {
    process.stdout.write(SIMULATE_USAGE + '\n');
    return;
  }
  let options;
  try {
    options = readSimulateOptions(args);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${SIMULATE_USAGE}\n`);
    process.exit(2);
  }
  const { outDir, ...simulate } = options;
  const result = await runSimulation(simulate);
  mkdirSync(outDir, { recursive: true });
  const base = join(
    outDir,
    `simulate-${simulate.officials}-${dateKeyOf(Date.parse(result.startedAt))}`,
  );
  writeFileSync(`${base}.json`, JSON.stringify(result, null, 2) + '\n');
  const markdown = resultMarkdown(result);
  writeFileSync(`${base}.md`, markdown);
  process.stdout.write(`${markdown}\n${base}.json\n`);
  if (result.correctness.lost || result.correctness.doubled) process.exitCode = 1;
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (err: unknown) => {
    log(`simulate failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exit(1);
  },
);
