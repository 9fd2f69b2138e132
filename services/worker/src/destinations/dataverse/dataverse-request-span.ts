import { ATTR } from '@leadbridge/tracing';
import { SpanKind, SpanStatusCode, trace, type Attributes } from '@opentelemetry/api';
import { isAxiosError, type AxiosResponse } from 'axios';
import { dataverseErrorCode, failureKind } from './classify-response';

const tracer = trace.getTracer('@leadbridge/worker');

// A record id in a Web API path, `leads(<GUID>)`: exactly 36 characters, so the match is linear.
const RECORD_ID = /\([0-9a-fA-F-]{36}\)/g;

/**
 * The request's URL as a span may show it: without the query, which can hold a customer's e-mail
 * address (`$filter=emailaddress1 eq …`), and as a template with record ids as `{id}`.
 */
function urlAttributes(url: string): { template: string; attributes: Attributes } {
  const parsed = new URL(url);
  const template = parsed.pathname.replace(RECORD_ID, '({id})');
  return {
    template,
    attributes: {
      [ATTR.urlFull]: `${parsed.origin}${parsed.pathname}`,
      [ATTR.urlTemplate]: template,
      [ATTR.serverAddress]: parsed.hostname,
      [ATTR.serverPort]: Number(parsed.port || (parsed.protocol === 'http:' ? 80 : 443)),
    },
  };
}

/** What an answer means to the worker, in the words the span gives it (`dataverse.status`). */
function answerAttributes(response: AxiosResponse): Attributes {
  const { status } = response;
  const meaning =
    status >= 200 && status < 300
      ? 'success'
      : status === 412
        ? 'precondition-failed'
        : failureKind(response);
  const attributes: Attributes = {
    [ATTR.httpStatusCode]: status,
    [ATTR.dataverseStatus]: meaning,
  };
  const code = status >= 400 ? dataverseErrorCode(response) : undefined;
  if (code) attributes[ATTR.dataverseErrorCode] = code;
  const retryAfter: unknown = response.headers['retry-after'];
  if (typeof retryAfter === 'string' || typeof retryAfter === 'number') {
    attributes[ATTR.httpRetryAfter] = [String(retryAfter)];
  }
  if (status >= 400) attributes[ATTR.errorType] = String(status);
  return attributes;
}

/**
 * Sends one Dataverse Web API request inside a client span: method, URL without its query,
 * status, what the answer means and Retry-After; never a header or a body. Without a tracing
 * SDK the span does nothing and no URL is parsed for it.
 */
export function inRequestSpan(
  method: string,
  url: string,
  send: () => Promise<AxiosResponse>,
): Promise<AxiosResponse> {
  return tracer.startActiveSpan(
    method,
    { kind: SpanKind.CLIENT, attributes: { [ATTR.httpMethod]: method } },
    async (span) => {
      if (span.isRecording()) {
        const { template, attributes } = urlAttributes(url);
        span.updateName(`${method} ${template}`);
        span.setAttributes(attributes);
      }
      try {
        const response = await send();
        if (span.isRecording()) {
          span.setAttributes(answerAttributes(response));
          if (response.status >= 400) span.setStatus({ code: SpanStatusCode.ERROR });
        }
        return response;
      } catch (error) {
        // No answer at all: reset, timeout, refused.
        const code = isAxiosError(error) ? error.code : undefined;
        span.setAttributes({
          [ATTR.dataverseStatus]: 'no-answer',
          [ATTR.errorType]: code ?? (error instanceof Error ? error.name : 'unknown'),
        });
        span.setStatus({ code: SpanStatusCode.ERROR });
        throw error;
      } finally {
        span.end();
      }
    },
  );
}
