import type { LeadRecord } from './dataverse/lead-store';
import type { FaultSettings, FaultUpdate } from './faults/fault-settings';
import type { AppRegistration } from './identity/app-registry';
import type { ServiceAccountTokenOptions } from './identity/service-account-token';
import type { TestUser } from './identity/test-users';
import type { SimulatorStats } from './stats';

/** The environment a worker needs to talk to this simulator. */
export interface SimulatorEnv {
  DATAVERSE_URL: string;
  AZURE_AUTHORITY_HOST: string;
  AZURE_TENANT_ID: string;
  AZURE_CLIENT_ID: string;
  AZURE_CLIENT_SECRET: string;
  NODE_EXTRA_CA_CERTS: string;
}

/** What a worker needs to sign in with a managed identity of this simulator. */
export interface ManagedIdentityEnv {
  DATAVERSE_URL: string;
  /** App Service / Container Apps: the identity endpoint and the header value it checks. */
  IDENTITY_ENDPOINT?: string;
  IDENTITY_HEADER?: string;
  /** The instance metadata service's address, which msal-node takes instead of 169.254.169.254. */
  AZURE_POD_IDENTITY_AUTHORITY_HOST?: string;
  /** A user-assigned identity's client id; absent for the system-assigned identity. */
  AZURE_CLIENT_ID?: string;
  NODE_EXTRA_CA_CERTS: string;
}

/** What AKS's workload identity webhook gives a pod, for this simulator. */
export interface WorkloadIdentityEnv {
  DATAVERSE_URL: string;
  AZURE_AUTHORITY_HOST: string;
  AZURE_TENANT_ID: string;
  AZURE_CLIENT_ID: string;
  AZURE_FEDERATED_TOKEN_FILE: string;
  NODE_EXTRA_CA_CERTS: string;
}

/** Fault injection, the same as `PUT`/`GET`/`DELETE /_simulator/faults`. */
export interface SimulatorFaults {
  /** Replaces the faults named in `update` and returns the faults in force. Throws on a bad value. */
  set(update: FaultUpdate): FaultSettings;
  get(): FaultSettings;
  reset(): void;
}

/**
 * A running simulator: Dataverse and Entra ID on one HTTPS origin, and the managed identity
 * endpoints on a plain-HTTP one.
 */
export interface Simulator {
  /**
   * The org URL (DATAVERSE_URL) and the authority host alike: `publicUrl` if given, otherwise
   * `https://127.0.0.1:<port>`.
   */
  readonly url: string;
  readonly port: number;
  /** The self-signed server certificate: what a client must trust. */
  readonly caCertPem: string;
  /** The same certificate in a file, for NODE_EXTRA_CA_CERTS. */
  readonly caCertPath: string;
  readonly tenantId: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /**
   * The tenant's OpenID Connect issuer, `<url>/<tenantId>/v2.0`: what a web app discovers the
   * authorize, token, keys and end-session endpoints from.
   */
  readonly issuer: string;
  /** Who can sign in interactively, with their object ids. */
  readonly testUsers: readonly Required<TestUser>[];
  readonly faults: SimulatorFaults;
  env(): SimulatorEnv;
  /** Registers another app (or rotates an app's credentials). Only apps of `tenantId` may call Dataverse. */
  registerApp(app: AppRegistration): void;
  /**
   * The managed identity endpoints' origin, plain HTTP: App Service's at `/msi/token`, the
   * instance metadata service's at `/metadata/identity/oauth2/token`.
   */
  readonly identityUrl: string;
  /** The IDENTITY_HEADER value App Service's endpoint checks in `X-IDENTITY-HEADER`. */
  readonly identityHeader: string;
  /** The identities assigned to the resource the simulator plays, each with an application user. */
  readonly managedIdentities: { systemAssigned: string; userAssigned: string };
  /**
   * Assigns a user-assigned identity (registering it in the tenant, with an application user
   * unless `applicationUser` is false).
   */
  assignIdentity(identity: { clientId: string; applicationUser?: boolean }): void;
  /** The environment of a container app (`app-service`) or VM (`imds`) with a managed identity. */
  managedIdentityEnv(
    endpoint: 'app-service' | 'imds',
    options?: { userAssigned?: boolean },
  ): ManagedIdentityEnv;
  /** The cluster issuer and service account the default app has a federated credential for. */
  readonly serviceAccount: { issuer: string; subject: string };
  /** A projected service account token, as the workload identity webhook mounts it. */
  serviceAccountToken(options?: ServiceAccountTokenOptions): string;
  /** The environment of an AKS pod with workload identity, its token in `tokenFile`. */
  workloadIdentityEnv(tokenFile: string): WorkloadIdentityEnv;
  /** The leads written so far, in creation order, as stored (columns without a value are absent). */
  leads(): LeadRecord[];
  clearLeads(): void;
  stats(): SimulatorStats;
  /** Every token issued so far answers 401 from now on. */
  revokeTokens(): void;
  close(): Promise<void>;
}
