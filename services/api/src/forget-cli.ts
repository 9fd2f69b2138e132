// `npm run forget -- <e-mail>`: a data-subject request. Removes the person's leads from the spool,
// every queue, the lookup index, the received ledger and the leads pages' activity, and names what
// was delivered (Dynamics records, e-mails) so it can be erased there too. Run it with the API
// stopped: the spool is the API's, and a running API would move a spooled lead to the queues
// behind the command's back; it refuses otherwise.
import { userInfo } from 'node:os';
import { resolve } from 'node:path';
import { forgetLeadActivity } from '@leadbridge/lead-activity';
import {
  connectionReady,
  createLogger,
  createProducerConnection,
  describeRedis,
  readConfigOrExit,
  withTimeout,
} from '@leadbridge/service-kit';
import { auditLog } from './admin/audit';
import { readForgetConfig } from './forget/forget-config';
import { forgetJobs } from './forget/forget-jobs';
import { erasureReport } from './forget/forget-report';
import { forgetInSpool, type SpoolErasure } from './forget/forget-spool';
import { SpoolInUseError } from './forget/spool-takeover';
import { createEmailIndex, normaliseEmail } from './ingest/email-index';
import { createLookupHash } from './ingest/lookup-hash';
import { createReceivedLedger } from './ingest/received-ledger';

const USAGE = `usage: npm run forget -- <e-mail address>
   or: docker compose run --rm forget <e-mail address>
`;
// A delivery in progress ends within a Dataverse timeout (30 s) or a lock duration (30 s).
const WAIT_FOR_DELIVERIES_MS = 60_000;

function apiRunning({ directories }: SpoolInUseError): string {
  return [
    'leadbridge forget: The API must be stopped first. These spool directories belong to an API',
    'that is running (or that stopped less than a minute ago without shutting down cleanly):',
    ...directories.map((dir) => `  ${dir}`),
    'Nothing was changed. Stop the API (docker compose stop api) and run the command again.',
    '',
  ].join('\n');
}

/** Who ran the command: the OS user (a container's user may have no name, only a uid). */
function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? `uid ${process.getuid?.() ?? 'unknown'}`;
  }
}

async function main(args: readonly string[]): Promise<number> {
  const [address, ...rest] = args;
  if (address === undefined || rest.length > 0 || !address.includes('@')) {
    process.stderr.write(USAGE);
    return 2;
  }
  const config = readConfigOrExit('forget', readForgetConfig);
  const email = normaliseEmail(address);
  const spoolDir = resolve(config.spoolDir);
  // On stderr, so the report on stdout stays plain text.
  const logger = createLogger({ service: 'forget', stream: process.stderr });
  const redis = createProducerConnection(config.redis);
  redis.on('error', () => undefined); // a Redis that cannot be reached is reported below
  try {
    await withTimeout(
      connectionReady(redis),
      10_000,
      `connecting to Redis (${describeRedis(config.redis)})`,
    );
    // The spool first: once it holds none of the person's leads, none can reach the queues
    // after they were searched.
    let spool: SpoolErasure;
    try {
      spool = await forgetInSpool(spoolDir, email, logger);
    } catch (error) {
      if (!(error instanceof SpoolInUseError)) throw error;
      process.stderr.write(apiRunning(error));
      return 1;
    }
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
    const hash = createLookupHash({
      connection: redis,
      prefix: config.queuePrefix,
      ...(config.lookupHashKey ? { key: config.lookupHashKey } : {}),
    });
    const indexIds = await createEmailIndex({
      connection: redis,
      prefix: config.queuePrefix,
      hash,
    }).forget(email);
    const ledger = createReceivedLedger({ connection: redis, prefix: config.queuePrefix, hash });
    const ledgerIds = (await ledger.forget(email)).map((record) => record.leadId);
    // Every lead of the person's found anywhere: its summary, timeline and index entries go; the
    // overview's day counts name no lead and stay.
    const activityLeads = await forgetLeadActivity(
      { connection: redis, prefix: config.queuePrefix },
      [
        ...[...jobs.removed, ...jobs.busy].map((job) => job.leadId),
        ...indexIds,
        ...ledgerIds,
        ...spool.leadIds,
      ],
    );
    const report = erasureReport({
      jobs,
      indexIds,
      ledgerIds,
      spool,
      spoolDir,
      activityLeads,
    });
    process.stdout.write(report.text);
    // Ids and counts only.
    auditLog(
      logger,
      { actor: osUser(), action: 'erase', outcome: report.complete ? 'complete' : 'incomplete' },
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
