/**
 * Whether a Dataverse destination with a backlog writes its leads many to a request
 * (DATAVERSE_BULK_WRITES, DATAVERSE_BULK_BATCH_SIZE, DATAVERSE_BULK_BACKLOG).
 */
export interface BulkWriteSettings {
  /**
   * `off`: one request per lead. `auto`: one `CreateMultiple` request for up to `batchSize`
   * leads while `backlog` or more leads wait; a fresh lead with no backlog is still written by
   * itself at once. @defaultValue 'off'
   */
  readonly mode: 'off' | 'auto';
  /** Leads in one request, 2 to 1,000 (Dataverse's suggested largest). @defaultValue 100 */
  readonly batchSize: number;
  /** Waiting leads at or above which a destination writes in bulk. @defaultValue 200 */
  readonly backlog: number;
}

export const BULK_WRITE_MODES = ['off', 'auto'] as const;

export const DEFAULT_BULK_WRITES: BulkWriteSettings = Object.freeze({
  mode: 'off',
  batchSize: 100,
  backlog: 200,
});

/** Dataverse refuses a `CreateMultiple` of more targets than this. */
export const BULK_BATCH_SIZE_LIMIT = 1000;
