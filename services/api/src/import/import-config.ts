import { readStoreSettings, type StoreSettings } from '../ingest/store-settings';

/** What `npm run import` needs: where the API stores leads and its records of them. */
export type ImportConfig = StoreSettings;

/** The API's settings that say where leads go, read as the API reads them; no secret is needed. */
export function readImportConfig(env: Readonly<Record<string, string | undefined>>): ImportConfig {
  return Object.freeze(readStoreSettings(env));
}
