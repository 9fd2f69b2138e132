/**
 * Whether a Dataverse destination with a backlog writes its leads many to a request
 * (DATAVERSE_BULK_WRITES, DATAVERSE_BULK_BATCH_SIZE, DATAVERSE_BULK_BACKLOG).
 */
export interface BulkWriteSettings {
  /**
   * `off`: one request per lead. `auto`: one `CreateMultiple` request for up to `batchSize`
   * leads while `backlog` or more leads wait; a fresh lead with no backlog is still written by
   * itself at once. @defaultValue 'auto'
   */
  readonly mode: 'off' | 'auto';
  /** Leads in one request, 2 to 1,000 (Dataverse's suggested largest). @defaultValue 100 */
  readonly batchSize: number;
  /** Waiting leads at or above which a destination writes in bulk. @defaultValue 200 */
  readonly backlog: number;
}

export const BULK_WRITE_MODES = ['off', 'auto'] as const;

// One definition with the configuration file's schema, which quotes them.
export { BULK_BATCH_SIZE_LIMIT, DEFAULT_BULK_WRITES } from '@leadbridge/config';
