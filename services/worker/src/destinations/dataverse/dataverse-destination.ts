import type { MatchSpec } from '@leadbridge/lead-model';
import type { CompiledMapping } from '@leadbridge/lead-model/mapping';
import type { DataverseClient } from './dataverse-client';
import type { TokenProvider } from './token-provider';
import { deliverLead } from './deliver-lead';
import type { DataversePolicies } from './dataverse-policies';
import type { Destination } from '../../delivery/destination';
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
}

/** A Dynamics 365 org: its own client, token cache, mapping, policies and rate limit. */
export function createDataverseDestination(options: DataverseDestinationOptions): Destination {
  const { dataverse, tokens, mapping, policies } = options;
  return {
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
