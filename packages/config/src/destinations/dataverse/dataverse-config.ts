import type { DataverseDestinationEntry } from './dataverse-schema';

// The file's Dataverse destination as the services see it: each default filled in, the
// credential told apart by kind, everything read-only.

/** How a Dataverse destination proves who it is to Entra ID; a secret stays in the environment. */
export type DataverseCredentialConfig =
  | { readonly kind: 'secret'; /** Variable holding the client secret. */ readonly env: string }
  | {
      readonly kind: 'certificate';
      /** PEM file: private key and certificate. */ readonly path: string;
    }
  /** The Azure resource's identity; user-assigned when the destination has a clientId. */
  | { readonly kind: 'managed-identity' }
  | {
      readonly kind: 'workload-identity';
      /** The projected token; absent: the worker's AZURE_FEDERATED_TOKEN_FILE. */
      readonly tokenFile?: string;
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

/**
 * A Dataverse destination of the file, or the one the environment describes. `authorityHost`,
 * `maxConcurrency` and `rateLimit` left out are the worker's own settings.
 */
export type DataverseDestinationConfig = Readonly<
  Omit<
    DataverseDestinationEntry,
    | 'clientSecretEnv'
    | 'clientCertificatePath'
    | 'credential'
    | 'federatedTokenFile'
    | 'columnLengths'
    | 'testLeads'
    | 'doNotContact'
    | 'repeatCustomers'
  > & {
    credential: DataverseCredentialConfig;
    /** Lengths of custom text columns, by logical name. @defaultValue `{}` */
    columnLengths: Readonly<Record<string, number>>;
    /**
     * `write` (Partner Center's Validate expects to find the test lead) or acknowledge and `skip`.
     * @defaultValue 'write'
     */
    testLeads: NonNullable<DataverseDestinationEntry['testLeads']>;
    /** @defaultValue `{ action: 'flag', columns: ['donotemail', 'donotphone'] }` */
    doNotContact: DoNotContactConfig;
    /** @defaultValue `{ action: 'new-lead' }` */
    repeatCustomers: RepeatCustomersConfig;
  }
>;
