// `npm run forget -- <e-mail>`: a data-subject request. Removes the person's leads from every
// queue, the lookup index and the spool, and names what was delivered (Dynamics records, e-mails)
// so it can be erased there too. Run it with the API stopped (the spool is the API's).
import { resolve } from 'node:path';
import {
  connectionReady,
  createLogger,
  createProducerConnection,
  readConfigOrExit,
  withTimeout,
} from '@leadbridge/service-kit';
import { readForgetConfig } from './forget/forget-config';
import { forgetJobs } from './forget/forget-jobs';
import { erasureReport } from './forget/forget-report';
import { forgetInSpool } from './forget/forget-spool';
import { createEmailIndex, normaliseEmail } from './ingest/email-index';

const USAGE = `usage: npm run forget -- <e-mail address>
   or: docker compose run --rm forget <e-mail address>
`;
// A delivery in progress ends within a Dataverse timeout (30 s) or a lock duration (30 s).
const WAIT_FOR_DELIVERIES_MS = 60_000;

async function main(args: readonly string[]): Promise<number> {
  const [address, ...rest] = args;
  if (address === undefined || rest.length > 0 || !address.includes('@')) {
    process.stderr.write(USAGE);
    return 2;
  }
  const config = readConfigOrExit('forget', readForgetConfig);
  const email = normaliseEmail(address);
  const spoolDir = resolve(config.spoolDir);
  const redis = createProducerConnection(config.redisUrl);
  redis.on('error', () => undefined); // a Redis that cannot be reached is reported below
  try {
    await withTimeout(connectionReady(redis), 10_000, 'connecting to Redis (REDIS_URL)');
    process.stdout.write('Erasing the leads of one e-mail address from Leadbridge.\n\n');
    let told = false;
    const jobs = await forgetJobs({
      redis,
      prefix: config.queuePrefix,
      email,
      waitMs: WAIT_FOR_DELIVERIES_MS,
      onWait(busy) {
        if (told) return;
        told = true;
        process.stdout.write(`Waiting for ${busy} deliveries in progress to finish…\n\n`);
      },
    });
    const index = createEmailIndex({
      connection: redis,
      prefix: config.queuePrefix,
      ...(config.lookupHashKey ? { key: config.lookupHashKey } : {}),
    });
    const indexIds = await index.forget(email);
    const spool = await forgetInSpool(spoolDir, email);
    const report = erasureReport({ jobs, indexIds, spool, spoolDir });
    process.stdout.write(report.text);
    // On stderr, so the report on stdout stays plain text; ids and counts only.
    createLogger({ service: 'forget', stream: process.stderr }).info(
      'personal data erased on request',
      report.audit,
    );
    return report.complete ? 0 : 1;
  } finally {
    redis.disconnect();
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`leadbridge forget: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
