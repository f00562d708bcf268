// `npm run bench -- --temporal dev|cluster`: the flag parses, picks the
// namespace and the results' names, refuses anything else, and is documented
// (the usage text and docs/performance.md). The cluster run itself is too long
// for CI; the smoke run covers the dev server.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PERFORMANCE_DOC, readOptions, USAGE } from '../../bench/options.js';
import { blockMarkers } from '../../bench/report.js';

describe('bench options: --temporal', () => {
  it('defaults to the dev server, namespace default', () => {
    const options = readOptions([]);
    expect(options.temporal).toBe('dev');
    expect(options.namespace).toBe('default');
    expect(options.resultsName).toBe('latest-dev');
    expect(readOptions(['--smoke']).resultsName).toBe('smoke-dev');
  });

  it('--temporal cluster runs on namespace zhucun and names its results so', () => {
    const options = readOptions(['--temporal', 'cluster', '--officials', '500']);
    expect(options.temporal).toBe('cluster');
    expect(options.namespace).toBe('zhucun');
    expect(options.resultsName).toBe('latest-cluster');
    expect(options.officials).toBe(500);
    expect(readOptions(['--temporal=cluster', '--smoke']).resultsName).toBe('smoke-cluster');
  });

  it('refuses another Temporal', () => {
    expect(() => readOptions(['--temporal', 'cloud'])).toThrow(/--temporal must be dev or cluster/);
  });

  it('is documented in the usage text and in docs/performance.md, whose blocks are all there', () => {
    expect(USAGE).toContain('--temporal dev|cluster');
    const doc = readFileSync(PERFORMANCE_DOC, 'utf8');
    expect(doc).toContain('npm run bench -- --temporal cluster');
    for (const block of ['dev', 'cluster', 'compare'] as const) {
      const { begin, end } = blockMarkers(block);
      expect(doc.indexOf(begin)).toBeGreaterThanOrEqual(0);
      expect(doc.indexOf(end)).toBeGreaterThan(doc.indexOf(begin));
    }
  });
});
