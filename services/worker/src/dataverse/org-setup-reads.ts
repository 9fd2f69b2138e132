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

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function unexpected(what: string, missing: string): Error {
  return new Error(`${what}: Dataverse's answer has no ${missing}`);
}

function collection(body: unknown, what: string): Json[] {
  const value = isObject(body) ? body.value : undefined;
  if (!Array.isArray(value)) throw unexpected(what, 'value list');
  return value.filter(isObject);
}

/** Reads the lead table's definition; a 404 means the org has no lead table. */
export async function readLeadTable(dataverse: DataverseClient): Promise<LeadTableDefinition> {
  const what = 'reading the lead table';
  const body = await dataverse.read(`${LEAD_TABLE}?$select=LogicalName,EntitySetName`, what);
  if (!isObject(body) || typeof body.EntitySetName !== 'string') {
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
  const list = isObject(body) ? body.RolePrivileges : undefined;
  if (!Array.isArray(list)) throw unexpected(what, 'RolePrivileges');
  return list
    .filter(isObject)
    .filter((privilege) => typeof privilege.PrivilegeName === 'string')
    .map((privilege) => ({
      name: privilege.PrivilegeName as string,
      depth: String(privilege.Depth ?? ''),
    }));
}
