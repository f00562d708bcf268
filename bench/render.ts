// Re-renders a results file as markdown (and, unless --no-docs, its
// Temporal's table and the side-by-side table in docs/performance.md):
// `npx tsx bench/render.ts bench/results/latest-dev.json`.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { renderComparison } from './compare.js';
import { PERFORMANCE_DOC, benchDir } from './options.js';
import { renderMarkdown, temporalOf, updatePerformanceDoc } from './report.js';
import { latestResults } from './results.js';

const file = resolve(
  process.argv.slice(2).find((arg) => !arg.startsWith('--')) ??
    join(benchDir, 'results', 'latest-dev.json'),
);
const results = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
const md = renderMarkdown(results);
writeFileSync(file.replace(/\.json$/, '.md'), md);
if (!process.argv.includes('--no-docs')) {
  const temporal = temporalOf(results);
  updatePerformanceDoc(PERFORMANCE_DOC, md, temporal);
  const other = latestResults(dirname(file), temporal === 'dev' ? 'cluster' : 'dev');
  const [dev, cluster] = temporal === 'dev' ? [results, other] : [other, results];
  updatePerformanceDoc(PERFORMANCE_DOC, renderComparison(dev, cluster), 'compare');
}
process.stdout.write(md + '\n');
