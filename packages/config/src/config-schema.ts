import { join } from 'node:path';
import Ajv from 'ajv';
import { configSchemaJson } from './config-file-schema';

/**
 * The published schema file, shipped beside `dist` for editors; written from the definition by
 * `npm run schema`, and a test fails when it is not the definition's.
 */
export const CONFIG_SCHEMA_PATH = join(__dirname, '..', 'schema', 'leadbridge.config.schema.json');

/** The configuration file's JSON schema (draft-07, which editors' YAML support knows best). */
export const CONFIG_SCHEMA: Readonly<Record<string, unknown>> = configSchemaJson();

/**
 * The validator's settings. `verbose` keeps each failing subschema on its error, which is where
 * the allowed keys and the pattern's meaning are found when the error is put into words.
 */
export const AJV_OPTIONS = {
  allErrors: true,
  strict: true,
  allowUnionTypes: true,
  verbose: true,
} as const;

/** Compiled once, at first load. */
export const validateConfigSchema = new Ajv(AJV_OPTIONS).compile(CONFIG_SCHEMA);
