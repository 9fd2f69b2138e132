import type { MatchSpec } from '@leadbridge/lead-model';
import type { MappingSpec } from '@leadbridge/lead-model/mapping';

/**
 * The configuration, checked and with every default filled in. Objects are frozen: it is read
 * once at start-up and shared by everything that runs afterwards.
 */
export interface LeadbridgeConfig {
  readonly destinations: DestinationConfig[];
  /** Absent: failures are only logged and counted. */
  readonly alerts?: AlertsConfig;
  /** Where it came from, for logs. */
  readonly source: { kind: 'file'; path: string } | { kind: 'environment' };
}

/** A destination, told apart by `type`. */
export type DestinationConfig = DataverseDestinationConfig | EmailDestinationConfig;

/** How a Dataverse destination proves who it is to Entra ID; a secret stays in the environment. */
export type DataverseCredentialConfig =
  | { readonly kind: 'secret'; /** Variable holding the client secret. */ readonly env: string }
  | {
      readonly kind: 'certificate';
      /** PEM file: private key and certificate. */ readonly path: string;
    };

/** `flag`: write the lead with these do-not-contact columns set; `skip`: write nothing. */
export type DoNotContactConfig = {
  readonly action: 'flag' | 'skip';
  /** Yes/no columns set to true when the action is `flag`. */
  readonly columns: readonly string[];
};

/**
 * `new-lead`: one lead per event. `update-open-lead`: append the event to the open lead with the
 * same e-mail address and offer (the offer as the mapping writes it into `offerColumn`).
 */
export type RepeatCustomersConfig =
  | { readonly action: 'new-lead' }
  | {
      readonly action: 'update-open-lead';
      /** Column the mapping fills with the offer. */ readonly offerColumn: string;
    };

export interface DataverseDestinationConfig {
  readonly name: string;
  readonly type: 'dataverse';
  /** Absent: every lead. */
  readonly match?: MatchSpec;
  /** Org URL with no path and no trailing slash, e.g. https://contoso.crm.dynamics.com. */
  readonly url: string;
  readonly tenantId: string;
  readonly clientId: string;
  readonly credential: DataverseCredentialConfig;
  /** No trailing slash. Absent: the worker's own setting. */
  readonly authorityHost?: string;
  /** Absent: the worker's own setting. */
  readonly maxConcurrency?: number;
  /** Leads started per window across all workers. Absent: the worker's own setting. */
  readonly rateLimit?: { readonly max: number; readonly windowMs: number };
  /** Lengths of custom text columns, by logical name. @defaultValue `{}` */
  readonly columnLengths: Readonly<Record<string, number>>;
  /** Additions to the default mapping, as written; absent: the default mapping. */
  readonly mapping?: MappingSpec;
  /**
   * `write` (Partner Center's Validate expects to find the test lead) or acknowledge and `skip`.
   * @defaultValue 'write'
   */
  readonly testLeads: 'write' | 'skip';
  /** @defaultValue `{ action: 'flag', columns: ['donotemail', 'donotphone'] }` */
  readonly doNotContact: DoNotContactConfig;
  /** @defaultValue `{ action: 'new-lead' }` */
  readonly repeatCustomers: RepeatCustomersConfig;
}

export interface EmailDestinationConfig {
  readonly name: string;
  readonly type: 'email';
  /** Absent: every lead. */
  readonly match?: MatchSpec;
  /** Variable holding the SMTP URL (smtp:// with STARTTLS, or smtps://). */
  readonly smtpUrlEnv: string;
  /**
   * Whether an smtp:// server must upgrade with STARTTLS before anything is sent; false only for
   * a trusted local relay. Absent: the worker's own setting (SMTP_REQUIRE_TLS).
   */
  readonly requireTls?: boolean;
  readonly from: string;
  /** At least one. */
  readonly to: string[];
  /** @defaultValue `[]` */
  readonly cc: string[];
  /** Templates; absent: the sender's own default. */
  readonly subject?: string;
  readonly text?: string;
  readonly html?: string;
}

export interface AlertsConfig {
  readonly email?: {
    readonly smtpUrlEnv: string;
    /** As an e-mail destination's. Absent: the worker's own setting (SMTP_REQUIRE_TLS). */
    readonly requireTls?: boolean;
    readonly from: string;
    readonly to: string[];
  };
  readonly webhook?: { /** Variable holding the webhook URL. */ readonly urlEnv: string };
  /** One alert per incident within this window. @defaultValue 15 */
  readonly quietMinutes: number;
  /** Alert when a destination has more leads than this waiting. @defaultValue 1000 */
  readonly backlogThreshold: number;
}
