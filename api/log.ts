// A small leveled logger for the API; one line per event on stderr.
import type { LogLevel } from '../platform/config.js';

export interface Logger {
  debug(msg: string, extra?: unknown): void;
  info(msg: string, extra?: unknown): void;
  warn(msg: string, extra?: unknown): void;
  error(msg: string, extra?: unknown): void;
}

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export function createLogger(
  level: LogLevel,
  write: (line: string) => void = (l) => process.stderr.write(l + '\n'),
): Logger {
  const at = (l: LogLevel) => (msg: string, extra?: unknown) => {
    if (ORDER[l] < ORDER[level]) return;
    const tail =
      extra instanceof Error
        ? ` ${extra.stack ?? extra.message}`
        : extra !== undefined
          ? ` ${JSON.stringify(extra)}`
          : '';
    write(`${new Date().toISOString()} ${l.toUpperCase()} ${msg}${tail}`);
  };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
