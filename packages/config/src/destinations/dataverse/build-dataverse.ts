import { DEFAULT_DATAVERSE_POLICIES } from '../../config-defaults';
import type { DataverseCredentialConfig, DataverseDestinationConfig } from './dataverse-config';
import type { DataverseDestinationEntry } from './dataverse-schema';

function withoutTrailingSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

function credential(entry: DataverseDestinationEntry): DataverseCredentialConfig {
  if (entry.credential === 'managed-identity') return { kind: 'managed-identity' };
  if (entry.credential === 'workload-identity') {
    return {
      kind: 'workload-identity',
      ...(entry.federatedTokenFile !== undefined ? { tokenFile: entry.federatedTokenFile } : {}),
    };
  }
  if (entry.clientSecretEnv !== undefined) return { kind: 'secret', env: entry.clientSecretEnv };
  if (entry.clientCertificatePath !== undefined) {
    return { kind: 'certificate', path: entry.clientCertificatePath };
  }
  // The schema lets exactly one of them through.
  throw new Error(`destination ${entry.name} has no credential, which the schema should refuse`);
}

/** A Dataverse entry with its policies filled in; what it leaves out of the connection stays out. */
export function buildDataverse(entry: DataverseDestinationEntry): DataverseDestinationConfig {
  const repeat = entry.repeatCustomers;
  return {
    name: entry.name,
    type: 'dataverse',
    ...(entry.match ? { match: entry.match } : {}),
    url: withoutTrailingSlash(entry.url),
    ...(entry.tenantId !== undefined ? { tenantId: entry.tenantId } : {}),
    ...(entry.clientId !== undefined ? { clientId: entry.clientId } : {}),
    credential: credential(entry),
    ...(entry.authorityHost ? { authorityHost: withoutTrailingSlash(entry.authorityHost) } : {}),
    ...(entry.maxConcurrency !== undefined ? { maxConcurrency: entry.maxConcurrency } : {}),
    ...(entry.rateLimit ? { rateLimit: entry.rateLimit } : {}),
    ...(entry.bulkWrites ? { bulkWrites: entry.bulkWrites } : {}),
    columnLengths: entry.columnLengths ?? {},
    ...(entry.mapping ? { mapping: entry.mapping } : {}),
    testLeads: entry.testLeads ?? DEFAULT_DATAVERSE_POLICIES.testLeads,
    doNotContact: {
      action: entry.doNotContact?.action ?? DEFAULT_DATAVERSE_POLICIES.doNotContact.action,
      columns: entry.doNotContact?.columns ?? DEFAULT_DATAVERSE_POLICIES.doNotContact.columns,
    },
    repeatCustomers:
      repeat?.action === 'update-open-lead' && repeat.offerColumn !== undefined
        ? { action: 'update-open-lead', offerColumn: repeat.offerColumn }
        : DEFAULT_DATAVERSE_POLICIES.repeatCustomers,
  };
}
