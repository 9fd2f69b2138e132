export * from './activity-types';
export type { ActivityLead, AttemptRecord, OperatorAction } from './activity-events';
export { activityKeys, utcDay, type ActivityKeys } from './activity-keys';
export { createLeadActivityReader, type LeadActivityReaderOptions } from './activity-reader';
export {
  createLeadActivityWriter,
  type LeadActivityWriter,
  type LeadActivityWriterOptions,
} from './activity-writer';
export { forgetLeadActivity } from './forget-activity';
export { bucketUpperMs, latencyBucket, percentileMs } from './latency-buckets';
export { recordOperatorAction } from './operator-action';
export {
  COUNTER_RETENTION_DAYS,
  DEFAULT_ACTIVITY_RETENTION_DAYS,
  type ActivityStore,
} from './record-event';
