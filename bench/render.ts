// Re-renders a results file as markdown (and docs/performance.md's table,
// unless --no-docs): `npx tsx bench/render.ts bench/results/latest.json`.
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PERFORMANCE_DOC, benchDir } from './options.js';
import { renderMarkdown, updatePerformanceDoc } from './report.js';

const file = resolve(
  process.argv.slice(2).find((arg) => !arg.startsWith('--')) ??
    join(benchDir, 'results', 'latest.json'),
);
const results = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
const md = renderMarkdown(results);
writeFileSync(file.replace(/\.json$/, '.md'), md);
if (!process.argv.includes('--no-docs')) updatePerformanceDoc(PERFORMANCE_DOC, md);
process.stdout.write(md + '\n');
