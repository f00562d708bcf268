// Where the Temporal CLI and the time-skipping test server live. Both are built
// by scripts/ensure-tools.sh, because the SDKs' own download from GitHub fails on
// machines that reach package registries only.
import { execFileSync } from 'node:child_process';
import { accessSync, constants, readFileSync } from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const toolsDir = join(repoRoot, 'tools');
const pathsFile = join(toolsDir, 'paths.json');
const ensureScript = join(repoRoot, 'scripts', 'ensure-tools.sh');

export interface ToolPaths {
  /** `temporal` CLI, used for `temporal server start-dev`. */
  temporalCli: string;
  /** Executable taking the port as first argument (what the TS SDK expects). */
  testServer: string;
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

function readPathsFile(): Partial<ToolPaths> {
  try {
    return JSON.parse(readFileSync(pathsFile, 'utf8')) as Partial<ToolPaths>;
  } catch {
    return {};
  }
}

/** Resolves each tool: env override, then PATH, then tools/paths.json. Undefined when missing. */
export function findToolPaths(): Partial<ToolPaths> {
  const recorded = readPathsFile();
  const pick = (envValue: string | undefined, pathName: string, fromFile: string | undefined) =>
    envValue || onPath(pathName) || (fromFile && isExecutable(fromFile) ? fromFile : undefined);
  return {
    temporalCli: pick(process.env.TEMPORAL_CLI_PATH, 'temporal', recorded.temporalCli),
    testServer: pick(
      process.env.TEMPORAL_TEST_SERVER_PATH,
      'temporal-test-server',
      recorded.testServer,
    ),
  };
}

/** Like findToolPaths, but throws with the fix when a tool is missing. */
export function toolPaths(): ToolPaths {
  const { temporalCli, testServer } = findToolPaths();
  if (!temporalCli || !testServer) {
    throw new Error(
      `Temporal tools not found (cli: ${temporalCli ?? 'missing'}, test server: ${testServer ?? 'missing'}); run: npm run tools`,
    );
  }
  return { temporalCli, testServer };
}

/** Runs scripts/ensure-tools.sh when a tool is missing, then returns the paths. */
export function ensureToolPaths(): ToolPaths {
  const found = findToolPaths();
  if (found.temporalCli && found.testServer) {
    return { temporalCli: found.temporalCli, testServer: found.testServer };
  }
  // Output goes to our stderr so that it is visible but never mixed into stdout data.
  execFileSync('bash', [ensureScript], { stdio: ['ignore', process.stderr, process.stderr] });
  return toolPaths();
}
