import type { RequestHandler, Response } from 'express';
import { abortableSleep } from '../shared/abortable-sleep';
import { DataverseError, ErrorCodes } from './dataverse-error';
import type { DataverseContext } from './dataverse-context';

// The hex codes the Web API sends for each service protection limit (learn.microsoft.com/
// power-apps/developer/data-platform/api-limits, "Service protection API limit errors returned").
const LIMIT_CODES = {
  requests: ErrorCodes.requestLimit,
  execution: ErrorCodes.executionTimeLimit,
  concurrent: ErrorCodes.concurrencyLimit,
} as const;

function injectedFailure(status: number): DataverseError {
  // 500 is what Dataverse itself says when it fails; other statuses come from the gateway.
  if (status === 500) {
    return new DataverseError(500, ErrorCodes.unexpected, 'An unexpected error occurred.');
  }
  return new DataverseError(status, '', 'The service is temporarily unavailable. Retry later.');
}

function refuseToken(context: DataverseContext, res: Response): void {
  res
    .status(401)
    .set(
      'WWW-Authenticate',
      `Bearer error="invalid_token", authorization_uri="${context.baseUrl}/${context.tenantId}/oauth2/authorize", resource_id="${context.baseUrl}/"`,
    )
    .end();
}

function bearerToken(header: string | undefined): string | undefined {
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return match?.[1];
}

/**
 * What stands in front of every Dataverse request, in this order: injected outages and failures
 * (a gateway answering for a sick service), the bearer token, the application user, injected
 * throttling, the service protection limits, then the injected latency. Everything refused here
 * is refused at once; only admitted requests wait out the latency.
 */
export function dataverseGate(context: DataverseContext): RequestHandler {
  const { faults, stats, tokens } = context;
  return async (req, res, next) => {
    res.on('close', stats.enter());

    const failure = faults.takeFailure();
    if (failure !== undefined) throw injectedFailure(failure);

    const token = bearerToken(req.get('authorization'));
    const grant = token === undefined ? undefined : tokens.lookup(token);
    if (!grant || grant.app.tenantId !== context.tenantId.toLowerCase()) {
      refuseToken(context, res);
      return;
    }
    (res.locals as { grant?: unknown }).grant = grant;

    if (faults.appUserMissing || !grant.app.applicationUser) {
      throw new DataverseError(
        403,
        ErrorCodes.notAMember,
        'The user is not a member of the organization.',
      );
    }

    const retryAfter = faults.takeThrottle();
    if (retryAfter !== undefined) {
      throw new DataverseError(
        429,
        ErrorCodes.requestLimit,
        'Number of requests exceeded the limit of 6000 over time window of 300 seconds.',
        { 'Retry-After': retryAfter },
      );
    }

    const admission = faults.serviceProtection?.admit(grant.app.clientId);
    if (admission && !admission.admitted) {
      const code = LIMIT_CODES[admission.limit];
      throw new DataverseError(429, code, admission.message, {
        'Retry-After': String(admission.retryAfterSeconds),
      });
    }
    if (admission) {
      res.on('close', admission.release);
      if (admission.remaining !== undefined) {
        // Dataverse's debugging header: how many requests are left in the window.
        res.set('x-ms-ratelimit-burst-remaining-xrm-requests', String(admission.remaining));
      }
    }

    await abortableSleep(faults.latencyMs, context.closing);
    if (context.closing.aborted) return;
    next();
  };
}
