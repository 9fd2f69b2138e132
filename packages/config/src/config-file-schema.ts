import { Type, type Static } from '@sinclair/typebox';
import { Alerts } from './schema/alerts-schema';
import { DestinationName, EmailAddress, EnvName, Match, MatchList } from './schema/common-schemas';
import { Destination, DESTINATION_DEFINITIONS } from './destinations/destination-schema';
import { Choice, ColumnValue, Mapping } from './schema/mapping-schemas';
import { ref } from './schema/schema-helpers';

/**
 * The configuration file's shape: the one definition, from which the file's types are inferred
 * and the published JSON schema (draft-07, which editors' YAML support knows best) is written by
 * `npm run schema -w @leadbridge/config`.
 */
export const CONFIG_FILE_SCHEMA = Type.Object(
  {
    $schema: Type.Optional(
      Type.String({
        title: 'JSON schema',
        description:
          'Path or URL of this schema, for editors of JSON files. Leadbridge ignores it.',
      }),
    ),
    destinations: Type.Array(ref('destination', Destination), {
      title: 'Destinations',
      description:
        'Where leads go. Each lead goes to every destination whose `match` it meets, independently: one destination failing never holds up another.',
      minItems: 1,
    }),
    alerts: Type.Optional(
      ref('alerts', Alerts, {
        title: 'Alerts',
        description:
          'Whom to tell when a destination keeps failing or falls behind. Without this section failures are only logged and counted in /metrics.',
      }),
    ),
  },
  {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://leadbridge.dev/schemas/leadbridge.config.schema.json',
    title: 'Leadbridge configuration',
    description:
      'Where Leadbridge delivers marketplace leads and whom it alerts when delivery fails. Secrets are never written here: the file names the environment variables that hold them.',
    additionalProperties: false,
    definitions: {
      destination: Destination,
      ...DESTINATION_DEFINITIONS,
      destinationName: DestinationName,
      envName: EnvName,
      emailAddress: EmailAddress,
      match: Match,
      matchList: MatchList,
      mapping: Mapping,
      columnValue: ColumnValue,
      choice: Choice,
      alerts: Alerts,
    },
  },
);

/** The file as written, once the schema has accepted it: optional where the schema allows. */
export type ConfigFileContents = Static<typeof CONFIG_FILE_SCHEMA>;
export type AlertsEntry = Static<typeof Alerts>;

/** The schema as plain JSON, as it is published: TypeBox's own markers are symbols, left out. */
export function configSchemaJson(): Record<string, unknown> {
  return JSON.parse(JSON.stringify(CONFIG_FILE_SCHEMA)) as Record<string, unknown>;
}
