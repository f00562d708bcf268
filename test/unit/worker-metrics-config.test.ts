// The worker's Prometheus endpoint: off unless WORKER_METRICS_PORT is set,
// on loopback unless WORKER_METRICS_HOST says otherwise (0.0.0.0 in a container).
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../platform/config.js';

const BASE = {
  DATABASE_URL: 'postgres://zhucun:pw@localhost:5432/zhucun',
  AUTH_JWT_SECRET: 'a-test-secret-that-is-at-least-32-characters',
};

const lineOf = (env: Record<string, string>) => {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.line;
    throw error;
  }
  throw new Error('expected a config error');
};

describe('worker metrics config', () => {
  it('is off by default', () => {
    expect(loadConfig(BASE).workerMetricsAddress).toBeUndefined();
  });

  it('binds loopback, or the host given', () => {
    expect(loadConfig({ ...BASE, WORKER_METRICS_PORT: '9464' }).workerMetricsAddress).toBe(
      '127.0.0.1:9464',
    );
    expect(
      loadConfig({ ...BASE, WORKER_METRICS_PORT: '9464', WORKER_METRICS_HOST: '0.0.0.0' })
        .workerMetricsAddress,
    ).toBe('0.0.0.0:9464');
    expect(
      loadConfig({ ...BASE, WORKER_METRICS_PORT: '9464', WORKER_METRICS_HOST: '::' })
        .workerMetricsAddress,
    ).toBe('[::]:9464');
  });

  it('names the variable at fault', () => {
    expect(lineOf({ ...BASE, WORKER_METRICS_PORT: '70000' })).toBe(
      'config error: WORKER_METRICS_PORT must be a whole number from 1 to 65535 (got "70000")',
    );
    expect(
      lineOf({ ...BASE, WORKER_METRICS_PORT: '9464', WORKER_METRICS_HOST: 'metrics.local' }),
    ).toBe(
      'config error: WORKER_METRICS_HOST must be an IP address, e.g. 127.0.0.1 or 0.0.0.0 (got "metrics.local")',
    );
  });
});
