import type { LeadJobData } from '../queue';

/**
 * What one Dataverse column receives.
 *
 * A bare number is a choice value on `leadsourcecode` (the one choice column of the standard lead
 * a marketplace lead usually sets) and a plain number anywhere else; write `{ choice: n }` to set
 * another choice column.
 */
export type ColumnValueSpec =
  /** A field name (e.g. "UserDetails.Email"), or a template when it contains "{". */
  | string
  /** A constant. */
  | number
  | boolean
  /** Leave this column of the default mapping out. */
  | null
  | { field: string }
  | { template: string }
  | { const: string | number | boolean }
  | { choice: number }
  /** A choice chosen by a field's value, e.g. ActionCode INS → 1; `default` when none matches. */
  | { choice: { field: string; values: Record<string, number>; default?: number } }
  /**
   * A lookup: `<column>@odata.bind: "/<lookup>(<id>)"`, e.g. `{ lookup: "campaigns", id }`. A
   * custom lookup's navigation property is usually its schema name, in mixed case
   * (`new_CustomerId`): give it as `navigationProperty` when it differs from the column's name.
   */
  | { lookup: string; id: string; navigationProperty?: string };

/**
 * Dataverse columns (logical names) and what each receives. It extends the default mapping: a
 * column named here replaces the default one, `null` removes it.
 */
export type MappingSpec = Readonly<Record<string, ColumnValueSpec>>;

export interface MappingProblem {
  /** Where, relative to the mapping object: ['subject'], ['campaignid', 'id'], … */
  path: readonly (string | number)[];
  message: string;
}

export type ColumnKind = 'text' | 'choice' | 'boolean' | 'number' | 'lookup';

export interface CompiledColumn {
  /** The column's logical name. */
  column: string;
  kind: ColumnKind;
  /** What fills it, for people: 'field UserDetails.Email', 'template "{OfferTitle}"', … */
  source: string;
  /** The entity set a lookup points into, e.g. "campaigns". */
  lookupEntitySet?: string;
  /** The name a lookup is bound by (`<name>@odata.bind`), when not the column's own. */
  navigationProperty?: string;
  /** Every value a choice column can be given. */
  choiceValues?: readonly number[];
  /** A text column's length; longer values are cut. */
  maxLength?: number;
}

export interface MappedRecord {
  /** The record's columns; a lookup appears as `<column>@odata.bind`. */
  columns: Record<string, unknown>;
  /** Text columns whose value was cut to fit; their full value is in `description`. */
  truncated: string[];
}

/** The parts of a queued job a mapping reads. */
export type MappingInput = Pick<LeadJobData, 'lead' | 'origin' | 'leadId' | 'receivedAt'> &
  Partial<Pick<LeadJobData, 'imported'>>;

export interface CompiledMapping {
  /** Every column the mapping may write, in order: the default ones first, then the added ones. */
  readonly columns: readonly CompiledColumn[];
  map(job: MappingInput): MappedRecord;
}

export interface CompileMappingOptions {
  /**
   * Text column lengths, merged over LEAD_COLUMN_LENGTHS; may name custom columns. Lengths that
   * are not positive integers are ignored.
   * @defaultValue LEAD_COLUMN_LENGTHS alone
   */
  columnLengths?: Readonly<Record<string, number>>;
}
