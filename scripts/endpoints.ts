// The environment of a command run beside `npm start`: without DATABASE_URL
// set, the addresses `npm start` wrote to data/endpoints.json, under what the
// environment sets itself.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../dev/tools.js';

export function environmentWithEndpoints(): NodeJS.ProcessEnv {
  const endpoints = join(repoRoot, 'data', 'endpoints.json');
  if (process.env.DATABASE_URL || !existsSync(endpoints)) return process.env;
  const written = JSON.parse(readFileSync(endpoints, 'utf8')) as Record<string, string>;
  return { ...written, ...process.env };
}
