import { stableGuid } from '../shared/guid';
import { unknownPropertyError } from './dataverse-error';
import type { ChoiceOption } from './lead-choices';
import type { ColumnDefinition, LeadTable } from './lead-table';

// The language the simulator's labels are in: English (United States).
const LANGUAGE_CODE = 1033;

const OPTION_SET_PROPERTIES = [
  'MetadataId',
  'Name',
  'OptionSetType',
  'IsGlobal',
  'IsCustomOptionSet',
  'Options',
];

// The option type each column type's options are, as `@odata.type` names the derived ones.
const OPTION_TYPES: Partial<Record<ColumnDefinition['type'], string>> = {
  State: 'StateOptionMetadata',
  Status: 'StatusOptionMetadata',
};

/** A `Label` complex value with one English label, as the Web API sends it. */
function label(text: string, managed: boolean, key: string): Record<string, unknown> {
  const localized = {
    Label: text,
    LanguageCode: LANGUAGE_CODE,
    IsManaged: managed,
    MetadataId: stableGuid(`label:${key}`),
    HasChanged: null,
  };
  return { LocalizedLabels: [localized], UserLocalizedLabel: localized };
}

function option(
  column: ColumnDefinition,
  choice: ChoiceOption,
  key: string,
): Record<string, unknown> {
  const managed = !column.custom;
  const type = OPTION_TYPES[column.type];
  return {
    ...(type ? { '@odata.type': `#Microsoft.Dynamics.CRM.${type}` } : {}),
    Value: choice.value,
    Color: null,
    IsManaged: managed,
    ExternalValue: null,
    MetadataId: null,
    HasChanged: null,
    Label: label(choice.label, managed, `${key}.${choice.value}`),
    Description: { LocalizedLabels: [], UserLocalizedLabel: null },
    ...(column.type === 'State'
      ? { DefaultStatus: choice.defaultStatus ?? null, InvariantName: choice.label }
      : {}),
    ...(column.type === 'Status' ? { State: choice.state ?? null, TransitionData: null } : {}),
  };
}

/**
 * The `OptionSet` of a Picklist, State or Status column, as `$expand=OptionSet` returns it: a
 * local option set (the simulator has no global ones), its `Options` with their English labels.
 * `select` keeps only those properties, and `MetadataId`, which the Web API always sends.
 */
export function optionSetMetadata(
  table: LeadTable,
  column: ColumnDefinition,
  select: readonly string[] | undefined,
): Record<string, unknown> {
  const unknown = select?.find((name) => !OPTION_SET_PROPERTIES.includes(name));
  if (unknown !== undefined) {
    throw unknownPropertyError(unknown, 'Microsoft.Dynamics.CRM.OptionSetMetadata');
  }
  const key = `${table.logicalName}.${column.logicalName}`;
  const body: Record<string, unknown> = {
    MetadataId: stableGuid(`optionset:${key}`),
    Name: `${table.logicalName}_${column.logicalName}`,
    OptionSetType: column.type,
    IsGlobal: false,
    IsCustomOptionSet: column.custom,
    Options: (column.options ?? []).map((choice) => option(column, choice, key)),
  };
  if (!select) return body;
  return Object.fromEntries(
    Object.entries(body).filter(([name]) => name === 'MetadataId' || select.includes(name)),
  );
}
