import type { ColumnKind, LeadTextColumn } from '@leadbridge/lead-model/mapping';
import type { CredentialKind } from '../dataverse-settings';
import type { WhoAmI } from '../dataverse-client';

/** The checks, in the order they run; each needs the ones before it to have passed. */
export const CHECK_STEPS = ['token', 'whoami', 'leadTable', 'privileges', 'columns'] as const;

export type CheckStepName = (typeof CHECK_STEPS)[number];

/** What most likely went wrong, each kind with its own advice. */
export type CauseKind =
  /** Entra ID refused the client secret or certificate. */
  | 'wrong-credential'
  /** AZURE_CLIENT_CERTIFICATE_PATH cannot be read or holds no key and certificate. */
  | 'certificate-unreadable'
  /** No managed identity endpoint answers, or it refused the request itself. */
  | 'identity-unreachable'
  /** The managed identity asked for is not assigned to the resource the worker runs on. */
  | 'identity-not-assigned'
  /** AZURE_FEDERATED_TOKEN_FILE is missing, unreadable, not a token, or expired. */
  | 'token-file-unusable'
  /** Entra ID trusts no federated credential for the token's issuer, subject or audience. */
  | 'federation-untrusted'
  /** No app with AZURE_CLIENT_ID in the tenant (AADSTS700016). */
  | 'unknown-client'
  /** No tenant AZURE_TENANT_ID in this cloud (AADSTS90002). */
  | 'unknown-tenant'
  /** AZURE_AUTHORITY_HOST does not answer, or not like Entra ID. */
  | 'wrong-authority'
  /** The app has no application user in the org (403 `0x80072560`). */
  | 'app-user-missing'
  /** The application user's roles lack a privilege on lead (403 `0x80040220`, or not listed). */
  | 'missing-privilege'
  /** Nothing, or no Dataverse, at DATAVERSE_URL; or Entra ID knows no such resource. */
  | 'wrong-org-url'
  /** Dataverse refused a fresh token from Entra ID: the org is probably in another tenant. */
  | 'token-refused'
  /** The org has no lead table. */
  | 'lead-table-missing'
  /** A column Leadbridge writes is missing, or shorter than what Leadbridge sends. */
  | 'column-mismatch'
  /** A column the mapping writes is missing, of another type, not writable or too short. */
  | 'mapping-mismatch'
  /** Dataverse's service protection limits answered 429. */
  | 'throttled'
  /** Dataverse failed or timed out: usually passing. */
  | 'dataverse-unavailable'
  /** The outbound proxy (HTTPS_PROXY) refused the tunnel, asked for credentials, or is down. */
  | 'proxy-refused'
  /** Anything else: the detail line says what was seen. */
  | 'unexpected';

/** A failure's likely cause in plain words, and what to do about it. */
export interface LikelyCause {
  kind: CauseKind;
  explanation: string;
  remedy: string;
}

/** One line of the report. `detail` never holds a secret or a token. */
export type CheckStep =
  | { name: CheckStepName; status: 'passed'; detail: string }
  | { name: CheckStepName; status: 'failed'; detail: string; cause: LikelyCause }
  | { name: CheckStepName; status: 'skipped'; detail: string };

/** How one column Leadbridge writes compares with the org's. */
export interface ColumnFinding {
  column: LeadTextColumn;
  /** The longest value Leadbridge sends: longer ones are cut to this. */
  cutLength: number;
  /** The org's maximum length; absent when the org has no such text column. */
  orgLength?: number;
  status: 'ok' | 'missing' | 'too-short';
}

/** How one column the mapping writes fits the org's lead table; see `compareMapping`. */
export type MappingFindingStatus =
  | 'ok'
  /** The lead table has no such column. */
  | 'unknown-column'
  /** The column's type does not take what the mapping sends (text into a choice, …). */
  | 'wrong-type'
  /** A new lead may not set the column (`IsValidForCreate` false). */
  | 'not-writable'
  /** The mapping may send a choice value the column's options lack. */
  | 'choice-out-of-range'
  /** The org's column holds fewer characters than Leadbridge cuts the value to. */
  | 'too-short'
  /** The lookup binds to records of another table than the column points to. */
  | 'lookup-target';

export interface MappingFinding {
  /** The column's logical name, as the mapping names it. */
  column: string;
  /** What fills it, as the mapping describes it: 'field UserDetails.Email', … */
  source: string;
  kind: ColumnKind;
  status: MappingFindingStatus;
  /** One line for a person: what the org's column is, and what is wrong with it if anything. */
  explanation: string;
  /** What to do; absent when the column is fine. */
  remedy?: string;
  /** The org's `AttributeType`, when the org has the column. */
  orgType?: string;
  /** For an unknown column: the org column it most likely means. */
  suggestion?: string;
}

/** What the credentials check found, for a person (see `formatReport`) or a test. */
export interface CheckReport {
  /** Absent for a managed identity, whose tenant is its own. */
  tenantId?: string;
  /** Absent for a system-assigned managed identity. */
  clientId?: string;
  dataverseUrl: string;
  authorityHost: string;
  credential: CredentialKind;
  /** The credential in a few words: its kind and where its proof comes from. */
  credentialDetail: string;
  /** The client id the token was issued to (its `appid` claim), once one came. */
  signedInAs?: string;
  /**
   * How the check reached the org and Entra ID: the proxy (credentials masked) and its variable,
   * or that it connected directly. @defaultValue not shown
   */
  proxy?: string;
  /** Every step, in order: passed, failed or skipped. */
  steps: CheckStep[];
  whoAmI?: WhoAmI;
  /** The lead table's entity set, once read. */
  entitySetName?: string;
  /** Whether the application user may create and read leads, once read. */
  privileges?: { create: boolean; read: boolean };
  /** Without a mapping: the default mapping's text columns against the org's lengths. */
  columns?: ColumnFinding[];
  /** The destination the mapping belongs to, when the caller names one. */
  destination?: string;
  /** With a mapping: every column it writes against the org's lead table, in mapping order. */
  mapping?: MappingFinding[];
  /**
   * Whether the destination writes leads in bulk while a backlog waits: DATAVERSE_BULK_WRITES,
   * and whether the org has `CreateMultiple` for leads (undefined: the org could not say).
   * Informative: it does not decide `passed`.
   */
  bulkWrites?: { enabled: boolean; available?: boolean; backlog: number };
  /** True when every step passed. */
  passed: boolean;
}
