import { isRecord } from '@leadbridge/lead-model';
import type { DataverseClient } from './dataverse-client';

/** The lead table as the org defines it. */
export interface LeadTableDefinition {
  logicalName: string;
  /** The name the Web API addresses its records by, `leads` in every org so far. */
  entitySetName: string;
}

/** One privilege the user holds through a security role. */
export interface UserPrivilege {
  /** e.g. `prvCreateLead`. */
  name: string;
  /** `Basic`, `Local`, `Deep`, `Global` (the Web API sends the enum member's name). */
  depth: string;
}

const LEAD_TABLE = "EntityDefinitions(LogicalName='lead')";

// Memo columns (the lead's description) are not StringAttributeMetadata, so both are read.
const TEXT_METADATA_TYPES = ['StringAttributeMetadata', 'MemoAttributeMetadata'] as const;

type Json = Record<string, unknown>;

function unexpected(what: string, missing: string): Error {
  return new Error(`${what}: Dataverse's answer has no ${missing}`);
}

function collection(body: unknown, what: string): Json[] {
  const value = isRecord(body) ? body.value : undefined;
  if (!Array.isArray(value)) throw unexpected(what, 'value list');
  return value.filter(isRecord);
}

/** Reads the lead table's definition; a 404 means the org has no lead table. */
export async function readLeadTable(dataverse: DataverseClient): Promise<LeadTableDefinition> {
  const what = 'reading the lead table';
  const body = await dataverse.read(`${LEAD_TABLE}?$select=LogicalName,EntitySetName`, what);
  if (!isRecord(body) || typeof body.EntitySetName !== 'string') {
    throw unexpected(what, 'EntitySetName');
  }
  return {
    logicalName: typeof body.LogicalName === 'string' ? body.LogicalName : 'lead',
    entitySetName: body.EntitySetName,
  };
}

/** The maximum lengths of the lead table's text columns (string and memo), by logical name. */
export async function readLeadTextColumnLengths(
  dataverse: DataverseClient,
): Promise<Map<string, number>> {
  const lengths = new Map<string, number>();
  for (const type of TEXT_METADATA_TYPES) {
    const what = `reading the lead table's ${type}`;
    const body = await dataverse.read(
      `${LEAD_TABLE}/Attributes/Microsoft.Dynamics.CRM.${type}?$select=LogicalName,MaxLength`,
      what,
    );
    for (const column of collection(body, what)) {
      if (typeof column.LogicalName === 'string' && typeof column.MaxLength === 'number') {
        lengths.set(column.LogicalName, column.MaxLength);
      }
    }
  }
  return lengths;
}

/** One column of the org's lead table, as far as a mapping's writes depend on it. */
export interface LeadAttribute {
  /** `AttributeType`: String, Memo, Picklist, State, Status, Boolean, Integer, Lookup, … */
  type: string;
  /** String and Memo columns: the most characters a value may have. */
  maxLength?: number;
  /** Whether a new record may set the column (`IsValidForCreate`). */
  isValidForCreate: boolean;
  /** Lookup columns: the logical names of the tables it may point to. */
  targets?: string[];
  /** Picklist, State and Status columns: the option values. */
  options?: number[];
}

// The metadata types whose columns have an option set, read with `$expand=OptionSet`.
const CHOICE_METADATA_TYPES = [
  'PicklistAttributeMetadata',
  'StateAttributeMetadata',
  'StatusAttributeMetadata',
] as const;

// Microsoft documents the options of a column bound to a global choice under GlobalOptionSet
// (and OptionSet null), so both are expanded and whichever holds options is used.
const EXPAND_OPTIONS = '$expand=OptionSet($select=Options),GlobalOptionSet($select=Options)';

function optionValues(column: Json): number[] | undefined {
  for (const optionSet of [column.OptionSet, column.GlobalOptionSet]) {
    const options = isRecord(optionSet) ? optionSet.Options : undefined;
    if (!Array.isArray(options)) continue;
    return options
      .filter(isRecord)
      .map((option) => option.Value)
      .filter((value): value is number => typeof value === 'number');
  }
  return undefined;
}

/**
 * The lead table's columns by logical name: every column's type and whether a create may set it,
 * then what the derived metadata types add (lengths, lookup targets, choice options). Seven
 * reads, as the Web API describes a derived type's properties only under a cast to it.
 */
export async function readLeadAttributes(
  dataverse: DataverseClient,
): Promise<Map<string, LeadAttribute>> {
  const attributes = new Map<string, LeadAttribute>();
  const what = "reading the lead table's columns";
  const all = await dataverse.read(
    `${LEAD_TABLE}/Attributes?$select=LogicalName,AttributeType,IsValidForCreate`,
    what,
  );
  for (const column of collection(all, what)) {
    if (typeof column.LogicalName !== 'string' || typeof column.AttributeType !== 'string')
      continue;
    attributes.set(column.LogicalName, {
      type: column.AttributeType,
      isValidForCreate: column.IsValidForCreate === true,
    });
  }

  for (const [name, maxLength] of await readLeadTextColumnLengths(dataverse)) {
    const attribute = attributes.get(name);
    if (attribute) attribute.maxLength = maxLength;
  }

  const lookupsRead = "reading the lead table's LookupAttributeMetadata";
  const lookups = await dataverse.read(
    `${LEAD_TABLE}/Attributes/Microsoft.Dynamics.CRM.LookupAttributeMetadata?$select=LogicalName,Targets`,
    lookupsRead,
  );
  for (const column of collection(lookups, lookupsRead)) {
    const attribute = attributes.get(String(column.LogicalName));
    if (attribute && Array.isArray(column.Targets)) {
      attribute.targets = column.Targets.filter((target) => typeof target === 'string');
    }
  }

  for (const type of CHOICE_METADATA_TYPES) {
    const choicesRead = `reading the lead table's ${type}`;
    const body = await dataverse.read(
      `${LEAD_TABLE}/Attributes/Microsoft.Dynamics.CRM.${type}?$select=LogicalName&${EXPAND_OPTIONS}`,
      choicesRead,
    );
    for (const column of collection(body, choicesRead)) {
      const attribute = attributes.get(String(column.LogicalName));
      const options = optionValues(column);
      if (attribute && options) attribute.options = options;
    }
  }
  return attributes;
}

/** The privileges a system user holds through its roles (the `RetrieveUserPrivileges` function). */
export async function readUserPrivileges(
  dataverse: DataverseClient,
  userId: string,
): Promise<UserPrivilege[]> {
  const what = "reading the application user's privileges";
  const body = await dataverse.read(
    `systemusers(${userId})/Microsoft.Dynamics.CRM.RetrieveUserPrivileges()`,
    what,
  );
  const list = isRecord(body) ? body.RolePrivileges : undefined;
  if (!Array.isArray(list)) throw unexpected(what, 'RolePrivileges');
  return list
    .filter(isRecord)
    .filter((privilege) => typeof privilege.PrivilegeName === 'string')
    .map((privilege) => ({
      name: privilege.PrivilegeName as string,
      depth: typeof privilege.Depth === 'string' ? privilege.Depth : '',
    }));
}
