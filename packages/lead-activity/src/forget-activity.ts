import { activityKeys } from './activity-keys';
import { FORGET_COMMAND } from './forget-script';
import type { ActivityStore } from './record-event';
import { withActivityScripts } from './redis-commands';

/**
 * An erasure: removes these leads' activity (summary, timeline, index entries); the day counters
 * hold no personal data and stay. Resolves with how many leads had activity.
 */
export async function forgetLeadActivity(
  store: Pick<ActivityStore, 'connection' | 'prefix'>,
  leadIds: Iterable<string>,
): Promise<number> {
  const keys = activityKeys(store.prefix);
  const connection = withActivityScripts(store.connection);
  let forgotten = 0;
  for (const id of new Set(leadIds)) {
    const removed = await connection[FORGET_COMMAND](
      keys.summary(id),
      keys.timeline(id),
      keys.base,
      id,
    );
    if (removed === 1) forgotten += 1;
  }
  return forgotten;
}
