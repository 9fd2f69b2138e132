import { withTimeout, type Logger } from '@leadbridge/service-kit';
import { recordEvents, type ActivityEvent, type ActivityStore } from './record-event';

/**
 * The most events one script call carries: Redis runs nothing else while a script runs, so a
 * call is kept to a few milliseconds even when a backlog brings many events at once.
 */
export const MAX_EVENTS_PER_CALL = 64;

export interface EventBatcherOptions extends ActivityStore {
  /** Told, without any lead data, when an event could not be recorded. */
  logger: Pick<Logger, 'warn'>;
  /** The longest a call is waited for. */
  timeoutMs: number;
}

/**
 * Records events in few round trips: the events of every lead this process handles in one turn
 * of the event loop go to Redis together, in the order they came, as one script call per
 * MAX_EVENTS_PER_CALL. With many leads in flight this is one call for many events instead of one
 * each. Each event's promise resolves, never rejects, once its call is over or timed out.
 */
export function createEventBatcher(
  options: EventBatcherOptions,
): (event: ActivityEvent) => Promise<void> {
  let pending: { event: ActivityEvent; done: () => void }[] = [];

  const send = async (batch: typeof pending) => {
    try {
      await withTimeout(
        recordEvents(
          options,
          batch.map(({ event }) => event),
        ),
        options.timeoutMs,
        'recording lead activity',
      );
    } catch (error) {
      // The error's name and the event's kind only: a Redis error may quote the script's arguments.
      for (const { event } of batch) {
        options.logger.warn('lead activity not recorded: the lead goes on regardless', {
          leadId: event.id,
          event: event.entry.kind,
          error: error instanceof Error ? error.name : 'unknown',
        });
      }
    } finally {
      for (const { done } of batch) done();
    }
  };

  const flush = () => {
    const taken = pending;
    pending = [];
    for (let start = 0; start < taken.length; start += MAX_EVENTS_PER_CALL) {
      void send(taken.slice(start, start + MAX_EVENTS_PER_CALL));
    }
  };

  return (event) =>
    new Promise<void>((done) => {
      // After the I/O of this turn, so every lead whose answer came in it adds its event first.
      if (pending.length === 0) setImmediate(flush);
      pending.push({ event, done });
    });
}
