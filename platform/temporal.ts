// The Temporal client connection, from config: plain, TLS, mTLS or API key.
import { readFile } from 'node:fs/promises';
import { Client, Connection, type ConnectionOptions } from '@temporalio/client';
import { ConfigError, type TemporalConfig } from './config.js';

/**
 * Address, TLS and API key as both Connection (client) and NativeConnection
 * (worker) accept them.
 */
export async function temporalConnectionOptions(
  t: TemporalConfig,
): Promise<Pick<ConnectionOptions, 'address' | 'tls' | 'apiKey'>> {
  let tls: ConnectionOptions['tls'] = t.tls ? true : undefined;
  if (t.tlsCertPath && t.tlsKeyPath) {
    const read = async (variable: string, path: string) => {
      try {
        return await readFile(path);
      } catch (err) {
        throw new ConfigError(
          variable,
          `cannot be read: ${path} (${(err as Error).message})`,
          'startup',
        );
      }
    };
    tls = {
      clientCertPair: {
        crt: await read('TEMPORAL_TLS_CERT_PATH', t.tlsCertPath),
        key: await read('TEMPORAL_TLS_KEY_PATH', t.tlsKeyPath),
      },
    };
  }
  return { address: t.address, ...(tls ? { tls } : {}), ...(t.apiKey ? { apiKey: t.apiKey } : {}) };
}

/** Connects and checks the namespace; an unreachable server names TEMPORAL_ADDRESS in one line. */
export async function connectTemporal(
  t: TemporalConfig,
  options: { connectTimeoutMs?: number } = {},
): Promise<{ connection: Connection; client: Client }> {
  const base = await temporalConnectionOptions(t);
  let connection: Connection;
  try {
    connection = await Connection.connect({
      ...base,
      connectTimeout: options.connectTimeoutMs ?? 5_000,
    });
  } catch (err) {
    throw new ConfigError(
      'TEMPORAL_ADDRESS',
      `cannot reach Temporal at ${t.address}: ${(err as Error).message}`,
      'startup',
    );
  }
  try {
    await connection.workflowService.describeNamespace({ namespace: t.namespace });
  } catch (err) {
    // A key scoped to one namespace may not describe it; the connection itself works.
    if ((err as { code?: unknown }).code === 7 /* PERMISSION_DENIED */) {
      return { connection, client: new Client({ connection, namespace: t.namespace }) };
    }
    await connection.close().catch(() => undefined);
    const msg = (err as Error).message;
    if (/not found/i.test(msg))
      throw new ConfigError(
        'TEMPORAL_NAMESPACE',
        `"${t.namespace}" does not exist on ${t.address}`,
        'startup',
      );
    throw new ConfigError(
      'TEMPORAL_ADDRESS',
      `cannot use Temporal at ${t.address}: ${msg}`,
      'startup',
    );
  }
  return { connection, client: new Client({ connection, namespace: t.namespace }) };
}

/** Whether the Temporal frontend answers; for /healthz. */
export async function temporalHealthy(client: Client, timeoutMs = 2_000): Promise<boolean> {
  try {
    await client.connection.withDeadline(Date.now() + timeoutMs, () =>
      client.workflowService.getSystemInfo({}),
    );
    return true;
  } catch {
    return false;
  }
}
