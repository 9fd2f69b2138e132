// `npm run check`: checks the worker's Dynamics 365 credentials and setup before the first lead.
import { readConfigOrExit } from '@leadbridge/service-kit';
import { checkDepsFor } from './check/check-deps';
import { formatReport } from './check/format-report';
import { runCheck } from './check/run-check';
import { readWorkerConfig } from './config';

async function main(): Promise<number> {
  const config = readConfigOrExit('check', readWorkerConfig);
  const report = await runCheck(checkDepsFor(config));
  process.stdout.write(formatReport(report));
  return report.passed ? 0 : 1;
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
