// `npm run check`: checks each Dynamics 365 destination's credentials, setup and mapping, each
// chat destination's webhook URL, and the Redis that holds the leads, before the first lead.
import { DEFAULT_BULK_WRITES } from '@leadbridge/config';
import { readConfigOrExit } from '@leadbridge/service-kit';
import { formatRedisReport } from './check/format-redis-report';
import { runRedisCheck } from './check/run-redis-check';
import type { CheckReport } from './destinations/dataverse/check/check-report';
import { checkDepsFor } from './destinations/dataverse/check/check-deps';
import { withFileSettingNames } from './destinations/dataverse/check/file-setting-names';
import { formatReport } from './destinations/dataverse/check/format-report';
import { runCheck } from './destinations/dataverse/check/run-check';
import { dataverseConnection, mappingOf } from './destinations/dataverse/dataverse-from-config';
import { checkChatDestination, formatChatReport } from './destinations/chat/check/check-chat';
import { readWorkerSettings } from './worker-settings';

async function main(): Promise<number> {
  const settings = readConfigOrExit('check', readWorkerSettings);
  const reports: CheckReport[] = [];
  const dataverse = settings.destinations.flatMap((d) => (d.type === 'dataverse' ? [d] : []));
  const chat = settings.destinations.flatMap((d) => (d.type === 'chat' ? [d] : []));
  if (settings.kind === 'file' && dataverse.length === 0 && chat.length === 0) {
    process.stdout.write(`${settings.path} has no Dataverse or chat destination to check.\n`);
  }
  for (const destination of dataverse) {
    const connection = readConfigOrExit('check', (env) =>
      dataverseConnection(destination, { ...settings.process, env }),
    );
    const deps = checkDepsFor(connection, { proxy: settings.process.proxy });
    // As the worker runs it: the destination's own bulkWrites over DATAVERSE_BULK_*.
    const bulk = {
      bulkWrites: {
        ...DEFAULT_BULK_WRITES,
        ...settings.process.dataverse.bulkWrites,
        ...destination.bulkWrites,
      },
    };
    // Without a file the report speaks of the environment variables, and the default mapping's
    // text column lengths are checked, as they always were.
    const report =
      settings.kind === 'file'
        ? withFileSettingNames(
            await runCheck(deps, {
              mapping: mappingOf(destination),
              destination: destination.name,
              ...bulk,
            }),
          )
        : await runCheck(deps, bulk);
    reports.push(report);
  }
  const chatReports = chat.map((destination) => checkChatDestination(destination, process.env));
  const redis = await runRedisCheck(settings.process.redis);
  process.stdout.write(
    [
      ...reports.map((report) => formatReport(report)),
      ...chatReports.map(formatChatReport),
      formatRedisReport(redis),
    ].join('\n'),
  );
  return [...reports, ...chatReports].every((report) => report.passed) && redis.passed ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`leadbridge check: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
