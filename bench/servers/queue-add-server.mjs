// Middle baseline: the bare app plus one plain BullMQ `queue.add` per request (random job id, the
// lead queue's job options), so the cost of storing a job is seen apart from Leadbridge's checks.
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import express from 'express';

const require = createRequire(import.meta.url);
const { Queue } = require('bullmq');
const { createProducerConnection, readRedisSettings } = require('@leadbridge/service-kit');
const { ROUTE_LEAD_JOB, LEAD_JOB_OPTIONS, LEAD_QUEUE } = require('@leadbridge/lead-model');

// The Redis settings as the API reads them, so the baseline stores where the API does.
const redis = readRedisSettings(process.env);
const queue = new Queue(LEAD_QUEUE, {
  connection: createProducerConnection(redis),
  prefix: redis.queuePrefix,
});
const app = express();
app.post('/leads', express.json({ limit: '64kb' }), async (req, res) => {
  const id = randomUUID();
  await queue.add(ROUTE_LEAD_JOB, req.body, { ...LEAD_JOB_OPTIONS, jobId: id });
  res.status(202).json({ id, status: 'accepted' });
});
const server = app.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  process.send?.({ ready: server.address().port });
});

// Its own CPU time on request, for bench/ingest-steps.mjs (to the microsecond, unlike /proc).
process.on('message', (message) => {
  if (message === 'cpu') process.send?.({ cpu: process.cpuUsage() });
});

// Exit normally on SIGTERM so a CPU profile (BENCH_PROFILE_DIR) is written.
process.on('SIGTERM', () => process.exit(0));
