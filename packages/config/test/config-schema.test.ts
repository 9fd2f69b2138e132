import Ajv from 'ajv';
import { DESTINATION_NAME_PATTERN } from '@leadbridge/lead-model';
import { CONFIG_SCHEMA } from '../src';

type Schema = Record<string, unknown>;

const isSchema = (value: unknown): value is Schema =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const definitions = CONFIG_SCHEMA.definitions as Record<string, Schema>;

// Values and `if` conditions are not shapes of the file, so the checks below skip them.
const NOT_SHAPES = new Set(['const', 'enum', 'if']);

/** Every subschema that describes part of the file, with where it is in the schema. */
function shapes(schema: Schema, where = '#'): [string, Schema][] {
  const found: [string, Schema][] = [[where, schema]];
  for (const [key, value] of Object.entries(schema)) {
    if (NOT_SHAPES.has(key)) continue;
    const named = key === 'properties' || key === 'definitions';
    const children: [string, unknown][] =
      Array.isArray(value) || (named && isSchema(value)) ? Object.entries(value) : [['', value]];
    for (const [name, child] of children) {
      if (isSchema(child))
        found.push(...shapes(child, `${where}/${key}${name === '' ? '' : `/${name}`}`));
    }
  }
  return found;
}

/** Its own title and description, or those of the definition it refers to. */
function hasHelp(schema: Schema): boolean {
  const target =
    typeof schema.$ref === 'string'
      ? definitions[schema.$ref.replace('#/definitions/', '')]
      : schema;
  return typeof target?.title === 'string' && typeof target.description === 'string';
}

describe('the configuration schema', () => {
  it('compiles in ajv strict mode', () => {
    const ajv = new Ajv({ strict: true, allowUnionTypes: true, allErrors: true });

    expect(() => ajv.compile(CONFIG_SCHEMA)).not.toThrow();
  });

  it('gives every property a title and a description, for editors to show', () => {
    const withoutHelp = shapes(CONFIG_SCHEMA).flatMap(([where, schema]) =>
      Object.entries(isSchema(schema.properties) ? schema.properties : {})
        // `true` only repeats a key of the enclosing object, for strict mode's check of `required`.
        .filter(([, child]) => child !== true && !(isSchema(child) && hasHelp(child)))
        .map(([name]) => `${where}/properties/${name}`),
    );

    expect(withoutHelp).toEqual([]);
  });

  it('forbids unknown keys in every object with fixed keys', () => {
    const open = shapes(CONFIG_SCHEMA)
      .filter(([, schema]) => isSchema(schema.properties) && schema.additionalProperties !== false)
      .filter(([, schema]) =>
        Object.values(schema.properties as Schema).some((child) => child !== true),
      )
      .map(([where]) => where);

    // A destination only chooses between the two shapes by `type`; each forbids unknown keys.
    expect(open).toEqual(['#/definitions/destination']);
  });

  it("checks destination names with the lead model's own pattern", () => {
    expect(definitions.destinationName?.pattern).toBe(DESTINATION_NAME_PATTERN.source);
  });
});
