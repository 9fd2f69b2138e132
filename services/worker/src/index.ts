// The worker as a library, for tests, benchmarks and the credentials check; `main.ts` runs it.
export {
  readEnvironmentDestination,
  readWorkerConfig,
  readWorkerProcessConfig,
  type WorkerConfig,
  type WorkerProcessConfig,
} from './config';
export type { ClientCredential } from './destinations/dataverse/dataverse-settings';
export { readWorkerSettings, type WorkerSettings } from './worker-settings';
export { createDataverseDelivery } from './destinations/dataverse/create-delivery';
export {
  createDataverseClient,
  type DataverseClient,
  type WriteOutcome,
  type WhoAmI,
} from './destinations/dataverse/dataverse-client';
export { createHttpClient } from './destinations/dataverse/http-client';
export { createTokenProvider, type TokenProvider } from './destinations/dataverse/token-provider';
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
export type { DeliveredLead } from './delivery/destination-processor';
export type {
  AwaitedDelivery,
  DeliveryContext,
  Destination,
  DeliveryReport,
} from './delivery/destination';
export { createDataverseDestination } from './destinations/dataverse/dataverse-destination';
export { createEmailDestination } from './destinations/email/email-destination';
export {
  createChatDestination,
  type ChatDestinationOptions,
} from './destinations/chat/chat-destination';
export {
  DEFAULT_POLICIES,
  type DataversePolicies,
} from './destinations/dataverse/dataverse-policies';
export type { DestinationDeps } from './delivery/destination-deps';
export { buildDestinations } from './destinations/registry';
export { UNMATCHED_REASON, type RoutedLead } from './routing/route-lead';
export { createHealthServer, type HealthDeps } from './health-server';
export { createWorkerMetrics, type DeliveryObserver, type WorkerMetrics } from './metrics';
export { createWorker, type StartedWorker, type Worker, type WorkerDeps } from './create-worker';
export {
  BULK_BATCH_SIZE_LIMIT,
  DEFAULT_BULK_WRITES,
  type BulkWriteSettings,
} from './delivery/bulk-write-settings';
