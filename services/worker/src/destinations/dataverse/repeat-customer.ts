import { actionName, type DestinationJobData } from '@leadbridge/lead-model';
import { LEAD_COLUMN_LENGTHS } from '@leadbridge/lead-model/mapping';

const SEPARATOR = '\n\n';
const ELLIPSIS = '…';

/** The line that marks one event in an open lead's description; it also makes the append idempotent. */
export function eventMarker(leadId: string): string {
  return `Leadbridge lead id ${leadId}`;
}

/** One more event of a repeat customer, as a paragraph for the open lead's description. */
export function describeEvent(job: DestinationJobData): string {
  const { origin, lead } = job;
  const action = origin.actionCode
    ? `${actionName(origin.actionCode)} (${origin.actionCode})`
    : 'marketplace lead';
  const lines = [
    `New marketplace event ${job.receivedAt}: ${action}`,
    lead.Description,
    eventMarker(job.leadId),
  ];
  return lines.filter((line): line is string => !!line).join('\n');
}

/**
 * The description with the new event appended. When it outgrows the column, the oldest text
 * gives way: the newest events, and the marker that stops a retry appending twice, are kept.
 */
export function appendEvent(
  description: string,
  event: string,
  maxLength: number = LEAD_COLUMN_LENGTHS.description,
): string {
  const joined = description ? `${description}${SEPARATOR}${event}` : event;
  if (joined.length <= maxLength) return joined;
  return ELLIPSIS + joined.slice(joined.length - maxLength + ELLIPSIS.length);
}
