import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';

/** The schema file, shipped beside `dist` so editors and the loader read the same one. */
export const CONFIG_SCHEMA_PATH = join(__dirname, '..', 'schema', 'leadbridge.config.schema.json');

/** The configuration file's JSON schema (draft-07, which editors' YAML support knows best). */
export const CONFIG_SCHEMA: Readonly<Record<string, unknown>> = JSON.parse(
  readFileSync(CONFIG_SCHEMA_PATH, 'utf8'),
) as Record<string, unknown>;

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
