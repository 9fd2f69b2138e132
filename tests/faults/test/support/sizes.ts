/**
 * `FAULT_SUITE=ci` (the default) keeps each file within about a minute on two cores;
 * `FAULT_SUITE=full` runs the full sizes.
 */
export const FULL = process.env.FAULT_SUITE === 'full';

export const sizes = FULL
  ? {
      killedWorkerLeads: 2_000,
      killedWorkerRate: 100,
      faultLeads: 600,
      outageMs: 60_000,
      redisDownMs: 10_000,
      scaleOutLeads: 2_000,
      failoverLeads: 2_000,
      failoverRate: 100,
    }
  : {
      killedWorkerLeads: 300,
      killedWorkerRate: 50,
      faultLeads: 150,
      outageMs: 5_000,
      redisDownMs: 3_000,
      scaleOutLeads: 300,
      failoverLeads: 120,
      failoverRate: 30,
    };

/**
 * Time to let a scenario settle after its last fault. The worker retries transient failures after
 * 2 s, doubling up to 15 min (plus up to a quarter of jitter): a lead that failed all through a
 * 60 s outage has its next try up to about 80 s after the outage began, and one whose try just
 * missed the end waits up to another 80 s.
 */
export const settleMs = FULL ? 240_000 : 45_000;
