// `npm run schema -w @leadbridge/config`: writes the published JSON schema from its definition
// in src/schema, with each shape's title and description first, as a person reads it.
import { writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { format, resolveConfig } from 'prettier';

const require = createRequire(import.meta.url);
const { CONFIG_SCHEMA, CONFIG_SCHEMA_PATH } = require('../dist/index.js');

const FIRST = ['$schema', '$id', 'title', 'description', '$comment', 'type'];
const LAST = ['properties', 'definitions'];
// Keywords whose value maps names to schemas: the names keep their order.
const MAPS = new Set(['properties', 'definitions']);

function readable(schema) {
  if (Array.isArray(schema)) return schema.map(readable);
  if (typeof schema !== 'object' || schema === null) return schema;
  const keys = Object.keys(schema);
  const ordered = [
    ...FIRST.filter((key) => keys.includes(key)),
    ...keys.filter((key) => !FIRST.includes(key) && !LAST.includes(key)),
    ...LAST.filter((key) => keys.includes(key)),
  ];
  return Object.fromEntries(
    ordered.map((key) => [
      key,
      MAPS.has(key)
        ? Object.fromEntries(Object.entries(schema[key]).map(([name, s]) => [name, readable(s)]))
        : readable(schema[key]),
    ]),
  );
}

// On one line, so that prettier breaks only what does not fit, as a person would.
const text = JSON.stringify(readable(CONFIG_SCHEMA));
const options = (await resolveConfig(CONFIG_SCHEMA_PATH)) ?? {};
await writeFile(CONFIG_SCHEMA_PATH, await format(text, { ...options, parser: 'json' }));
console.log(`wrote ${CONFIG_SCHEMA_PATH}`);
