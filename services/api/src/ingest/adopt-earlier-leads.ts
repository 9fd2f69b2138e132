import { checkLeadJobData, contentKeyFor, type LeadJobData } from '@leadbridge/lead-model';
import type { Job, JobType, Queue } from 'bullmq';
import { connectionReady, type RedisConnection } from '@leadbridge/service-kit';

/** Every state a stored lead can be in; those finished are kept for days and count too. */
const STATES: JobType[] = [
  'waiting',
  'active',
  'delayed',
  'prioritized',
  'waiting-children',
  'completed',
  'failed',
];

const PAGE = 500;

/**
 * Versions before the redelivery window used the content key as the lead id and stored no
 * deduplication key. This gives each such lead still inside the window the key it would have had,
 * so a redelivery of it arriving just after an upgrade is answered `duplicate` instead of becoming
 * a second event. Runs once per queue (a marker remembers it); two replicas starting together do
 * the same harmless work. Resolves with the number of leads given a key.
 */
export async function adoptEarlierLeads(
  queue: Queue<LeadJobData>,
  client: RedisConnection,
  windowMs: number,
  now = Date.now(),
): Promise<number> {
  await connectionReady(client);
  const marker = queue.toKey('leadbridge:dedupe-adopted');
  if ((await client.exists(marker)) === 1) return 0;
  let adopted = 0;
  for (const state of STATES) {
    for (let start = 0; ; start += PAGE) {
      const jobs = await queue.getJobs([state], start, start + PAGE - 1, true);
      for (const job of jobs) if (await adopt(job)) adopted += 1;
      if (jobs.length < PAGE) break;
    }
  }
  await client.set(marker, new Date(now).toISOString());
  return adopted;

  async function adopt(job: Job<LeadJobData>): Promise<boolean> {
    const left = job.timestamp + windowMs - now;
    if (left <= 0 || job.deduplicationId !== undefined || !job.id) return false;
    const checked = checkLeadJobData(job.data);
    if (!checked.ok || contentKeyFor(checked.data.lead) !== job.id) return false;
    const set = await client.set(`${queue.keys.de}:${job.id}`, job.id, 'PX', left, 'NX');
    return set === 'OK';
  }
}
