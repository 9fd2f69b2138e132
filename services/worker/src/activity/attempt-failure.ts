import type { Destination } from '../delivery/destination';
import {
  PermanentError,
  ThrottledError,
  TransientError,
  type FailureDetails,
} from '../delivery/delivery-errors';

/** A failed try as the leads pages show it, and the class the overview counts it under. */
export interface AttemptFailure {
  reason: string;
  failureClass: string;
}

/** Who answers for each kind of destination, in a reason's words. */
const ANSWERED_BY: Readonly<Record<Destination['type'], string>> = {
  dataverse: 'Dataverse',
  email: 'the mail server',
  chat: 'the chat webhook',
};

// A destination's own code (`0x80040220`, `ECONNRESET`, `EENVELOPE`) names a cause; anything
// longer or with other characters could be text quoted from the lead, and is left out.
const CODE = /^[A-Za-z0-9_.-]{1,40}$/;

function codeOf(details: FailureDetails): string | undefined {
  return details.code !== undefined && CODE.test(details.code) ? details.code : undefined;
}

function answered(type: Destination['type'], details: FailureDetails): string {
  const code = codeOf(details);
  const who = ANSWERED_BY[type] ?? type;
  const status = details.status;
  if (status === undefined) return `no answer from ${who}${code ? ` (${code})` : ''}`;
  return `${who} answered ${status}${code ? ` (${code})` : ''}`;
}

function classOf(kind: string, details: FailureDetails): string {
  return [kind, details.status, codeOf(details)].filter((part) => part !== undefined).join(' ');
}

/**
 * The failure in words built from its class, the destination's status and its code only, never
 * from the error's message: a Dataverse or SMTP answer may quote the lead's name, e-mail
 * address or phone number, which no scrubbing of free text reliably finds.
 */
export function attemptFailure(error: unknown, type: Destination['type']): AttemptFailure {
  if (error instanceof ThrottledError) {
    const wait = Math.ceil(error.retryAfterMs / 1000);
    return {
      reason: `throttled: ${answered(type, error.details)}, asking to wait ${wait} s`,
      failureClass: classOf('throttled', error.details),
    };
  }
  if (error instanceof PermanentError) {
    return {
      reason: `permanent failure: ${answered(type, error.details)}`,
      failureClass: classOf('permanent', error.details),
    };
  }
  if (error instanceof TransientError) {
    return {
      reason: `temporary failure: ${answered(type, error.details)}`,
      failureClass: classOf('temporary', error.details),
    };
  }
  const name = error instanceof Error && /^[A-Za-z]{1,40}$/.test(error.name) ? error.name : 'Error';
  return { reason: `unexpected error (${name})`, failureClass: `unexpected ${name}` };
}
