/** One option of a Picklist, State or Status column. */
export interface ChoiceOption {
  value: number;
  label: string;
  /** Status options: the state (statecode value) this status belongs to. */
  state?: number;
  /** State options: the status a record gets when only its state is changed. */
  defaultStatus?: number;
}

// The options of the lead table's standard choice columns, as a Dynamics 365 Sales org has them.

function choices(labels: Readonly<Record<number, string>>): ChoiceOption[] {
  return Object.entries(labels).map(([value, label]) => ({ value: Number(value), label }));
}

export const LEAD_SOURCE_OPTIONS = choices({
  1: 'Advertisement',
  2: 'Employee Referral',
  3: 'External Referral',
  4: 'Partner',
  5: 'Public Relations',
  6: 'Seminar',
  7: 'Trade Show',
  8: 'Web',
  9: 'Word of Mouth',
  10: 'Other',
});

// A lead is Open, Qualified or Disqualified; each state has its own status reasons.
export const LEAD_STATE_OPTIONS: readonly ChoiceOption[] = [
  { value: 0, label: 'Open', defaultStatus: 1 },
  { value: 1, label: 'Qualified', defaultStatus: 3 },
  { value: 2, label: 'Disqualified', defaultStatus: 4 },
];

export const LEAD_STATUS_OPTIONS: readonly ChoiceOption[] = [
  { value: 1, label: 'New', state: 0 },
  { value: 2, label: 'Contacted', state: 0 },
  { value: 3, label: 'Qualified', state: 1 },
  { value: 4, label: 'Lost', state: 2 },
  { value: 5, label: 'Cannot Contact', state: 2 },
  { value: 6, label: 'No Longer Interested', state: 2 },
  { value: 7, label: 'Canceled', state: 2 },
];
