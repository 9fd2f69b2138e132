import type { MatchSpec } from '@leadbridge/lead-model';
import type { CompiledMapping } from '@leadbridge/lead-model/mapping';
import type { DataverseClient } from './dataverse-client';
import type { TokenProvider } from './token-provider';
import { deliverLead, plainNewLead } from './deliver-lead';
import { deliverInBulk } from './deliver-in-bulk';
import type { BulkWriteSettings } from '../../delivery/bulk-write-settings';
import type { DeliveryObserver } from '../../metrics';
import type { DataversePolicies } from './dataverse-policies';
import type { BulkDelivery, Destination } from '../../delivery/destination';
import { withRecordLink } from './record-link';

export interface DataverseDestinationOptions {
  name: string;
  match?: MatchSpec;
  dataverse: DataverseClient;
  tokens: TokenProvider;
  mapping: CompiledMapping;
  policies: DataversePolicies;
  concurrency: number;
  rateLimit: { max: number; durationMs: number };
  /** DATAVERSE_BULK_WRITES and its settings. @defaultValue off */
  bulkWrites?: BulkWriteSettings;
  /** Told of each lead batch written in one request. */
  observer?: Pick<DeliveryObserver, 'bulkWrite'>;
}

/**
 * Whether the org has `CreateMultiple` for leads, asked once: a yes or no is remembered for the
 * life of the process, an error (the org unreachable) is not, so the next batch asks again.
 */
function createMultipleAvailability(dataverse: DataverseClient): () => Promise<boolean> {
  let known: Promise<boolean> | undefined;
  return () => {
    known ??= dataverse.hasCreateMultiple().catch((error: unknown) => {
      known = undefined;
      throw error;
    });
    return known;
  };
}

/** A Dynamics 365 org: its own client, token cache, mapping, policies and rate limit. */
export function createDataverseDestination(options: DataverseDestinationOptions): Destination {
  const { dataverse, tokens, mapping, policies } = options;
  const bulk: BulkDelivery | undefined =
    options.bulkWrites?.mode === 'auto'
      ? {
          settings: options.bulkWrites,
          takes: (job) => plainNewLead(job, { mapping, policies }) !== undefined,
          available: createMultipleAvailability(dataverse),
          deliverMany: async (jobs) =>
            (
              await deliverInBulk(jobs, {
                dataverse,
                mapping,
                policies,
                wroteBatch: (leads) => options.observer?.bulkWrite(options.name, leads),
              })
            ).map((outcome) =>
              outcome.status === 'fulfilled'
                ? { ...outcome, value: withRecordLink(outcome.value, dataverse.orgUrl) }
                : outcome,
            ),
        }
      : undefined;
  return {
    ...(bulk ? { bulk } : {}),
    name: options.name,
    type: 'dataverse',
    ...(options.match ? { match: options.match } : {}),
    concurrency: options.concurrency,
    rateLimit: options.rateLimit,
    deliver: async (job) =>
      withRecordLink(await deliverLead(job, { dataverse, mapping, policies }), dataverse.orgUrl),
    // msal answers from its cache while the token is valid, so this costs nothing when healthy.
    ready: async () => (await tokens.getToken()).length > 0,
    close: async () => undefined,
  };
}
