import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/** What the Dataverse plumbing reports as it works; the metrics below implement it. */
export interface DeliveryObserver {
  /** A Dataverse request finished: its HTTP status, or 0 when no answer came. */
  dataverseRequest(method: string, status: number, seconds: number): void;
  tokenAcquired(ok: boolean, forced: boolean): void;
  /** A `CreateMultiple` request wrote this many leads to a destination at once. */
  bulkWrite(destination: string, leads: number): void;
}

export interface WorkerMetrics extends DeliveryObserver {
  registry: Registry;
  /**
   * A delivery attempt to a destination ended: written, already_written, updated, skipped, sent,
   * throttled, retrying or failed.
   */
  delivery(destination: string, outcome: string): void;
  /** Dataverse asked us to wait this long (Retry-After). */
  throttled(retryAfterMs: number): void;
}

/** The worker's Prometheus metrics, in a registry of its own. */
export function createWorkerMetrics(): WorkerMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const deliveries = new Counter({
    name: 'leadbridge_deliveries_total',
    help: 'Lead delivery attempts, by destination and outcome.',
    labelNames: ['destination', 'outcome'],
    registers,
  });
  const requestSeconds = new Histogram({
    name: 'leadbridge_dataverse_request_duration_seconds',
    help: 'Dataverse Web API request latency, by method and HTTP status (0: no answer).',
    labelNames: ['method', 'status'],
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers,
  });
  const throttles = new Counter({
    name: 'leadbridge_dataverse_throttled_total',
    help: 'Answers from Dataverse that asked to wait (429, or 503 with Retry-After).',
    registers,
  });
  const waited = new Counter({
    name: 'leadbridge_dataverse_retry_after_seconds_total',
    help: 'Seconds of Retry-After that Dataverse asked the worker to wait.',
    registers,
  });
  const tokens = new Counter({
    name: 'leadbridge_token_acquisitions_total',
    help: 'Token requests to msal (cache hits included), by result and whether the cache was skipped.',
    labelNames: ['result', 'forced'],
    registers,
  });
  const bulkRequests = new Counter({
    name: 'leadbridge_dataverse_bulk_requests_total',
    help: 'CreateMultiple requests that wrote their batch of leads, by destination.',
    labelNames: ['destination'],
    registers,
  });
  const bulkLeads = new Counter({
    name: 'leadbridge_dataverse_bulk_leads_total',
    help: 'Leads written by CreateMultiple requests, by destination (also counted as written).',
    labelNames: ['destination'],
    registers,
  });
  return {
    registry,
    bulkWrite(destination, leads) {
      bulkRequests.inc({ destination });
      bulkLeads.inc({ destination }, leads);
    },
    delivery: (destination, outcome) => deliveries.inc({ destination, outcome }),
    throttled(retryAfterMs) {
      throttles.inc();
      waited.inc(retryAfterMs / 1000);
    },
    dataverseRequest: (method, status, seconds) =>
      requestSeconds.observe({ method, status: String(status) }, seconds),
    tokenAcquired: (ok, forced) =>
      tokens.inc({ result: ok ? 'success' : 'failure', forced: String(forced) }),
  };
}

/** An observer that records nothing, for code run without metrics. */
export const NO_OBSERVER: DeliveryObserver = {
  dataverseRequest: () => undefined,
  tokenAcquired: () => undefined,
  bulkWrite: () => undefined,
};
