import type { Logger } from '@leadbridge/service-kit';
import { StoreUnavailableError, type LeadStore } from '../ingest/lead-store';
import type { LeadSpool } from './lead-spool';

/**
 * A lead store that never turns a lead away while the local disk can take it: when the queue is
 * unreachable the lead is spooled (and answered as accepted); only when the spool cannot be
 * written either does the caller get StoreUnavailableError, and a 503.
 */
export function withSpool(store: LeadStore, spool: LeadSpool, logger: Logger): LeadStore {
  return {
    queue: store.queue,
    async put(job) {
      try {
        return await store.put(job);
      } catch (error) {
        if (!(error instanceof StoreUnavailableError)) throw error;
        try {
          await spool.append(job);
        } catch (spoolError) {
          logger.error('lead not stored: queue unreachable and spool not writable', {
            error: spoolError,
          });
          throw error;
        }
        return { status: 'spooled', leadId: job.leadId };
      }
    },
    isReachable: () => store.isReachable(),
    spoolDepth: () => spool.depth(),
    spoolProblem: () => spool.problem(),
    close: () => store.close(),
  };
}

/**
 * Moves spooled leads to the queue every `intervalMs` while there are any and Redis answers, after
 * taking over the spools of processes that are gone. Returns a function that stops it.
 */
export function startSpoolDrain(
  store: LeadStore,
  spool: LeadSpool,
  logger: Logger,
  intervalMs = 1_000,
): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    void (async () => {
      try {
        await spool.adoptOrphans();
        if (spool.depth() === 0 || !(await store.isReachable())) return;
        const moved = await spool.drain((job) => store.put(job));
        if (moved > 0)
          logger.info('spooled leads moved to the queue', { moved, left: spool.depth() });
      } catch (error) {
        logger.warn('spool drain stopped; will try again', { error, left: spool.depth() });
      } finally {
        running = false;
      }
    })();
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
