import type {
  AlertsConfig,
  DataverseCredentialConfig,
  DataverseDestinationConfig,
  DestinationConfig,
  EmailDestinationConfig,
} from './config-types';
import type {
  AlertsEntry,
  ConfigFileContents,
  DataverseDestinationEntry,
  EmailDestinationEntry,
} from './schema/config-file-schema';
import { DEFAULT_ALERT_LIMITS, DEFAULT_DATAVERSE_POLICIES, deepFreeze } from './config-defaults';

function withoutTrailingSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

function credential(entry: DataverseDestinationEntry): DataverseCredentialConfig {
  if (entry.clientSecretEnv !== undefined) return { kind: 'secret', env: entry.clientSecretEnv };
  if (entry.clientCertificatePath !== undefined) {
    return { kind: 'certificate', path: entry.clientCertificatePath };
  }
  // The schema lets exactly one of the two through.
  throw new Error(`destination ${entry.name} has no credential, which the schema should refuse`);
}

function dataverse(entry: DataverseDestinationEntry): DataverseDestinationConfig {
  const repeat = entry.repeatCustomers;
  return {
    name: entry.name,
    type: 'dataverse',
    ...(entry.match ? { match: entry.match } : {}),
    url: withoutTrailingSlash(entry.url),
    tenantId: entry.tenantId,
    clientId: entry.clientId,
    credential: credential(entry),
    ...(entry.authorityHost ? { authorityHost: withoutTrailingSlash(entry.authorityHost) } : {}),
    ...(entry.maxConcurrency !== undefined ? { maxConcurrency: entry.maxConcurrency } : {}),
    ...(entry.rateLimit ? { rateLimit: entry.rateLimit } : {}),
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

function email(entry: EmailDestinationEntry): EmailDestinationConfig {
  return {
    name: entry.name,
    type: 'email',
    ...(entry.match ? { match: entry.match } : {}),
    smtpUrlEnv: entry.smtpUrlEnv,
    ...(entry.requireTls !== undefined ? { requireTls: entry.requireTls } : {}),
    from: entry.from,
    to: entry.to,
    cc: entry.cc ?? [],
    ...(entry.subject !== undefined ? { subject: entry.subject } : {}),
    ...(entry.text !== undefined ? { text: entry.text } : {}),
    ...(entry.html !== undefined ? { html: entry.html } : {}),
  };
}

function alerts(entry: AlertsEntry): AlertsConfig {
  return {
    ...(entry.email ? { email: entry.email } : {}),
    ...(entry.webhook ? { webhook: entry.webhook } : {}),
    quietMinutes: entry.quietMinutes ?? DEFAULT_ALERT_LIMITS.quietMinutes,
    backlogThreshold: entry.backlogThreshold ?? DEFAULT_ALERT_LIMITS.backlogThreshold,
  };
}

/**
 * The typed configuration of a file the checks accepted, or of the destination the environment
 * describes, with every default filled in so that no consumer applies one of its own; frozen, as
 * it is shared for the life of the process.
 */
export function buildConfig(contents: ConfigFileContents): {
  destinations: DestinationConfig[];
  alerts?: AlertsConfig;
} {
  return deepFreeze({
    destinations: contents.destinations.map((entry) =>
      entry.type === 'dataverse' ? dataverse(entry) : email(entry),
    ),
    ...(contents.alerts ? { alerts: alerts(contents.alerts) } : {}),
  });
}
