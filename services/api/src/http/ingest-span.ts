import { ATTR } from '@leadbridge/tracing';
import { context, SpanKind, SpanStatusCode, trace, type Context } from '@opentelemetry/api';
import type { Request, RequestHandler } from 'express';
import type { RequestWithContext } from './request-context';

const tracer = trace.getTracer('@leadbridge/api');

/** A request that opened a server span, and the context that holds it. */
interface TracedRequest extends Request {
  traceContext?: Context;
}

/**
 * Opens the server span of each POST to `route`: the root of the lead's trace (a public endpoint
 * decides nothing from a caller's `traceparent`), closed when the answer is sent with its status,
 * the lead id and what became of the lead. The query is never recorded: it holds the secret.
 * Without a tracing SDK the span is the API's no-op one and nothing is attached to the request.
 */
export function ingestSpan(route: string): RequestHandler {
  return (req, res, next) => {
    const span = tracer.startSpan(`POST ${route}`, {
      kind: SpanKind.SERVER,
      root: true,
      attributes: {
        [ATTR.httpMethod]: 'POST',
        [ATTR.httpRoute]: route,
        [ATTR.urlScheme]: req.protocol,
        [ATTR.requestId]: (req as RequestWithContext).requestId,
      },
    });
    if (!trace.isSpanContextValid(span.spanContext())) return next();
    (req as TracedRequest).traceContext = trace.setSpan(context.active(), span);
    res.once('close', () => {
      span.setAttribute(ATTR.httpStatusCode, res.statusCode);
      const { leadId, leadStatus } = res.locals as { leadId?: string; leadStatus?: string };
      if (leadId) span.setAttribute(ATTR.leadId, leadId);
      if (leadStatus) span.setAttribute(ATTR.leadOutcome, leadStatus);
      if (!res.writableFinished) {
        span.setAttribute(ATTR.errorType, 'aborted');
        span.setStatus({ code: SpanStatusCode.ERROR, message: 'aborted' });
      } else if (res.statusCode >= 500) {
        span.setAttribute(ATTR.errorType, String(res.statusCode));
        span.setStatus({ code: SpanStatusCode.ERROR });
      }
      span.end();
    });
    next();
  };
}

/**
 * Runs `fn` inside the request's server span. Needed explicitly: the body is read on the socket's
 * events, which do not carry the context the span was opened in.
 */
export function withinIngestSpan<T>(req: Request, fn: () => Promise<T>): Promise<T> {
  const traced = (req as TracedRequest).traceContext;
  return traced ? context.with(traced, fn) : fn();
}
