import type { CheckReport } from './check-report';

/**
 * The check's advice names the environment variables a worker without a configuration file
 * reads. For a destination of the file the same settings are keys of its entry: this puts those
 * names in the advice instead, so it says what to change where it is written.
 */
const FILE_KEYS: ReadonlyArray<readonly [variable: string, key: string]> = [
  ['AZURE_CLIENT_CERTIFICATE_PATH', "the destination's clientCertificatePath"],
  ['AZURE_CLIENT_SECRET', 'the variable its clientSecretEnv names'],
  [
    'AZURE_FEDERATED_TOKEN_FILE',
    "the destination's federatedTokenFile (or AZURE_FEDERATED_TOKEN_FILE)",
  ],
  ['AZURE_AUTHORITY_HOST', "the destination's authorityHost"],
  ['AZURE_TENANT_ID', "the destination's tenantId"],
  ['AZURE_CLIENT_ID', "the destination's clientId"],
  ['DATAVERSE_URL', "the destination's url"],
];

function rename(text: string): string {
  return FILE_KEYS.reduce((result, [variable, key]) => result.split(variable).join(key), text);
}

/** The report with its advice worded for a destination of the configuration file. */
export function withFileSettingNames(report: CheckReport): CheckReport {
  return {
    ...report,
    steps: report.steps.map((step) =>
      step.status === 'failed'
        ? {
            ...step,
            cause: {
              ...step.cause,
              explanation: rename(step.cause.explanation),
              remedy: rename(step.cause.remedy),
            },
          }
        : step,
    ),
  };
}
