import { testRedisUrl } from '@leadbridge/test-support';
import { UnrecoverableError, Worker, type Queue } from 'bullmq';

/**
 * Runs a worker that gives up on every job of the queue until the job with this id has failed,
 * as the real worker does when a destination refuses a lead for good.
 */
export async function failJob(queue: Queue, id: string, prefix: string): Promise<void> {
  const worker = new Worker(
    queue.name,
    async () => {
      throw new UnrecoverableError('refused for good (test)');
    },
    { connection: { url: testRedisUrl() }, prefix },
  );
  try {
    for (let tries = 0; tries < 100; tries++) {
      if ((await queue.getJobState(id)) === 'failed') return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`job ${id} did not fail`);
  } finally {
    await worker.close();
  }
}
