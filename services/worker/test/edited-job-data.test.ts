import { randomUUID } from 'node:crypto';
import { createWorkerConnection } from '@leadbridge/service-kit';
import { documentedExample, testRedisUrl } from '@leadbridge/test-support';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { eventually, jobIn, startStack, type Stack } from './stack';

// Job data is read back from Redis, where anyone with access to it (or to the dashboard) can
// change it. The worker checks it before it builds a URL or a record from it.
jest.setTimeout(30_000);

let stack: Stack | undefined;
let redis: Redis | undefined;

afterEach(async () => {
  redis?.disconnect();
  redis = undefined;
  await stack?.close();
  stack = undefined;
});

type JobData = Record<string, unknown> & { lead: { UserDetails: Record<string, unknown> } };

/**
 * Posts a lead while `queue` is paused, rewrites its job's data in Redis with `edit`, then lets
 * the worker take it.
 */
async function postEdited(
  s: Stack,
  queue: Queue,
  edit: (data: JobData) => JobData,
): Promise<string> {
  redis = createWorkerConnection(testRedisUrl());
  await queue.pause();
  const id = await s.post(documentedExample);
  const key = queue.toKey(id);
  const stored = await eventually(() => redis?.hget(key, 'data'));
  await redis.hset(key, 'data', JSON.stringify(edit(JSON.parse(stored) as JobData)));
  await queue.resume();
  return id;
}

const towardsAnotherTable = (data: JobData) => ({
  ...data,
  leadId: `${String(data.leadId)})/../accounts(${randomUUID()}`,
});
const emailAsList = (data: JobData) => ({
  ...data,
  lead: {
    ...data.lead,
    UserDetails: { ...data.lead.UserDetails, Email: ['someone@contoso.com', 'x@example.com'] },
  },
});

describe('a job whose data was edited in Redis', () => {
  it.each([
    ['a routing job', 'a lead id that climbs into another table', 'lead', towardsAnotherTable],
    ['a delivery job', 'a lead id that climbs into another table', 'delivery', towardsAnotherTable],
    ['a routing job', 'an e-mail address that is not a string', 'lead', emailAsList],
    ['a delivery job', 'an e-mail address that is not a string', 'delivery', emailAsList],
  ] as const)(
    '%s with %s fails at once, says why without personal data, and reaches no Dataverse table',
    async (_job, problem, which, edit) => {
      stack = await startStack();
      const queue = which === 'lead' ? stack.worker.queue : stack.deliveries;

      const id = await postEdited(stack, queue, edit);

      const failed = await jobIn(stack, id, 'failed', queue);
      expect(failed.attemptsMade).toBe(1);
      const field = problem.startsWith('a lead id') ? 'leadId' : 'lead.UserDetails.Email';
      expect(failed.failedReason).toContain('job data does not match the lead contract');
      expect(failed.failedReason).toContain(field);
      for (const personal of ['someone@contoso.com', 'accounts(', 'Some', 'One']) {
        expect(failed.failedReason).not.toContain(personal);
      }
      // Nothing was sent to Dataverse at all: no lead, no other table.
      const { requests } = stack.sim.stats();
      expect({ leads: requests.leads, other: requests.other }).toEqual({
        leads: undefined,
        other: undefined,
      });
      expect(stack.sim.leads()).toHaveLength(0);
    },
  );

  it('a delivery job naming another destination fails at once, naming the field', async () => {
    stack = await startStack();

    const id = await postEdited(stack, stack.deliveries, (data) => ({
      ...data,
      destination: 'elsewhere',
    }));

    const failed = await jobIn(stack, id, 'failed');
    expect(failed.attemptsMade).toBe(1);
    expect(failed.failedReason).toContain('destination');
    expect(stack.sim.leads()).toHaveLength(0);
  });

  it('even past those checks, the Dataverse client builds no URL from a record id that is not a GUID', async () => {
    stack = await startStack();
    const id = `${randomUUID()})/../accounts(${randomUUID()}`;

    await expect(stack.dataverse.createLeadOnce(id, { lastname: 'One' })).rejects.toThrow(
      'writing the lead: the record id is not a GUID',
    );
    await expect(stack.dataverse.updateLead(id, { description: 'x' }, 'W/"1"')).rejects.toThrow(
      'updating the open lead: the record id is not a GUID',
    );
    expect(stack.sim.stats().requests).toEqual({});
  });
});
