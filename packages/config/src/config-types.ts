import type { BuiltDestination } from './destinations/destination-types';
import type { AlertsEntry } from './config-file-schema';

// These are the file's types (inferred from its one definition) as the services see them: each
// default filled in, the credential told apart by kind, everything read-only.

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

// Each destination type's configuration is declared in its own folder, beside its schema.
export type {
  DataverseCredentialConfig,
  DataverseDestinationConfig,
  DoNotContactConfig,
  RepeatCustomersConfig,
} from './destinations/dataverse/dataverse-config';
export type { EmailDestinationConfig } from './destinations/email/email-config';
export type { ChatDestinationConfig } from './destinations/chat/chat-config';

/** A destination, told apart by `type`: one of those destinations/destination-types lists. */
export type DestinationConfig = BuiltDestination;

/** The file's `alerts`; an `email.requireTls` left out is SMTP_REQUIRE_TLS. */
export type AlertsConfig = Readonly<
  Omit<AlertsEntry, 'quietMinutes' | 'backlogThreshold'> & {
    /** One alert per incident within this window. @defaultValue 15 */
    quietMinutes: number;
    /** Alert when a destination has more leads than this waiting. @defaultValue 1000 */
    backlogThreshold: number;
  }
>;
