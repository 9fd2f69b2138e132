import { randomUUID } from 'node:crypto';
import type { Response } from 'express';

/**
 * An Entra ID error: an OAuth `error`, an AADSTS number and its description. The body carries the
 * fields msal-node reads (`error`, `error_description`, `error_codes`, `correlation_id`).
 */
export class AadError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly aadsts: number,
    description: string,
  ) {
    super(`AADSTS${aadsts}: ${description}`);
    this.name = 'AadError';
  }
}

const SAFE_ID = /^[A-Za-z0-9-]{1,64}$/;

function aadTimestamp(date: Date): string {
  return date
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d{3}Z$/, 'Z');
}

/** Sends the error as Entra ID does, echoing the caller's `client-request-id` when it is sane. */
export function sendAadError(res: Response, error: AadError, correlationId?: string): void {
  const traceId = randomUUID();
  const correlation = correlationId && SAFE_ID.test(correlationId) ? correlationId : randomUUID();
  const timestamp = aadTimestamp(new Date());
  res
    .status(error.status)
    .set({ 'Cache-Control': 'no-store, no-cache', Pragma: 'no-cache' })
    .json({
      error: error.error,
      error_description: `${error.message} Trace ID: ${traceId} Correlation ID: ${correlation} Timestamp: ${timestamp}`,
      error_codes: [error.aadsts],
      timestamp,
      trace_id: traceId,
      correlation_id: correlation,
      error_uri: `https://login.microsoftonline.com/error?code=${error.aadsts}`,
    });
}
