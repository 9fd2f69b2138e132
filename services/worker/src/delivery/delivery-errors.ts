/**
 * The three ways a delivery can fail, each because it changes what happens next:
 * - ThrottledError: the destination asked us to wait; wait exactly that long, spend no attempt.
 * - TransientError: may succeed later; retry with backoff within the retry window.
 * - PermanentError: will fail again as is; fail now and keep the lead for a person to replay.
 */
export interface FailureDetails {
  /** HTTP status, when the destination answered. */
  status?: number;
  /** The destination's own error code, e.g. Dataverse's `0x80044331`. */
  code?: string;
}

export class ThrottledError extends Error {
  constructor(
    message: string,
    readonly retryAfterMs: number,
    readonly details: FailureDetails = {},
  ) {
    super(message);
    this.name = 'ThrottledError';
  }
}

export class TransientError extends Error {
  constructor(
    message: string,
    readonly details: FailureDetails = {},
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'TransientError';
  }
}

export class PermanentError extends Error {
  constructor(
    message: string,
    readonly details: FailureDetails = {},
  ) {
    super(message);
    this.name = 'PermanentError';
  }
}
