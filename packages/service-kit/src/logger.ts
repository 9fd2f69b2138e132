import type { Writable } from 'node:stream';
import winston from 'winston';
import { redactEntry } from './redact';

export type LogLevel = 'error' | 'warn' | 'info' | 'debug';
export type LogFields = Record<string, unknown>;

/** The only logging interface services see; every entry is JSON and redacted. */
export interface Logger {
  error(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  debug(message: string, fields?: LogFields): void;
  /** A logger that adds `fields` (a correlation id, a lead id) to every entry. */
  child(fields: LogFields): Logger;
}

export interface LoggerOptions {
  service: string;
  /** @defaultValue 'info' */
  level?: LogLevel;
  /** Where JSON lines go. @defaultValue process.stdout */
  stream?: Writable;
}

// Where winston's transports read the finished line (triple-beam's MESSAGE, a registered symbol).
const MESSAGE = Symbol.for('message');

/** bigint is the one value JSON.stringify refuses once an entry is redacted; logged as text. */
function bigintAsText(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}

/**
 * Redaction, the timestamp and the JSON line in one format, in that order. winston's
 * `combine(redact, timestamp, json)` ran each entry through three formats, and its `json`
 * configures safe-stable-stringify anew for every entry and sorts the keys. A redacted entry is
 * made of fresh copies cut at a fixed depth, so it holds no cycle: plain JSON.stringify is enough.
 * Each line starts with its level and message, then the fields as given, then the time.
 */
const jsonLine = winston.format((info) => {
  redactEntry(info);
  const line: Record<string, unknown> = Object.assign(
    { level: info.level, message: info.message },
    info,
  );
  line.timestamp = new Date().toISOString();
  try {
    info[MESSAGE] = JSON.stringify(line);
  } catch {
    info[MESSAGE] = JSON.stringify(line, bigintAsText);
  }
  return info;
});

/**
 * An entry below the logger's level costs nothing: winston would build it and pass it through
 * its stream before dropping it, which a debug line on every lead made a cost of every lead.
 */
function wrap(inner: winston.Logger): Logger {
  return {
    error: (message, fields) => inner.error(message, fields),
    warn: (message, fields) => inner.warn(message, fields),
    info: (message, fields) => {
      if (inner.isInfoEnabled()) inner.info(message, fields);
    },
    debug: (message, fields) => {
      if (inner.isDebugEnabled()) inner.debug(message, fields);
    },
    child: (fields) => wrap(inner.child(fields)),
  };
}

export function createLogger(options: LoggerOptions): Logger {
  const inner = winston.createLogger({
    level: options.level ?? 'info',
    defaultMeta: { service: options.service },
    format: jsonLine(),
    transports: [new winston.transports.Stream({ stream: options.stream ?? process.stdout })],
  });
  return wrap(inner);
}
