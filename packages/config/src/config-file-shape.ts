import type { MatchSpec } from '@leadbridge/lead-model';
import type { MappingSpec } from '@leadbridge/lead-model/mapping';

// The file as written, once the schema has accepted it: optional where the schema allows.

export interface DataverseDestinationEntry {
  name: string;
  type: 'dataverse';
  match?: MatchSpec;
  url: string;
  tenantId: string;
  clientId: string;
  clientSecretEnv?: string;
  clientCertificatePath?: string;
  authorityHost?: string;
  maxConcurrency?: number;
  rateLimit?: { max: number; windowMs: number };
  columnLengths?: Record<string, number>;
  mapping?: MappingSpec;
  testLeads?: 'write' | 'skip';
  doNotContact?: { action?: 'flag' | 'skip'; columns?: string[] };
  repeatCustomers?: { action: 'new-lead' | 'update-open-lead'; offerColumn?: string };
}

export interface EmailDestinationEntry {
  name: string;
  type: 'email';
  match?: MatchSpec;
  smtpUrlEnv: string;
  requireTls?: boolean;
  from: string;
  to: string[];
  cc?: string[];
  subject?: string;
  text?: string;
  html?: string;
}

export interface AlertsEntry {
  email?: { smtpUrlEnv: string; requireTls?: boolean; from: string; to: string[] };
  webhook?: { urlEnv: string };
  quietMinutes?: number;
  backlogThreshold?: number;
}

export interface ConfigFileContents {
  destinations: (DataverseDestinationEntry | EmailDestinationEntry)[];
  alerts?: AlertsEntry;
}
