import type { RequestHandler } from 'express';
import { acceptLead } from '../ingest/accept-lead';
import { StoreUnavailableError, type LeadStore } from '../ingest/lead-store';
import { HttpError } from '../http/http-error';
import type { RequestWithContext } from '../http/request-context';
import { createFailureLimiter } from '../http/failure-limiter';
import { ingestSpan, withinIngestSpan } from '../http/ingest-span';
import { readLeadBody } from '../http/read-lead-body';
import { checkIngestSecret } from '../http/require-secret';
import { ingestOutcome, type ApiMetrics } from '../metrics';

export { MAX_BODY_BYTES } from '../http/read-lead-body';

function parseJson(text: unknown): unknown {
  if (typeof text !== 'string' || text.trim() === '') {
    throw new HttpError(400, 'EMPTY_BODY', 'The request body is empty; send the lead as JSON.');
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : 'unreadable';
    throw new HttpError(400, 'MALFORMED_JSON', `The body is not valid JSON: ${detail}`);
  }
}

/** Seconds a caller should wait before sending again when Redis is unreachable. */
const RETRY_AFTER_SECONDS = '5';

export interface LeadsRouteDeps {
  store: LeadStore;
  ingestSecrets: readonly string[];
  metrics?: ApiMetrics;
  /** Whether to open the server span; see AppDeps. @defaultValue true */
  traced?: boolean;
}

/**
 * POST /leads, as the handlers to mount on the app's own router: the secret, the content type,
 * the body, then the lead. They run as one handler rather than one Express layer each, and on
 * the app's router rather than a nested one: every dispatch step is paid on every lead.
 */
export function leadsRoute(deps: LeadsRouteDeps): RequestHandler[] {
  const { metrics, store } = deps;
  const checkSecret = checkIngestSecret(deps.ingestSecrets, createFailureLimiter({}));

  const ingest: RequestHandler = async (req, res) => {
    const context = req as RequestWithContext;
    if (metrics) {
      // Counted on the access line's listener, by outcome, whatever the answer turns out to be.
      context.onAnswered = (seconds) =>
        metrics.recordIngest(
          ingestOutcome(res.statusCode, res.locals.leadStatus as string | undefined),
          seconds,
        );
    }
    checkSecret(req);
    const rawBody = await readLeadBody(req, res);
    const body = parseJson(rawBody);
    const incoming = {
      body,
      rawBody: rawBody,
      requestId: context.requestId,
      receivedAt: new Date(),
    };
    let result;
    try {
      result = await withinIngestSpan(req, () => acceptLead(incoming, store));
    } catch (error) {
      if (!(error instanceof StoreUnavailableError)) throw error;
      context.log.warn('lead not stored: queue unreachable', { error: error.cause });
      throw new HttpError(
        503,
        'QUEUE_UNAVAILABLE',
        'The lead could not be stored; retry later.',
        undefined,
        {
          'Retry-After': RETRY_AFTER_SECONDS,
        },
      );
    }
    if (!result.ok) {
      throw new HttpError(
        400,
        'INVALID_LEAD',
        'The lead has fields of the wrong kind.',
        result.problems,
      );
    }
    res.locals.leadId = result.leadId;
    res.locals.leadStatus = result.status;
    // A spooled lead is as safe as a queued one (fsync'd to disk), so the sender sees "accepted".
    const status = result.status === 'spooled' ? 'accepted' : result.status;
    res.status(202).json({ id: result.leadId, status });
  };
  return deps.traced === false ? [ingest] : [ingestSpan('/leads'), ingest];
}
