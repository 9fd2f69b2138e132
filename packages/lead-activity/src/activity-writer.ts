import { withTimeout, type Logger } from '@leadbridge/service-kit';
import {
  attemptEntry,
  type ActivityLead,
  type AttemptRecord,
  type OperatorAction,
} from './activity-events';
import type { TimelineEvent } from './activity-types';
import { recordEvent, type ActivityStore } from './record-event';

/**
 * What the worker tells the activity. Every method resolves, never rejects, and within
 * `timeoutMs`: a lead's delivery never waits on, or fails for, its activity.
 */
export interface LeadActivityWriter {
  received(lead: ActivityLead): Promise<void>;
  /** Recorded before the lead's deliveries are queued, so the timeline reads in order. */
  routed(
    lead: ActivityLead,
    routing: { destinations: string[]; reason: string },
    at?: Date,
  ): Promise<void>;
  unmatched(lead: ActivityLead, reason: string, at?: Date): Promise<void>;
  attempt(lead: ActivityLead, attempt: AttemptRecord, at?: Date): Promise<void>;
  operatorAction(leadId: string, action: OperatorAction, at?: Date): Promise<void>;
}

export interface LeadActivityWriterOptions extends ActivityStore {
  /** Told, without any lead data, when an event could not be recorded. */
  logger: Pick<Logger, 'warn'>;
  /** The longest an event's write is waited for. @defaultValue 500 */
  timeoutMs?: number;
}

export function createLeadActivityWriter(options: LeadActivityWriterOptions): LeadActivityWriter {
  const timeoutMs = options.timeoutMs ?? 500;
  const record = async (
    id: string,
    lead: ActivityLead | undefined,
    entry: TimelineEvent,
    failureClass?: string,
  ): Promise<void> => {
    try {
      await withTimeout(
        recordEvent(options, id, lead, entry, failureClass),
        timeoutMs,
        'recording lead activity',
      );
    } catch (error) {
      // The error's name and the event's kind only: a Redis error may quote the script's arguments.
      options.logger.warn('lead activity not recorded: the lead goes on regardless', {
        leadId: id,
        event: entry.kind,
        error: error instanceof Error ? error.name : 'unknown',
      });
    }
  };
  return {
    received: (lead) =>
      record(lead.id, lead, { at: lead.receivedAt, kind: 'received', source: lead.source }),
    routed: (lead, routing, at = new Date()) =>
      record(lead.id, lead, {
        at: at.toISOString(),
        kind: 'routed',
        destinations: routing.destinations,
        reason: routing.reason,
      }),
    unmatched: (lead, reason, at = new Date()) =>
      record(lead.id, lead, { at: at.toISOString(), kind: 'unmatched', reason }),
    attempt: (lead, attempt, at = new Date()) =>
      record(lead.id, lead, attemptEntry(attempt, at), attempt.failureClass),
    operatorAction: (leadId, action, at = new Date()) =>
      record(leadId, undefined, { at: at.toISOString(), ...action }),
  };
}
