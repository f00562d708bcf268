// The worker's logs as JSON lines (pino on stderr): its own, and through the
// SDK's Runtime logger everything the SDK, its Rust core, workflow code
// (`log` from @temporalio/workflow) and activities log, with their metadata
// (workflowId, runId, activityType, …) as fields.
import type {
  Logger as SdkLogger,
  LogLevel as SdkLogLevel,
  RuntimeOptions,
} from '@temporalio/worker';
import { pino, type DestinationStream, type Logger } from 'pino';
import type { LogLevel } from '../platform/config.js';

export function createWorkerLogger(
  level: LogLevel,
  destination: DestinationStream = pino.destination({ dest: 2, sync: true }),
): Logger {
  return pino(
    {
      name: 'zhucun-worker',
      level,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      // The SDK puts failures under `error`.
      serializers: { error: pino.stdSerializers.err },
    },
    destination,
  );
}

const PINO_LEVEL = {
  TRACE: 'trace',
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warn',
  ERROR: 'error',
} as const satisfies Record<SdkLogLevel, string>;

/** The SDK's Logger interface on a pino logger. */
export function sdkLogger(log: Logger): SdkLogger {
  const at = (level: SdkLogLevel) => (message: string, meta?: Record<string | symbol, unknown>) =>
    log[PINO_LEVEL[level]](meta ?? {}, message);
  return {
    log: (level, message, meta) => at(level)(message, meta),
    trace: at('TRACE'),
    debug: at('DEBUG'),
    info: at('INFO'),
    warn: at('WARN'),
    error: at('ERROR'),
  };
}

/**
 * Runtime.install options that send the SDK's logs and the core's (forwarded,
 * from `level` up, at WARN for the core's dependencies) to `log`.
 */
export function runtimeLogging(
  log: Logger,
  level: LogLevel,
): Pick<RuntimeOptions, 'logger' | 'telemetryOptions'> {
  const sdkLevel = level.toUpperCase() as SdkLogLevel;
  return {
    logger: sdkLogger(log),
    telemetryOptions: { logging: { forward: {}, filter: { core: sdkLevel, other: 'WARN' } } },
  };
}
