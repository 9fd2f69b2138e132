import type { RedisConnection } from '@leadbridge/service-kit';
import { activityKeys, utcDay } from './activity-keys';
import { receivedEntry, type ActivityLead } from './activity-events';
import type { TimelineEvent } from './activity-types';
import { withActivityScripts } from './redis-commands';
import { RECORD_COMMAND } from './record-script';

const DAY_MS = 24 * 60 * 60 * 1000;

/** How long per-lead activity stays unless configured otherwise (LEAD_ACTIVITY_DAYS). */
export const DEFAULT_ACTIVITY_RETENTION_DAYS = 30;
/** The overview's counters: a year's charts and a month to compare with. */
export const COUNTER_RETENTION_DAYS = 400;
/** A lead retried every few minutes for a day has a few hundred events: keep the newest. */
export const MAX_TIMELINE_EVENTS = 500;

export interface ActivityStore {
  connection: RedisConnection;
  /** The queue prefix (QUEUE_PREFIX, hash-tagged in Cluster mode). */
  prefix: string;
  /** How long a lead's activity is kept after its receipt. @defaultValue 30 */
  retentionDays?: number;
}

/** One event of one lead to record. */
export interface ActivityEvent {
  id: string;
  /**
   * With it, a lead not seen yet is recorded as received first; without, an unknown lead's event
   * is dropped.
   */
  lead: ActivityLead | undefined;
  entry: TimelineEvent;
  /** With a failed attempt: what the overview counts it under. */
  failureClass?: string;
}

/** The script's values for one event (see record-script.ts, RECORD_ARGS_PER_EVENT). */
function eventArguments({
  id,
  lead,
  entry,
  failureClass = '',
}: ActivityEvent): (string | number)[] {
  const at = Date.parse(entry.at);
  const leadArg = lead
    ? JSON.stringify({
        receivedAtMs: Date.parse(lead.receivedAt),
        receivedAt: lead.receivedAt,
        source: lead.source,
        offer: lead.offer,
        actionCode: lead.actionCode,
        isTestLead: lead.isTestLead,
        entry: JSON.stringify(receivedEntry(lead)),
      })
    : '';
  return [
    id,
    at,
    leadArg,
    JSON.stringify(entry),
    failureClass,
    utcDay(lead ? Date.parse(lead.receivedAt) : at),
    utcDay(at),
  ];
}

/**
 * Records events in one round trip, in their order, each atomically (see record-script.ts);
 * resolves with whether each was kept.
 */
export async function recordEvents(
  store: ActivityStore,
  events: readonly ActivityEvent[],
): Promise<boolean[]> {
  const keys = activityKeys(store.prefix);
  const retentionMs = (store.retentionDays ?? DEFAULT_ACTIVITY_RETENTION_DAYS) * DAY_MS;
  const eventKeys = events.flatMap(({ id }) => [keys.summary(id), keys.timeline(id)]);
  const recorded = await withActivityScripts(store.connection)[RECORD_COMMAND](
    eventKeys.length,
    ...eventKeys,
    keys.base,
    retentionMs,
    COUNTER_RETENTION_DAYS * 24 * 60 * 60,
    MAX_TIMELINE_EVENTS,
    Date.now(),
    ...events.flatMap(eventArguments),
  );
  return events.map((_event, n) => Array.isArray(recorded) && recorded[n] === 1);
}

/**
 * Records one event in one round trip (see record-script.ts); resolves with whether it was kept.
 * With `lead`, a lead not seen yet is recorded as received first; without, an unknown lead's
 * event is dropped.
 */
export async function recordEvent(
  store: ActivityStore,
  id: string,
  lead: ActivityLead | undefined,
  entry: TimelineEvent,
  failureClass = '',
): Promise<boolean> {
  const [recorded] = await recordEvents(store, [{ id, lead, entry, failureClass }]);
  return recorded === true;
}
