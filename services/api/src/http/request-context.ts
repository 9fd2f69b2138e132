import { randomUUID } from 'node:crypto';
import type { Logger } from '@leadbridge/service-kit';
import type { Request, RequestHandler } from 'express';

/** A request that knows its correlation id and has a logger carrying it. */
export interface RequestWithContext extends Request {
  requestId: string;
  log: Logger;
}

// A caller-supplied id is used only if it is short and plain, so it cannot smuggle data into logs.
const SAFE_REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * Gives every request a correlation id (from `X-Request-Id` when sane), echoes it back, and writes
 * one access line when the answer is sent. The path is logged without its query: the query holds
 * the ingest secret.
 */
export function requestContext(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const header = req.get('x-request-id');
    const requestId = header && SAFE_REQUEST_ID.test(header) ? header : randomUUID();
    const context = req as RequestWithContext;
    context.requestId = requestId;
    context.log = logger.child({ requestId });
    res.set('X-Request-Id', requestId);

    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
      context.log.info('request', {
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
