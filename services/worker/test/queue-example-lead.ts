import { createQueueLeadStore } from '@leadbridge/api';
import { describeOrigin, newLeadId, parseLead } from '@leadbridge/lead-model';
import { createProducerConnection } from '@leadbridge/service-kit';
import { documentedExample, testRedisUrl } from '@leadbridge/test-support';

/**
 * Queues the documented example lead, with `changes`, on `prefix` of the test Redis, as the
 * ingest API does; resolves to its lead id.
 */
export async function queueExampleLead(prefix: string, changes: object = {}): Promise<string> {
  const producer = createProducerConnection(testRedisUrl());
  const store = createQueueLeadStore({ connection: producer, prefix });
  const parsed = parseLead({ ...documentedExample, ...changes });
  if (!parsed.ok) throw new Error('fixture must be valid');
  const { leadId } = await store.put({
    leadId: newLeadId(),
    requestId: `test-${prefix}`,
    receivedAt: new Date().toISOString(),
    rawBody: '{}',
    lead: parsed.lead,
    origin: describeOrigin(parsed.lead),
  });
  await store.close();
  producer.disconnect();
  return leadId;
}
