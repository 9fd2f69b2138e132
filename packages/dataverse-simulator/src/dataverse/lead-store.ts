import { randomUUID } from 'node:crypto';
import { outputName, type LeadTable } from './lead-table';

/** A lead as stored: the columns that hold a value, lookups as `_<name>_value`. */
export type LeadRecord = Record<string, unknown>;

interface StoredLead {
  id: string;
  values: Map<string, unknown>;
  version: number;
}

/** What a write did, for the answer and the statistics. */
export interface WriteResult {
  id: string;
  created: boolean;
}

function dataverseTimestamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The lead rows, in creation order. Every read returns copies. */
export class LeadStore {
  private readonly rows = new Map<string, StoredLead>();
  // A row version counter for the whole table, as Dataverse's versionnumber is.
  private version = 0;

  constructor(private readonly table: LeadTable) {}

  has(id: string): boolean {
    return this.rows.has(id.toLowerCase());
  }

  /** The record's ETag, `W/"<version>"`, or undefined when there is no such record. */
  etag(id: string): string | undefined {
    const row = this.rows.get(id.toLowerCase());
    return row ? `W/"${row.version}"` : undefined;
  }

  create(values: ReadonlyMap<string, unknown>, id: string = randomUUID()): WriteResult {
    const key = id.toLowerCase();
    const row: StoredLead = { id: key, values: new Map(), version: ++this.version };
    for (const column of this.table.columns.values()) {
      if (column.defaultValue !== undefined)
        row.values.set(column.logicalName, column.defaultValue);
    }
    this.apply(row, values);
    row.values.set('createdon', dataverseTimestamp(new Date()));
    this.rows.set(key, row);
    return { id: key, created: true };
  }

  update(id: string, values: ReadonlyMap<string, unknown>): WriteResult {
    const row = this.rows.get(id.toLowerCase());
    if (!row) throw new Error(`no lead ${id}`);
    this.apply(row, values);
    row.version = ++this.version;
    return { id: row.id, created: false };
  }

  delete(id: string): boolean {
    return this.rows.delete(id.toLowerCase());
  }

  clear(): void {
    this.rows.clear();
  }

  get size(): number {
    return this.rows.size;
  }

  /** The stored values of one lead (columns without a value are absent), or undefined. */
  get(id: string): LeadRecord | undefined {
    const row = this.rows.get(id.toLowerCase());
    return row ? this.toRecord(row) : undefined;
  }

  all(): LeadRecord[] {
    return [...this.rows.values()].map((row) => this.toRecord(row));
  }

  /** A full row as the Web API returns it: every readable column, null when empty, plus the ETag. */
  row(id: string): LeadRecord | undefined {
    const row = this.rows.get(id.toLowerCase());
    return row ? this.toRow(row) : undefined;
  }

  rowsInOrder(): LeadRecord[] {
    return [...this.rows.values()].map((row) => this.toRow(row));
  }

  private apply(row: StoredLead, values: ReadonlyMap<string, unknown>): void {
    for (const [name, value] of values) {
      if (value === null) row.values.delete(name);
      else row.values.set(name, value);
    }
    const fullname = [row.values.get('firstname'), row.values.get('lastname')]
      .filter((part): part is string => typeof part === 'string' && part !== '')
      .join(' ');
    if (fullname) row.values.set('fullname', fullname);
    else row.values.delete('fullname');
  }

  private toRecord(row: StoredLead): LeadRecord {
    const record: LeadRecord = { leadid: row.id };
    for (const column of this.table.columns.values()) {
      const value = row.values.get(column.logicalName);
      if (value !== undefined) record[outputName(column)] = value;
    }
    return record;
  }

  private toRow(row: StoredLead): LeadRecord {
    const record: LeadRecord = { '@odata.etag': `W/"${row.version}"`, leadid: row.id };
    for (const column of this.table.columns.values()) {
      if (column.logicalName === this.table.primaryId) continue;
      record[outputName(column)] = row.values.get(column.logicalName) ?? null;
    }
    return record;
  }
}
