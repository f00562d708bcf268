// One source of truth for Temporal's configuration: `npm run cluster` and
// docker-compose.yml read the same files and run the same set-up scripts, and
// the compose file registers the search attributes the code uses.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SEARCH_ATTRIBUTES } from '../../domain/search-attributes.js';
import { allPorts, clusterPorts } from '../../scripts/cluster-layout.js';
import { repoRoot } from '../../dev/tools.js';

const read = (path: string) => readFileSync(join(repoRoot, path), 'utf8');
const compose = read('docker-compose.yml');

describe('deployment configuration', () => {
  it('registers in docker-compose.yml the search attributes of domain/search-attributes.ts', () => {
    const line = /ZHUCUN_SEARCH_ATTRIBUTES: (.+)/.exec(compose)?.[1];
    expect(line?.trim().split(/\s+/).sort()).toEqual(
      Object.values(SEARCH_ATTRIBUTES)
        .map((attribute) => `${attribute.name}=${attribute.type}`)
        .sort(),
    );
  });

  it('runs Temporal in docker-compose.yml from the files and scripts npm run cluster uses', () => {
    expect(compose).toContain('./deploy/temporal/config:/etc/temporal/config:ro');
    expect(compose).toContain('--root /etc/temporal --config config --env cluster');
    expect(compose).toContain('./deploy/temporal/setup-schema.sh:/etc/temporal/setup-schema.sh:ro');
    expect(compose).toContain(
      './deploy/temporal/setup-namespace.sh:/etc/temporal/setup-namespace.sh:ro',
    );
    for (const service of ['history', 'matching', 'frontend', 'worker'])
      expect(compose).toContain(`command: [${service}]`);
  });

  it('renders the server configuration as a template with eight history shards', () => {
    const config = read('deploy/temporal/config/cluster.yaml');
    expect(config.split('\n')[0]).toBe('# enable-template');
    expect(config).toMatch(/^ {2}numHistoryShards: 8$/m);
  });

  it('gives every process of the cluster its own port, at any offset', () => {
    for (const offset of [0, 20_000]) {
      const ports = allPorts(clusterPorts(offset));
      expect(new Set(ports).size).toBe(ports.length);
    }
  });
});
