import type { LeadRecord } from './dataverse/lead-store';
import type { FaultSettings, FaultUpdate } from './faults/fault-settings';
import type { AppRegistration } from './identity/app-registry';
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

/** Fault injection, the same as `PUT`/`GET`/`DELETE /_simulator/faults`. */
export interface SimulatorFaults {
  /** Replaces the faults named in `update` and returns the faults in force. Throws on a bad value. */
  set(update: FaultUpdate): FaultSettings;
  get(): FaultSettings;
  reset(): void;
}

/** A running simulator: Dataverse and Entra ID on one HTTPS origin. */
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
  readonly faults: SimulatorFaults;
  env(): SimulatorEnv;
  /** Registers another app (or rotates an app's credentials). Only apps of `tenantId` may call Dataverse. */
  registerApp(app: AppRegistration): void;
  /** The leads written so far, in creation order, as stored (columns without a value are absent). */
  leads(): LeadRecord[];
  clearLeads(): void;
  stats(): SimulatorStats;
  /** Every token issued so far answers 401 from now on. */
  revokeTokens(): void;
  close(): Promise<void>;
}
