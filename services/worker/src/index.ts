// The worker as a library, for tests, benchmarks and the credentials check; `main.ts` runs it.
export {
  readEnvironmentDestination,
  readWorkerConfig,
  readWorkerProcessConfig,
  type WorkerConfig,
  type WorkerProcessConfig,
  type ClientCredential,
} from './config';
export { readWorkerSettings, type WorkerSettings } from './worker-settings';
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
export {
  startLeadWorker,
  type DestinationRunner,
  type LeadWorker,
  type LeadWorkerOptions,
} from './lead-worker';
export type { DeliveredLead } from './destinations/destination-processor';
export type { Destination, DeliveryReport } from './destinations/destination';
export { createDataverseDestination } from './destinations/dataverse-destination';
export { createEmailDestination } from './destinations/email-destination';
export { DEFAULT_POLICIES, type DataversePolicies } from './destinations/dataverse-policies';
export { buildDestinations, type BuildDestinationsDeps } from './destinations/build-destinations';
export { UNMATCHED_REASON, type RoutedLead } from './routing/route-lead';
export { createHealthServer, type HealthDeps } from './health-server';
export { createWorkerMetrics, type DeliveryObserver, type WorkerMetrics } from './metrics';
export { createWorker, type StartedWorker, type Worker, type WorkerDeps } from './create-worker';
