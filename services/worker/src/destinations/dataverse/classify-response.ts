import type { AxiosResponse } from 'axios';
import { PermanentError, ThrottledError, TransientError } from '../../delivery/delivery-errors';
import { retryAfterMs } from '../../delivery/retry-after';

/** Dataverse's error body: `{"error":{"code":"0x…","message":"…"}}` (code often empty). */
function readError(response: AxiosResponse): { code?: string; message?: string } {
  const error = (response.data as { error?: { code?: unknown; message?: unknown } } | undefined)
    ?.error;
  return {
    ...(typeof error?.code === 'string' && error.code !== '' ? { code: error.code } : {}),
    ...(typeof error?.message === 'string' ? { message: error.message } : {}),
  };
}

// Statuses worth trying again: the server was busy or broken, not the request.
const TRANSIENT_STATUSES = new Set([408, 425, 500, 502, 503, 504]);

/** How a failed answer is handled: waited out, retried with backoff, or failed for good. */
export type FailureKind = 'throttled' | 'transient' | 'permanent';

/**
 * A 429 (or a 503 that says when to come back) is throttling; without Retry-After a 429 backs
 * off like any transient failure, as Dataverse's guidance says.
 */
function kindOf(status: number, wait: number | undefined): FailureKind {
  if ((status === 429 || status === 503) && wait !== undefined) return 'throttled';
  if (status === 429 || status === 401 || TRANSIENT_STATUSES.has(status)) return 'transient';
  return 'permanent';
}

/** How a non-success answer is handled, from its status and Retry-After alone. */
export function failureKind(response: AxiosResponse): FailureKind {
  return kindOf(response.status, retryAfterMs(response.headers['retry-after']));
}

/** Dataverse's own error code in the answer's body (`0x80044331`), when it gives one. */
export function dataverseErrorCode(response: AxiosResponse): string | undefined {
  return readError(response).code;
}

/** Turns a non-success Dataverse answer into the error that decides what happens next. */
export function classifyFailure(response: AxiosResponse, what: string): Error {
  const { status } = response;
  const { code, message } = readError(response);
  const details = { status, ...(code ? { code } : {}) };
  const text = `${what}: Dataverse answered ${status}${code ? ` (${code})` : ''}${message ? `: ${message}` : ''}`;
  const wait = retryAfterMs(response.headers['retry-after']);
  switch (kindOf(status, wait)) {
    case 'throttled':
      return new ThrottledError(text, wait ?? 0, details);
    case 'transient':
      return new TransientError(text, details);
    case 'permanent':
      return new PermanentError(text, details);
  }
}
