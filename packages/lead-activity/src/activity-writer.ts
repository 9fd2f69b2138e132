import type { Logger } from '@leadbridge/service-kit';
import {
  attemptEntry,
  type ActivityLead,
  type AttemptRecord,
  type OperatorAction,
} from './activity-events';
import { createEventBatcher } from './event-batcher';
import type { ActivityStore } from './record-event';

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

/**
 * The events of the leads in flight at the same moment are recorded together, one script call
 * for many (see event-batcher.ts).
 */
export function createLeadActivityWriter(options: LeadActivityWriterOptions): LeadActivityWriter {
  const record = createEventBatcher({ ...options, timeoutMs: options.timeoutMs ?? 500 });
  return {
    received: (lead) =>
      record({
        id: lead.id,
        lead,
        entry: { at: lead.receivedAt, kind: 'received', source: lead.source },
      }),
    routed: (lead, routing, at = new Date()) =>
      record({
        id: lead.id,
        lead,
        entry: {
          at: at.toISOString(),
          kind: 'routed',
          destinations: routing.destinations,
          reason: routing.reason,
        },
      }),
    unmatched: (lead, reason, at = new Date()) =>
      record({ id: lead.id, lead, entry: { at: at.toISOString(), kind: 'unmatched', reason } }),
    attempt: (lead, attempt, at = new Date()) =>
      record({
        id: lead.id,
        lead,
        entry: attemptEntry(attempt, at),
        ...(attempt.failureClass !== undefined ? { failureClass: attempt.failureClass } : {}),
      }),
    operatorAction: (leadId, action, at = new Date()) =>
      record({ id: leadId, lead: undefined, entry: { at: at.toISOString(), ...action } }),
  };
}
