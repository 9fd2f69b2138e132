// Puts `count` distinct leads on the lead queue, as the API stores them. Leads are numbered from
// `first`: a second fill of the same queue needs its own numbers, or its leads are the first
// fill's content again and are stored as redeliveries of them, not as new jobs.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { createQueueLeadStore } = require('@leadbridge/api');
const { createProducerConnection } = require('@leadbridge/service-kit');
const { describeOrigin, newLeadId, parseLead } = require('@leadbridge/lead-model');

export async function fillQueue(redisUrl, prefix, count, first = 0) {
  const connection = createProducerConnection(redisUrl);
  const store = createQueueLeadStore({ connection, prefix });
  const batch = [];
  for (let n = first; n < first + count; n++) {
    const parsed = parseLead({
      UserDetails: { LastName: `Lead ${n}`, Email: `drain${n}@example.com` },
      OfferTitle: 'Widget',
      Description: `drain ${prefix} ${n}`,
    });
    const lead = parsed.lead;
    batch.push(
      store.put({
        leadId: newLeadId(),
        requestId: `drain-${n}`,
        receivedAt: new Date().toISOString(),
        rawBody: '{}',
        lead,
        origin: describeOrigin(lead),
      }),
    );
    if (batch.length === 200) await Promise.all(batch.splice(0));
  }
  await Promise.all(batch);
  await store.close();
  connection.disconnect();
}
