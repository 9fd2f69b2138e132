import type { DeliveryObserver } from '../metrics';
import type { BulkWriteSettings } from './bulk-write-settings';
import type { ProxySettings } from '../proxy/proxy-settings';

/**
 * What a Dataverse destination uses when it does not say otherwise: the configuration file's
 * destinations and the one the environment describes alike.
 */
export interface DataverseDefaults {
  /**
   * AZURE_AUTHORITY_HOST, no trailing slash.
   * @defaultValue `DEFAULT_DATAVERSE_LIMITS.authorityHost` of `@leadbridge/config`
   */
  readonly authorityHost: string;
  /**
   * Requests in flight to Dataverse from this process, at most `DATAVERSE_MAX_CONCURRENCY_LIMIT`.
   * @defaultValue `DEFAULT_DATAVERSE_LIMITS.maxConcurrency`
   */
  readonly maxConcurrency: number;
  /**
   * Leads started per window across all worker processes.
   * @defaultValue `DEFAULT_DATAVERSE_LIMITS.rateLimit`
   */
  readonly rateLimit: { readonly max: number; readonly durationMs: number };
  /** DATAVERSE_BULK_WRITES and its batch size and backlog. @defaultValue `DEFAULT_BULK_WRITES`: auto */
  readonly bulkWrites?: BulkWriteSettings;
}

/** What every destination type is built with, besides its own part of the configuration. */
export interface DestinationDeps {
  /** Environment holding the secrets the destinations name. */
  env: Readonly<Record<string, string | undefined>>;
  requestTimeoutMs: number;
  /** The worker's own settings, for what a Dataverse destination leaves out. */
  dataverse: DataverseDefaults;
  /** Extra CA certificate (PEM) to trust, e.g. the simulator's; NODE_EXTRA_CA_CERTS otherwise. */
  ca?: string;
  observer?: DeliveryObserver;
  /** SMTP_REQUIRE_TLS, for e-mail destinations without their own `requireTls`. @defaultValue true */
  smtpRequireTls?: boolean;
  /** HTTPS_PROXY, HTTP_PROXY and NO_PROXY. @defaultValue direct connections */
  proxy?: ProxySettings;
}
