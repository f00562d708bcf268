// Re-renders a results file as markdown (and README's Performance table, unless
// --no-readme): `npx tsx bench/render.ts bench/results/latest.json`.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderMarkdown, updateReadme } from './report.js';

const file = resolve(
  process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), 'results', 'latest.json'),
);
const results = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
const md = renderMarkdown(results);
writeFileSync(file.replace(/\.json$/, '.md'), md);
if (!process.argv.includes('--no-readme'))
  updateReadme(join(dirname(fileURLToPath(import.meta.url)), '..', 'README.md'), md);
process.stdout.write(md + '\n');
