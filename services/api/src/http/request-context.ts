import { randomUUID } from 'node:crypto';
import type { LogFields, Logger } from '@leadbridge/service-kit';
import type { Request, RequestHandler } from 'express';

/** A request that knows its correlation id and has a logger carrying it. */
export interface RequestWithContext extends Request {
  requestId: string;
  log: Logger;
  /**
   * Called once the answer is sent, with the seconds since the request arrived: a route's own
   * bookkeeping (the ingest metrics) rides on the access line's listener instead of adding one.
   */
  onAnswered?: (seconds: number) => void;
}

// A caller-supplied id is used only if it is short and plain, so it cannot smuggle data into logs.
const SAFE_REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * The request's logger: every entry carries the request id. Most requests log nothing but their
 * access line, so this is one small object per request rather than a winston child logger.
 */
class RequestLogger implements Logger {
  constructor(
    private readonly base: Logger,
    private readonly requestId: string,
  ) {}
  error(message: string, fields?: LogFields): void {
    this.base.error(message, { requestId: this.requestId, ...fields });
  }
  warn(message: string, fields?: LogFields): void {
    this.base.warn(message, { requestId: this.requestId, ...fields });
  }
  info(message: string, fields?: LogFields): void {
    this.base.info(message, { requestId: this.requestId, ...fields });
  }
  debug(message: string, fields?: LogFields): void {
    this.base.debug(message, { requestId: this.requestId, ...fields });
  }
  child(fields: LogFields): Logger {
    return this.base.child({ requestId: this.requestId, ...fields });
  }
}

/**
 * Gives every request a correlation id (from `X-Request-Id` when sane), echoes it back, and writes
 * one access line when the answer is sent. The path is logged without its query: the query holds
 * the ingest secret.
 */
export function requestContext(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const header = req.headers['x-request-id'];
    const requestId =
      typeof header === 'string' && SAFE_REQUEST_ID.test(header) ? header : randomUUID();
    const context = req as RequestWithContext;
    context.requestId = requestId;
    context.log = new RequestLogger(logger, requestId);
    res.setHeader('X-Request-Id', requestId);

    const started = performance.now();
    res.on('finish', () => {
      const durationMs = performance.now() - started;
      context.onAnswered?.(durationMs / 1000);
      logger.info('request', {
        requestId,
        method: req.method,
        path: req.path,
        status: res.statusCode,
        durationMs: Math.round(durationMs * 100) / 100,
        ...(res.locals.leadId ? { leadId: res.locals.leadId } : {}),
      });
    });
    next();
  };
}
