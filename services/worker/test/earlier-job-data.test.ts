import {
  LEAD_JOB_OPTIONS,
  describeOrigin,
  contentKeyFor,
  parseLead,
  type LeadJobData,
} from '@leadbridge/lead-model';
import { documentedExample } from '@leadbridge/test-support';
import type { Queue } from 'bullmq';
import { eventually, jobIn, startStack, type Stack } from './stack';

// Jobs stay in Redis (and in the API's spool) across an upgrade: a worker must still deliver
// what an earlier version queued, whose job data named the request id `correlationId`.
jest.setTimeout(30_000);

let stack: Stack | undefined;

afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

/** Job data as versions before `requestId` wrote it. */
function earlierJobData(requestId: string) {
  const parsed = parseLead(documentedExample);
  if (!parsed.ok) throw new Error('fixture must be valid');
  return {
    leadId: contentKeyFor(parsed.lead),
    correlationId: requestId,
    receivedAt: new Date().toISOString(),
    rawBody: JSON.stringify(documentedExample),
    lead: parsed.lead,
    origin: describeOrigin(parsed.lead),
  };
}

describe('a lead queued by an earlier version', () => {
  it.each([
    ['a routing job named deliver-lead', 'lead'],
    ['a delivery job', 'delivery'],
  ] as const)('as %s is delivered, and its log lines carry its request id', async (_job, which) => {
    stack = await startStack();
    const data = earlierJobData('earlier-request-7');
    const [queue, name, stored] =
      which === 'lead'
        ? [stack.worker.queue as Queue, 'deliver-lead', data]
        : [stack.deliveries as Queue, 'deliver', { ...data, destination: 'dynamics' }];

    await queue.add(name, stored, { ...LEAD_JOB_OPTIONS, jobId: data.leadId });

    const record = await eventually(() =>
      stack?.sim.leads().find((lead) => lead.leadid === data.leadId),
    );
    expect(record.emailaddress1).toBe('someone@contoso.com');
    const delivered = await jobIn(stack, data.leadId, 'completed');
    expect(stack.logs.entries()).toContainEqual(
      expect.objectContaining({
        leadId: data.leadId,
        requestId: 'earlier-request-7',
        destination: 'dynamics',
      }),
    );
    if (which === 'lead') {
      // Routed on, it carries the request id under its present name, and under the earlier one
      // for a worker of the previous version during a rolling upgrade.
      const routed = delivered.data as LeadJobData & Record<string, unknown>;
      expect(routed.requestId).toBe('earlier-request-7');
      expect(routed.correlationId).toBe('earlier-request-7');
    }
  });
});
