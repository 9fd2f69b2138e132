// Puts `count` distinct leads on the lead queue, as the API stores them.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { createQueueLeadStore } = require('@leadbridge/api');
const { createProducerConnection } = require('@leadbridge/service-kit');
const { describeOrigin, newLeadId, parseLead } = require('@leadbridge/lead-model');

export async function fillQueue(redisUrl, prefix, count) {
  const connection = createProducerConnection(redisUrl);
  const store = createQueueLeadStore({ connection, prefix });
  const batch = [];
  for (let n = 0; n < count; n++) {
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
