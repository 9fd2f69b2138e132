import { DataverseError, ErrorCodes, optionOutOfRangeError } from './dataverse-error';
import type { LeadRecord } from './lead-store';
import type { ColumnDefinition, LeadTable } from './lead-table';

function columnOfType(table: LeadTable, type: 'State' | 'Status'): ColumnDefinition | undefined {
  return [...table.columns.values()].find((column) => column.type === type);
}

function invalidStatusError(
  table: LeadTable,
  state: ColumnDefinition,
  stateValue: unknown,
  status: unknown,
  id: string,
): DataverseError {
  const stateName = state.options?.find((option) => option.value === stateValue)?.label;
  const tableName = table.logicalName[0]?.toUpperCase() + table.logicalName.slice(1);
  return new DataverseError(
    400,
    ErrorCodes.invalidStatusForState,
    `${JSON.stringify(status)} is not a valid status code for state code ` +
      `${tableName}State.${stateName ?? String(stateValue)} on ${table.logicalName} with Id ${id}.`,
  );
}

/**
 * The values a write stores once its state and status agree, as Dataverse keeps them: on create
 * the update-only columns (the state) are dropped, so a new lead is in the default state; a state
 * sent without a status brings that state's default status; a status must belong to the state
 * the record ends up in (400 `0x80048408` otherwise). `current` is the stored record on update.
 */
export function settleState(
  table: LeadTable,
  id: string,
  values: ReadonlyMap<string, unknown>,
  current: LeadRecord | undefined,
): Map<string, unknown> {
  const settled = new Map(values);
  if (current === undefined) {
    for (const column of table.columns.values()) {
      if (column.updateOnly) settled.delete(column.logicalName);
    }
  }
  const state = columnOfType(table, 'State');
  const status = columnOfType(table, 'Status');
  if (!state || !status) return settled;
  const stateSent = settled.has(state.logicalName);
  const statusSent = settled.has(status.logicalName);
  if (!stateSent && !statusSent) return settled;

  const stateValue = stateSent
    ? settled.get(state.logicalName)
    : (current?.[state.logicalName] ?? state.defaultValue);
  const stateOption = state.options?.find((option) => option.value === stateValue);
  if (!stateOption) throw optionOutOfRangeError(table, state, stateValue);
  // A status left out (or cleared) is the state's default one, as when a lead is qualified.
  const statusValue = settled.get(status.logicalName) ?? stateOption.defaultStatus;
  const statusOption = status.options?.find((option) => option.value === statusValue);
  if (statusOption?.state !== stateOption.value) {
    throw invalidStatusError(table, state, stateValue, statusValue, id);
  }
  settled.set(status.logicalName, statusValue);
  return settled;
}
