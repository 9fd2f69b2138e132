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

const redact = winston.format((info) => redactEntry(info));

function wrap(inner: winston.Logger): Logger {
  return {
    error: (message, fields) => inner.error(message, fields),
    warn: (message, fields) => inner.warn(message, fields),
    info: (message, fields) => inner.info(message, fields),
    debug: (message, fields) => inner.debug(message, fields),
    child: (fields) => wrap(inner.child(fields)),
  };
}

export function createLogger(options: LoggerOptions): Logger {
  const inner = winston.createLogger({
    level: options.level ?? 'info',
    defaultMeta: { service: options.service },
    format: winston.format.combine(redact(), winston.format.timestamp(), winston.format.json()),
    transports: [new winston.transports.Stream({ stream: options.stream ?? process.stdout })],
  });
  return wrap(inner);
}
