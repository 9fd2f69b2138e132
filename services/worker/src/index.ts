// The worker as a library, for tests, benchmarks and the credentials check; `main.ts` runs it.
export { readWorkerConfig, type WorkerConfig, type ClientCredential } from './config';
export { createDataverseDelivery } from './create-delivery';
export {
  createDataverseClient,
  type DataverseClient,
  type WriteOutcome,
  type WhoAmI,
} from './dataverse/dataverse-client';
export { createHttpClient } from './dataverse/http-client';
export { createTokenProvider, type TokenProvider } from './dataverse/token-provider';
export {
  DEFAULT_RETRY_SCHEDULE,
  nextRetryDelay,
  type RetrySchedule,
} from './delivery/retry-schedule';
export { startLeadWorker, type LeadWorker, type LeadWorkerOptions } from './lead-worker';
export type { DeliveredLead } from './lead-processor';
export { createHealthServer, type HealthDeps } from './health-server';
export { createWorkerMetrics, type DeliveryObserver, type WorkerMetrics } from './metrics';
