import type { OperatorAction } from './activity-events';
import { recordEvent, type ActivityStore } from './record-event';

/**
 * Records that a person retried a lead's delivery or replayed the lead, for the admin listener:
 * resolves with false when the lead's activity is unknown or expired (nothing is recorded then),
 * and rejects when Redis cannot be reached, so the caller decides whether that matters.
 */
export function recordOperatorAction(
  store: Pick<ActivityStore, 'connection' | 'prefix'>,
  leadId: string,
  action: OperatorAction,
  at: Date = new Date(),
): Promise<boolean> {
  const { kind, by, destination } = action;
  return recordEvent(store, leadId, undefined, {
    at: at.toISOString(),
    kind,
    by,
    ...(destination !== undefined ? { destination } : {}),
  });
}
