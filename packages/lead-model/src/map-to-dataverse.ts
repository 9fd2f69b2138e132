import type { DataverseLeadColumns, LeadTextColumn } from './dataverse-columns';
import { compileMapping } from './mapping/compile-mapping';
import type { Lead, LeadOrigin } from './types';

export interface MappedLead {
  columns: DataverseLeadColumns;
  /** Columns whose value was cut to fit; their full value is in `description`. */
  truncated: LeadTextColumn[];
}

const DEFAULT_MAPPING = compileMapping().mapping;

/**
 * The default mapping of a marketplace lead to Dataverse `lead` columns. Nothing the lead carried
 * is lost: the source, action, offer and unknown fields go into the description, and any value
 * too long for its column is cut there and kept whole in the description.
 */
export function mapLeadToDataverse(lead: Lead, origin: LeadOrigin, leadId: string): MappedLead {
  // The default mapping reads no ReceivedAt, and writes only the lead's own text columns.
  const { columns, truncated } = DEFAULT_MAPPING.map({ lead, origin, leadId, receivedAt: '' });
  return { columns: columns as DataverseLeadColumns, truncated: truncated as LeadTextColumn[] };
}
