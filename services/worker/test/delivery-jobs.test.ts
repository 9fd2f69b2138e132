import { randomUUID } from 'node:crypto';
import {
  DELIVER_TO_DESTINATION_JOB,
  LEAD_JOB_OPTIONS,
  type DestinationJobData,
} from '@leadbridge/lead-model';
import { testRedisUrl } from '@leadbridge/test-support';
import { Queue } from 'bullmq';
import { batchedDeliveryAdds } from '../src/routing/delivery-jobs';

/** Only what the router's add carries through: the queue stores the data as given. */
function delivery(leadId: string): DestinationJobData {
  return { leadId, destination: 'dynamics' } as unknown as DestinationJobData;
}

describe('the deliveries routed together', () => {
  const queues: Queue<DestinationJobData>[] = [];
  const queue = () => {
    const created = new Queue<DestinationJobData>('leadbridge-to-dynamics', {
      connection: { url: testRedisUrl() },
      prefix: `test-${randomUUID()}`,
    });
    queues.push(created);
    return created;
  };

  afterEach(async () => {
    for (const item of queues.splice(0)) {
      await item.obliterate({ force: true });
      await item.close();
    }
  });

  it('are added in one round trip, each as queue.add adds it, a lead routed twice once', async () => {
    const deliveries = queue();
    const add = batchedDeliveryAdds();
    const leads = Array.from({ length: 5 }, () => randomUUID());
    const bulk = jest.spyOn(deliveries, 'addBulk');

    await Promise.all(
      [...leads, leads[0] ?? ''].map((leadId) =>
        add(deliveries, DELIVER_TO_DESTINATION_JOB, delivery(leadId), {
          ...LEAD_JOB_OPTIONS,
          jobId: leadId,
        }),
      ),
    );

    expect(bulk).toHaveBeenCalledTimes(1);
    expect(await deliveries.getWaitingCount()).toBe(5);
    const job = await deliveries.getJob(leads[1] ?? '');
    expect(job?.name).toBe(DELIVER_TO_DESTINATION_JOB);
    expect(job?.data).toEqual(delivery(leads[1] ?? ''));
    expect(job?.opts).toMatchObject({
      attempts: LEAD_JOB_OPTIONS.attempts,
      backoff: LEAD_JOB_OPTIONS.backoff,
    });
  });

  it('are added one by one when their batch fails, each caller told of its own job', async () => {
    const deliveries = queue();
    const add = batchedDeliveryAdds();
    jest.spyOn(deliveries, 'addBulk').mockRejectedValueOnce(new Error('connection lost'));
    const good = randomUUID();

    const outcomes = await Promise.allSettled([
      add(deliveries, DELIVER_TO_DESTINATION_JOB, delivery(good), { jobId: good }),
      // BullMQ refuses this id, so this add alone fails.
      add(deliveries, DELIVER_TO_DESTINATION_JOB, delivery('0'), { jobId: '0' }),
    ]);

    expect(outcomes.map(({ status }) => status)).toEqual(['fulfilled', 'rejected']);
    expect(await deliveries.getJob(good)).toBeDefined();
  });
});
