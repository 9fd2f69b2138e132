import { SpanStatusCode, type Span, type SpanOptions, type Tracer } from '@opentelemetry/api';
import { ATTR } from './attributes';

/**
 * Marks a span as failed, naming the error by its class only (`TransientError`): a message may
 * quote what a destination answered about the lead, and spans leave the process.
 */
export function markFailed(span: Span, error: unknown): void {
  const type = error instanceof Error ? error.name : 'unknown';
  span.setAttribute(ATTR.errorType, type);
  span.setStatus({ code: SpanStatusCode.ERROR, message: type });
}

/**
 * Runs `fn` in a new span that is the active one meanwhile, so the spans started inside it
 * (BullMQ's, the Dataverse request's) are its children, and ends it however `fn` ends. Without
 * a tracing SDK the API's no-op tracer makes this a plain call.
 */
export function inSpan<T>(
  tracer: Tracer,
  name: string,
  options: SpanOptions,
  fn: (span: Span) => Promise<T>,
): Promise<T> {
  return tracer.startActiveSpan(name, options, async (span) => {
    try {
      return await fn(span);
    } catch (error) {
      markFailed(span, error);
      throw error;
    } finally {
      span.end();
    }
  });
}
