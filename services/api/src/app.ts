import type { Logger } from '@leadbridge/service-kit';
import express, { type Express } from 'express';
import type { LeadStore } from './ingest/lead-store';
import { errorHandler } from './http/error-handler';
import { HttpError } from './http/http-error';
import { requestContext } from './http/request-context';
import { healthRoutes } from './routes/health-routes';
import type { ApiMetrics } from './metrics';
import { leadsRoute } from './routes/leads-route';

export interface AppDeps {
  logger: Logger;
  store: LeadStore;
  ingestSecrets: readonly string[];
  /** Express's `trust proxy` setting: false, a hop count, or proxy addresses. @defaultValue false */
  trustProxy?: boolean | number | string;
  /** Counters for the admin listener's /metrics; optional so tests can leave them out. */
  metrics?: ApiMetrics;
  /**
   * Whether traces are exported (OTEL_EXPORTER_OTLP_ENDPOINT set). When not, the ingest route
   * does not open its server span at all rather than ask the no-op tracer for one per request.
   * @defaultValue true: the OpenTelemetry API decides, its no-op tracer when no SDK is registered
   */
  traced?: boolean;
}

/** Builds the public ingest app. It does not listen: `main.ts` and the tests do that. */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  // Answers are a few bytes of JSON that nobody caches: hashing each one for an ETag is waste.
  app.set('etag', false);
  // Client addresses (for the wrong-secret limit) come from the socket unless the operator
  // names the proxies in front (TRUST_PROXY), whose X-Forwarded-For is then believed.
  app.set('trust proxy', deps.trustProxy ?? false);
  // Query strings are parsed flat: ?code=a&code=b must not become an array or an object.
  app.set('query parser', 'simple');

  app.use(requestContext(deps.logger));
  // The ingest route first, on the app's own router: every lead then skips the health routes.
  app.post(
    '/leads',
    ...leadsRoute({
      store: deps.store,
      ingestSecrets: deps.ingestSecrets,
      ...(deps.metrics ? { metrics: deps.metrics } : {}),
      traced: deps.traced ?? true,
    }),
  );
  const spoolDepth = deps.store.spoolDepth?.bind(deps.store);
  const spoolProblem = deps.store.spoolProblem?.bind(deps.store);
  app.use(
    healthRoutes({
      isReady: () => deps.store.isReachable(),
      ...(spoolDepth ? { spoolDepth } : {}),
      ...(spoolProblem ? { spoolProblem } : {}),
    }),
  );
  app.use((_req, _res, next) => next(new HttpError(404, 'NOT_FOUND', 'No such endpoint.')));
  app.use(errorHandler);
  return app;
}
