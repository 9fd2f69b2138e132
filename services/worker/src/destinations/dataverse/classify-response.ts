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

/**
 * Turns a non-success Dataverse answer into the error that decides what happens next. A 429
 * (or a 503 that says when to come back) is throttling; without Retry-After a 429 backs off
 * like any transient failure, as Dataverse's guidance says.
 */
export function classifyFailure(response: AxiosResponse, what: string): Error {
  const { status } = response;
  const { code, message } = readError(response);
  const details = { status, ...(code ? { code } : {}) };
  const text = `${what}: Dataverse answered ${status}${code ? ` (${code})` : ''}${message ? `: ${message}` : ''}`;
  const wait = retryAfterMs(response.headers['retry-after']);
  if ((status === 429 || status === 503) && wait !== undefined) {
    return new ThrottledError(text, wait, details);
  }
  if (status === 429 || status === 401 || TRANSIENT_STATUSES.has(status)) {
    return new TransientError(text, details);
  }
  return new PermanentError(text, details);
}
