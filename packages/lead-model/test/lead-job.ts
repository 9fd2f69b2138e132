import { describeOrigin, contentKeyFor, parseLead, type LeadJobData } from '../src';

export type MappableJob = Pick<LeadJobData, 'lead' | 'origin' | 'leadId' | 'receivedAt'>;

/** A lead as the worker receives it, from a request body. */
export function jobFor(body: object, receivedAt = '2025-03-01T12:00:00.000Z'): MappableJob {
  const result = parseLead(body);
  if (!result.ok) throw new Error(`fixture must be valid: ${JSON.stringify(result.problems)}`);
  return {
    lead: result.lead,
    origin: describeOrigin(result.lead),
    leadId: contentKeyFor(result.lead),
    receivedAt,
  };
}
