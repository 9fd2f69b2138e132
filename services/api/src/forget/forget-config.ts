import { envReader } from '@leadbridge/service-kit';
import { readStoreSettings, type StoreSettings } from '../ingest/store-settings';

/** What the erasure command needs: where the queues, the index, the ledger and the spool are. */
export interface ForgetConfig extends StoreSettings {
  /** The API's spool directory. @defaultValue './var/spool' */
  readonly spoolDir: string;
}

/**
 * The API's settings that say where a lead can be, read as the API reads them; the secrets the
 * API needs to serve are not needed here.
 */
export function readForgetConfig(env: Readonly<Record<string, string | undefined>>): ForgetConfig {
  return Object.freeze({
    ...readStoreSettings(env),
    spoolDir: envReader(env).string('SPOOL_DIR', 'var/spool'),
  });
}
