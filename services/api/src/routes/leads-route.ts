import express, { Router, type RequestHandler } from 'express';
import { acceptLead } from '../ingest/accept-lead';
import { StoreUnavailableError, type LeadStore } from '../ingest/lead-store';
import { HttpError } from '../http/http-error';
import type { RequestWithContext } from '../http/request-context';
import { createFailureLimiter } from '../http/failure-limiter';
import { ingestSpan, withinIngestSpan } from '../http/ingest-span';
import { requireIngestSecret } from '../http/require-secret';
import { ingestOutcome, type ApiMetrics } from '../metrics';

/** Microsoft sends one small JSON document; anything larger is not a lead. */
export const MAX_BODY_BYTES = 64 * 1024;

const requireJson: RequestHandler = (req, _res, next) => {
  if (req.is(['application/json', 'application/*+json'])) return next();
  next(
    new HttpError(
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      'Send the lead as Content-Type: application/json.',
    ),
  );
};

// The text is kept as received (it goes into the job), so the body is read as text and parsed here.
const readBodyAsText = express.text({ type: () => true, limit: MAX_BODY_BYTES });

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

/** Counts every answer to POST /leads, by outcome, and times it. */
function countOutcomes(metrics: ApiMetrics): RequestHandler {
  return (_req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const outcome = ingestOutcome(res.statusCode, res.locals.leadStatus as string | undefined);
      metrics.recordIngest(outcome, Number(process.hrtime.bigint() - started) / 1e9);
    });
    next();
  };
}

export function leadsRoute(deps: {
  store: LeadStore;
  ingestSecrets: readonly string[];
  metrics?: ApiMetrics;
  /** Whether to open the server span; see AppDeps. @defaultValue true */
  traced?: boolean;
}): Router {
  const router = Router();
  // Only the steps this app needs: a pass-through step still costs a dispatch on every lead.
  const before: RequestHandler[] = [
    ...(deps.traced === false ? [] : [ingestSpan('/leads')]),
    ...(deps.metrics ? [countOutcomes(deps.metrics)] : []),
    requireIngestSecret(deps.ingestSecrets, createFailureLimiter({})),
    requireJson,
    readBodyAsText,
  ];
  router.post('/leads', ...before, async (req, res) => {
    const { requestId, log } = req as RequestWithContext;
    const rawBody = req.body as unknown;
    const body = parseJson(rawBody);
    let result;
    try {
      result = await withinIngestSpan(req, () =>
        acceptLead(
          { body, rawBody: rawBody as string, requestId, receivedAt: new Date() },
          deps.store,
        ),
      );
    } catch (error) {
      if (!(error instanceof StoreUnavailableError)) throw error;
      log.warn('lead not stored: queue unreachable', { error: error.cause });
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
  });
  return router;
}
