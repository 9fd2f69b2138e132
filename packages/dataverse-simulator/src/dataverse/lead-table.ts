import {
  LEAD_SOURCE_OPTIONS,
  LEAD_STATE_OPTIONS,
  LEAD_STATUS_OPTIONS,
  type ChoiceOption,
} from './lead-choices';

/** Column types as Dataverse names them in `AttributeType`. */
export type ColumnType =
  | 'String'
  | 'Memo'
  | 'Picklist'
  | 'State'
  | 'Status'
  | 'Lookup'
  | 'Uniqueidentifier'
  | 'Boolean'
  | 'DateTime'
  | 'Integer';

/** One column of the lead table, as the simulator validates and describes it. */
export interface ColumnDefinition {
  logicalName: string;
  type: ColumnType;
  /** String and Memo columns: the most UTF-16 code units a value may hold. */
  maxLength?: number;
  /** Picklist, State and Status columns: the options a write may use. */
  options?: readonly ChoiceOption[];
  /** Lookup columns: the table the id points into and that table's entity set. */
  target?: { logicalName: string; entitySet: string };
  /** Set by the platform; values sent by the caller are ignored. */
  readOnly?: boolean;
  /** Changed by updates only (IsValidForCreate false): a value sent on create is ignored. */
  updateOnly?: boolean;
  /** A value the platform fills in on create when the caller sends none. */
  defaultValue?: unknown;
  custom: boolean;
}

/**
 * A column the org has added to the lead table. Names carry the publisher prefix, lower case
 * (`new_offertitle`, `cr123_actioncode`), as Dataverse requires of custom columns.
 */
export interface CustomColumn {
  logicalName: string;
  type: 'String' | 'Memo' | 'Picklist' | 'Boolean' | 'DateTime' | 'Integer';
  /**
   * String and Memo only.
   * @defaultValue 100 for String, 2000 for Memo
   */
  maxLength?: number;
  /** Picklist only, required: the option values, or values with their labels. */
  options?: readonly (number | { value: number; label: string })[];
}

/** The lead table: its columns by logical name, in the order Dataverse lists them. */
export interface LeadTable {
  readonly logicalName: 'lead';
  readonly entitySet: 'leads';
  readonly primaryId: 'leadid';
  readonly columns: ReadonlyMap<string, ColumnDefinition>;
}

// Lengths from the reference: these are the out-of-the-box limits of a Dynamics 365 Sales org.
const STANDARD_COLUMNS: readonly ColumnDefinition[] = [
  { logicalName: 'leadid', type: 'Uniqueidentifier', custom: false },
  { logicalName: 'subject', type: 'String', maxLength: 300, custom: false },
  { logicalName: 'firstname', type: 'String', maxLength: 50, custom: false },
  { logicalName: 'lastname', type: 'String', maxLength: 50, custom: false },
  { logicalName: 'fullname', type: 'String', maxLength: 160, readOnly: true, custom: false },
  { logicalName: 'emailaddress1', type: 'String', maxLength: 100, custom: false },
  { logicalName: 'telephone1', type: 'String', maxLength: 50, custom: false },
  { logicalName: 'mobilephone', type: 'String', maxLength: 20, custom: false },
  { logicalName: 'companyname', type: 'String', maxLength: 100, custom: false },
  { logicalName: 'jobtitle', type: 'String', maxLength: 100, custom: false },
  { logicalName: 'address1_country', type: 'String', maxLength: 80, custom: false },
  { logicalName: 'description', type: 'Memo', maxLength: 2000, custom: false },
  { logicalName: 'leadsourcecode', type: 'Picklist', options: LEAD_SOURCE_OPTIONS, custom: false },
  {
    logicalName: 'campaignid',
    type: 'Lookup',
    target: { logicalName: 'campaign', entitySet: 'campaigns' },
    custom: false,
  },
  { logicalName: 'donotemail', type: 'Boolean', defaultValue: false, custom: false },
  { logicalName: 'donotphone', type: 'Boolean', defaultValue: false, custom: false },
  { logicalName: 'createdon', type: 'DateTime', readOnly: true, custom: false },
  // A new lead is Open/New; the state changes by update only, as when a lead is qualified.
  {
    logicalName: 'statecode',
    type: 'State',
    options: LEAD_STATE_OPTIONS,
    defaultValue: 0,
    updateOnly: true,
    custom: false,
  },
  {
    logicalName: 'statuscode',
    type: 'Status',
    options: LEAD_STATUS_OPTIONS,
    defaultValue: 1,
    custom: false,
  },
];

// Publisher prefix (2-8 characters, starting with a letter), underscore, then the name.
const CUSTOM_NAME = /^[a-z][a-z0-9]{1,7}_[a-z0-9_]+$/;
const STRING_MAX = 4000;
const MEMO_MAX = 1_048_576;

function customColumn(column: CustomColumn): ColumnDefinition {
  const { logicalName, type } = column;
  if (!CUSTOM_NAME.test(logicalName)) {
    throw new Error(
      `custom column "${logicalName}" needs a lower-case publisher prefix, like new_offertitle`,
    );
  }
  if (type === 'String' || type === 'Memo') {
    const max = type === 'String' ? STRING_MAX : MEMO_MAX;
    const maxLength = column.maxLength ?? (type === 'String' ? 100 : 2000);
    if (!Number.isInteger(maxLength) || maxLength < 1 || maxLength > max) {
      throw new Error(`custom column "${logicalName}": maxLength must be from 1 to ${max}`);
    }
    return { logicalName, type, maxLength, custom: true };
  }
  if (type === 'Picklist') {
    const options = (column.options ?? []).map((option) =>
      typeof option === 'number' ? { value: option, label: `Option ${option}` } : option,
    );
    if (options.length === 0 || !options.every((option) => Number.isSafeInteger(option.value))) {
      throw new Error(`custom column "${logicalName}": a Picklist needs whole-number options`);
    }
    return { logicalName, type, options, custom: true };
  }
  return { logicalName, type, custom: true };
}

/** A String or Memo column with another length, as an org whose customizer changed it. */
function withLength(
  column: ColumnDefinition | undefined,
  name: string,
  length: number,
): ColumnDefinition {
  if (!column || (column.type !== 'String' && column.type !== 'Memo') || column.readOnly) {
    throw new Error(
      `column length for "${name}": the lead table has no writable text column so named`,
    );
  }
  const max = column.type === 'String' ? STRING_MAX : MEMO_MAX;
  if (!Number.isInteger(length) || length < 1 || length > max) {
    throw new Error(`column length for "${name}" must be from 1 to ${max}`);
  }
  return { ...column, maxLength: length };
}

/**
 * The standard lead columns plus the org's custom ones, with any text column lengths the org
 * changed. Throws on a malformed custom column or length.
 */
export function buildLeadTable(
  customColumns: readonly CustomColumn[] = [],
  columnLengths: Readonly<Record<string, number>> = {},
): LeadTable {
  const columns = new Map<string, ColumnDefinition>();
  for (const column of STANDARD_COLUMNS) columns.set(column.logicalName, column);
  for (const column of customColumns) {
    if (columns.has(column.logicalName)) {
      throw new Error(`custom column "${column.logicalName}" is defined twice`);
    }
    columns.set(column.logicalName, customColumn(column));
  }
  for (const [name, length] of Object.entries(columnLengths)) {
    columns.set(name, withLength(columns.get(name), name, length));
  }
  return { logicalName: 'lead', entitySet: 'leads', primaryId: 'leadid', columns };
}

/** The name a column has in a record read back: lookups come back as `_<name>_value`. */
export function outputName(column: ColumnDefinition): string {
  return column.type === 'Lookup' ? `_${column.logicalName}_value` : column.logicalName;
}
