import { PermanentError, ThrottledError, TransientError } from '../../delivery/delivery-errors';
import { retryAfterMs } from '../../delivery/retry-after';
import { WebhookError, type WebhookClient } from '../../webhook/webhook-client';

// Answers worth trying again: the server was busy or broken, not the message.
const TRANSIENT_STATUSES = new Set([408, 425, 500, 502, 503, 504]);

/** What a refusal most likely means, and what to do; `variable` holds the webhook's URL. */
function remedy(status: number, variable: string): string {
  if (status === 404 || status === 410) {
    return `no webhook at this URL: the workflow or webhook was deleted, or the channel archived; put a new URL in ${variable}`;
  }
  if (status === 401 || status === 403) {
    return `the webhook refused the request: the workflow may be turned off or its owner may have lost access to the channel; check it, or put a new URL in ${variable}`;
  }
  if (status >= 300 && status < 400) return `put the final URL in ${variable}`;
  return 'the webhook refused the message';
}

/**
 * Turns a failed post into the error that decides what happens next: 429 (or 503 saying when)
 * waits for Retry-After without spending an attempt, 5xx and no answer retry with backoff, and
 * any other refusal fails the message now, saying why without the URL.
 */
export function classifyChatFailure(error: unknown, variable: string): Error {
  if (!(error instanceof WebhookError)) return new TransientError('chat webhook request failed');
  const { status } = error;
  const details = status === undefined ? {} : { status };
  // Nothing answered (timeout, connection refused or dropped): the message may or may not have
  // been posted; trying again may post it twice, which beats not posting it at all.
  if (status === undefined) return new TransientError(error.message, details);
  const wait = retryAfterMs(error.retryAfter);
  if ((status === 429 || status === 503) && wait !== undefined) {
    return new ThrottledError(error.message, wait, details);
  }
  if (status === 429 || TRANSIENT_STATUSES.has(status) || status >= 500) {
    return new TransientError(error.message, details);
  }
  return new PermanentError(`${error.message}: ${remedy(status, variable)}`, details);
}

/** Posts one message; throws a ThrottledError, TransientError or PermanentError on failure. */
export async function postChatMessage(
  client: WebhookClient,
  url: string,
  variable: string,
  body: unknown,
): Promise<void> {
  try {
    await client.post(url, body);
  } catch (error) {
    throw classifyChatFailure(error, variable);
  }
}
