import { stableGuid } from '../shared/guid';
import {
  DataverseError,
  ErrorCodes,
  segmentNotFoundError,
  unknownPropertyError,
} from './dataverse-error';
import type { ColumnDefinition, ColumnType, LeadTable } from './lead-table';
import { parseExpand, type ExpandItem } from './metadata-expand';
import { optionSetMetadata } from './option-set-metadata';
import type { EntityDefinitionKey } from './resource-path';

// The metadata type each column type is described by, as the Web API casts them.
const METADATA_TYPES: Record<ColumnType, string> = {
  String: 'StringAttributeMetadata',
  Memo: 'MemoAttributeMetadata',
  Picklist: 'PicklistAttributeMetadata',
  State: 'StateAttributeMetadata',
  Status: 'StatusAttributeMetadata',
  Lookup: 'LookupAttributeMetadata',
  Uniqueidentifier: 'UniqueIdentifierAttributeMetadata',
  Boolean: 'BooleanAttributeMetadata',
  DateTime: 'DateTimeAttributeMetadata',
  Integer: 'IntegerAttributeMetadata',
};

const BASE_PROPERTIES = [
  'MetadataId',
  'LogicalName',
  'EntityLogicalName',
  'AttributeType',
  'AttributeTypeName',
  'IsCustomAttribute',
  'IsPrimaryId',
  'IsValidForCreate',
  'IsValidForUpdate',
  'IsValidForRead',
];

// Properties a derived type adds to AttributeMetadata (the ones this simulator fills in).
const DERIVED_PROPERTIES: Partial<Record<string, readonly string[]>> = {
  StringAttributeMetadata: ['MaxLength'],
  MemoAttributeMetadata: ['MaxLength'],
  LookupAttributeMetadata: ['Targets'],
  IntegerAttributeMetadata: ['MinValue', 'MaxValue'],
};

// Navigation properties `$expand` may follow, by metadata type: the choice types' option sets.
const NAVIGATION_PROPERTIES: Partial<Record<string, readonly string[]>> = {
  PicklistAttributeMetadata: ['OptionSet', 'GlobalOptionSet'],
  StateAttributeMetadata: ['OptionSet', 'GlobalOptionSet'],
  StatusAttributeMetadata: ['OptionSet', 'GlobalOptionSet'],
};

const ENTITY_PROPERTIES = [
  'MetadataId',
  'LogicalName',
  'SchemaName',
  'EntitySetName',
  'LogicalCollectionName',
  'PrimaryIdAttribute',
  'PrimaryNameAttribute',
  'ObjectTypeCode',
  'IsCustomEntity',
];

function attribute(table: LeadTable, column: ColumnDefinition): Record<string, unknown> {
  const type = METADATA_TYPES[column.type];
  const writable = !column.readOnly;
  const creatable = writable && !column.updateOnly;
  return {
    '@odata.type': `#Microsoft.Dynamics.CRM.${type}`,
    MetadataId: stableGuid(`attribute:${table.logicalName}.${column.logicalName}`),
    LogicalName: column.logicalName,
    EntityLogicalName: table.logicalName,
    AttributeType: column.type,
    AttributeTypeName: { Value: `${column.type}Type` },
    IsCustomAttribute: column.custom,
    IsPrimaryId: column.logicalName === table.primaryId,
    IsValidForCreate: creatable,
    IsValidForUpdate: writable && column.logicalName !== table.primaryId,
    IsValidForRead: true,
    ...(column.maxLength !== undefined ? { MaxLength: column.maxLength } : {}),
    ...(column.target ? { Targets: [column.target.logicalName] } : {}),
    ...(column.type === 'Integer' ? { MinValue: -2_147_483_648, MaxValue: 2_147_483_647 } : {}),
  };
}

function select(
  item: Record<string, unknown>,
  properties: readonly string[] | undefined,
  allowed: readonly string[],
  typeName: string,
): Record<string, unknown> {
  if (!properties) return item;
  const unknown = properties.find((name) => !allowed.includes(name));
  if (unknown !== undefined)
    throw unknownPropertyError(unknown, `Microsoft.Dynamics.CRM.${typeName}`);
  const kept: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(item)) {
    // The key and the type annotation come back whatever is selected, as in the Web API.
    if (name === 'MetadataId' || name.startsWith('@') || properties.includes(name))
      kept[name] = value;
  }
  return kept;
}

/** The metadata of the lead table, addressed by logical name or MetadataId. */
export class LeadMetadata {
  private readonly metadataId: string;

  constructor(private readonly table: LeadTable) {
    this.metadataId = stableGuid(`entity:${table.logicalName}`);
  }

  /** Throws the Dataverse 404 when the key names a table this org does not have. */
  check(key: EntityDefinitionKey): void {
    const found =
      'logicalName' in key
        ? key.logicalName === this.table.logicalName
        : key.metadataId === this.metadataId;
    if (!found) {
      const described =
        'logicalName' in key
          ? `LogicalName = ${key.logicalName}`
          : `MetadataId = ${key.metadataId}`;
      throw new DataverseError(
        404,
        ErrorCodes.objectDoesNotExist,
        `Could not find an entity with ${described}.`,
      );
    }
  }

  entity(properties?: readonly string[]): Record<string, unknown> {
    const entity = {
      MetadataId: this.metadataId,
      LogicalName: this.table.logicalName,
      SchemaName: 'Lead',
      EntitySetName: this.table.entitySet,
      LogicalCollectionName: this.table.entitySet,
      PrimaryIdAttribute: this.table.primaryId,
      PrimaryNameAttribute: 'fullname',
      ObjectTypeCode: 4,
      IsCustomEntity: false,
    };
    return select(entity, properties, ENTITY_PROPERTIES, 'EntityMetadata');
  }

  /**
   * The columns, all or those of one metadata type (`StringAttributeMetadata`, …), with the
   * option sets `expand` asks for (`OptionSet($select=Options)`) on the choice types.
   */
  attributes(
    cast: string | undefined,
    properties?: readonly string[],
    expand?: string,
  ): Record<string, unknown>[] {
    const known = Object.values(METADATA_TYPES);
    if (cast !== undefined && !known.includes(cast))
      throw segmentNotFoundError(`Microsoft.Dynamics.CRM.${cast}`);
    const typeName = cast ?? 'AttributeMetadata';
    const allowed = [...BASE_PROPERTIES, ...(cast ? (DERIVED_PROPERTIES[cast] ?? []) : [])];
    const expanded = expand === undefined ? [] : parseExpand(expand);
    const navigable = cast ? (NAVIGATION_PROPERTIES[cast] ?? []) : [];
    const unknown = expanded.find((item) => !navigable.includes(item.property));
    if (unknown) throw unknownPropertyError(unknown.property, `Microsoft.Dynamics.CRM.${typeName}`);
    return [...this.table.columns.values()]
      .filter((column) => cast === undefined || METADATA_TYPES[column.type] === cast)
      .map((column) => ({
        ...select(attribute(this.table, column), properties, allowed, typeName),
        ...this.expansions(column, expanded),
      }));
  }

  private expansions(
    column: ColumnDefinition,
    expanded: readonly ExpandItem[],
  ): Record<string, unknown> {
    const body: Record<string, unknown> = {};
    for (const item of expanded) {
      // Every option set here is local to its column, so the global one is null, as in Dataverse.
      body[item.property] =
        item.property === 'OptionSet' ? optionSetMetadata(this.table, column, item.select) : null;
    }
    return body;
  }
}
