// Leadbridge's ingest app as `main.ts` builds it, with a real Redis, quiet logs.
import { createRequire } from 'node:module';
import { Writable } from 'node:stream';

const require = createRequire(import.meta.url);
const { createApp, createQueueLeadStore, createEmailIndex } = require('@leadbridge/api');
const { createLogger, createProducerConnection } = require('@leadbridge/service-kit');

const connection = createProducerConnection(process.env.REDIS_URL);
const emailIndex = createEmailIndex({ connection, prefix: process.env.QUEUE_PREFIX });
const store = createQueueLeadStore({ connection, prefix: process.env.QUEUE_PREFIX, emailIndex });
// Logs are produced and formatted as in production, then dropped, so logging cost is measured.
const sink = new Writable({ write: (_chunk, _encoding, done) => done() });
const app = createApp({
  logger: createLogger({ service: 'api', stream: sink }),
  store,
  ingestSecrets: [process.env.INGEST_SECRETS],
});
const server = app.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  process.send?.({ ready: server.address().port });
});

// Exit normally on SIGTERM so a CPU profile (BENCH_PROFILE_DIR) is written.
process.on('SIGTERM', () => process.exit(0));
