import { DataverseError, ErrorCodes, segmentNotFoundError } from './dataverse-error';

/** What a path under `/api/data/v9.2/` addresses. */
export type Resource =
  | { kind: 'whoami' }
  | { kind: 'entity-definitions' }
  | { kind: 'entity-definition'; key: EntityDefinitionKey }
  | { kind: 'attributes'; key: EntityDefinitionKey; cast?: string }
  | { kind: 'collection'; entitySet: string }
  /** An action bound to an entity set: `leads/Microsoft.Dynamics.CRM.CreateMultiple`. */
  | { kind: 'collection-action'; entitySet: string; action: string }
  | { kind: 'record'; entitySet: string; rawKey: string };

export type EntityDefinitionKey = { logicalName: string } | { metadataId: string };

export const CAST_PREFIX = 'Microsoft.Dynamics.CRM.';
// `name(key)`: an entity set or a metadata collection followed by a key in parentheses.
const KEYED_SEGMENT = /^([A-Za-z_][A-Za-z0-9_]*)\((.*)\)$/;
const GUID_KEY =
  /^\{?([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\}?$/;
const LOGICAL_NAME_KEY = /^LogicalName='([^']*)'$/;

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new DataverseError(400, ErrorCodes.unknownProperty, 'The request URL is malformed.');
  }
}

function entityDefinitionKey(raw: string): EntityDefinitionKey {
  const byName = LOGICAL_NAME_KEY.exec(raw);
  if (byName?.[1] !== undefined) return { logicalName: byName[1] };
  const byId = GUID_KEY.exec(raw);
  if (byId?.[1]) return { metadataId: byId[1].toLowerCase() };
  throw new DataverseError(
    400,
    ErrorCodes.unknownProperty,
    `The key value (${raw}) is not valid for EntityDefinitions; use LogicalName='<name>' or the MetadataId.`,
  );
}

/** The GUID in `leads(<guid>)`, lower-cased; checked once the entity set is known to exist. */
export function parseRecordKey(entitySet: string, raw: string): string {
  const byId = GUID_KEY.exec(raw);
  if (byId?.[1]) return byId[1].toLowerCase();
  // Alternate keys (`name='value'`) exist only when the org defines them; this one defines none.
  throw new DataverseError(
    400,
    ErrorCodes.unknownProperty,
    `The key (${raw}) is not a primary key value and no alternate key is defined on '${entitySet}'.`,
  );
}

/** Parses the part of the path after `/api/data/v9.2/`. Unknown shapes are 404 segment errors. */
export function parseResourcePath(path: string): Resource {
  const segments = path
    .split('/')
    .filter((segment) => segment !== '')
    .map(decodeSegment);
  const [first, second, third, ...rest] = segments;
  if (first === undefined) throw segmentNotFoundError('');
  if (first === 'WhoAmI' || first === 'WhoAmI()') {
    if (second !== undefined) throw segmentNotFoundError(second);
    return { kind: 'whoami' };
  }
  if (first === 'EntityDefinitions') {
    if (second !== undefined) throw segmentNotFoundError(second);
    return { kind: 'entity-definitions' };
  }
  const keyed = KEYED_SEGMENT.exec(first);
  if (!keyed) {
    if (second === undefined) return { kind: 'collection', entitySet: first };
    if (!second.startsWith(CAST_PREFIX)) throw segmentNotFoundError(second);
    if (third !== undefined) throw segmentNotFoundError(third);
    return {
      kind: 'collection-action',
      entitySet: first,
      action: second.slice(CAST_PREFIX.length),
    };
  }
  const [, name = '', rawKey = ''] = keyed;
  if (name === 'EntityDefinitions') {
    const key = entityDefinitionKey(rawKey);
    if (second === undefined) return { kind: 'entity-definition', key };
    if (second !== 'Attributes') throw segmentNotFoundError(second);
    if (rest.length > 0) throw segmentNotFoundError(rest[0] ?? '');
    if (third === undefined) return { kind: 'attributes', key };
    if (!third.startsWith(CAST_PREFIX)) throw segmentNotFoundError(third);
    return { kind: 'attributes', key, cast: third.slice(CAST_PREFIX.length) };
  }
  if (second !== undefined) throw segmentNotFoundError(second);
  return { kind: 'record', entitySet: name, rawKey };
}
