import {
  DEFAULT_BULK_WRITES,
  readSecretEnv,
  type DataverseDestinationConfig,
} from '@leadbridge/config';
import { ConfigError } from '@leadbridge/service-kit';
import {
  compileMapping,
  type CompiledMapping,
  type MappingSpec,
} from '@leadbridge/lead-model/mapping';
import type { ClientCredential } from './dataverse-settings';
import type { Destination } from '../../delivery/destination';
import type { DestinationDeps } from '../../delivery/destination-deps';
import { createDataverseDelivery, type DataverseConnection } from './create-delivery';
import { createDataverseDestination } from './dataverse-destination';
import { managedIdentityEndpoint } from './managed-identity-endpoint';

/** The mapping, compiled; the configuration was validated at load, so a problem here is a bug. */
function compiled(
  spec: MappingSpec | undefined,
  columnLengths?: Readonly<Record<string, number>>,
): CompiledMapping {
  const { mapping, problems } = compileMapping(spec, columnLengths ? { columnLengths } : {});
  if (problems.length > 0) {
    throw new Error(`invalid mapping: ${problems.map((problem) => problem.message).join('; ')}`);
  }
  return mapping;
}

/**
 * The destination's credential, with what it names read from the environment: the secret, the
 * managed identity endpoint (msal-node reads it there too), the token file AKS sets.
 */
function credentialOf(
  config: DataverseDestinationConfig,
  env: Readonly<Record<string, string | undefined>>,
): ClientCredential {
  const where = `destination ${config.name}`;
  const credential = config.credential;
  switch (credential.kind) {
    case 'secret':
      return { kind: 'secret', clientSecret: readSecretEnv(credential.env, where, env) };
    case 'certificate':
      return { kind: 'certificate', certificatePath: credential.path };
    case 'managed-identity':
      return {
        kind: 'managed-identity',
        endpoint: managedIdentityEndpoint(env),
        ...(config.clientId !== undefined ? { userAssignedClientId: config.clientId } : {}),
      };
    case 'workload-identity': {
      const tokenFile = credential.tokenFile ?? env.AZURE_FEDERATED_TOKEN_FILE?.trim();
      if (!tokenFile) {
        throw new ConfigError(
          'AZURE_FEDERATED_TOKEN_FILE',
          `is required by ${where} (workload-identity), which gives no federatedTokenFile`,
        );
      }
      return { kind: 'workload-identity', tokenFile };
    }
  }
}

/**
 * How to reach a Dataverse destination of the file: its org, tenant, app and credential; what it
 * leaves out is the worker's own setting (AZURE_AUTHORITY_HOST, DATAVERSE_MAX_CONCURRENCY).
 */
export function dataverseConnection(
  config: DataverseDestinationConfig,
  deps: Pick<DestinationDeps, 'env' | 'requestTimeoutMs' | 'dataverse'>,
): DataverseConnection {
  const { env, requestTimeoutMs } = deps;
  return {
    dataverseUrl: config.url.replace(/\/+$/, ''),
    ...(config.tenantId !== undefined ? { tenantId: config.tenantId } : {}),
    ...(config.clientId !== undefined ? { clientId: config.clientId } : {}),
    credential: credentialOf(config, env),
    authorityHost: (config.authorityHost ?? deps.dataverse.authorityHost).replace(/\/+$/, ''),
    maxConcurrency: config.maxConcurrency ?? deps.dataverse.maxConcurrency,
    requestTimeoutMs,
  };
}

/** The destination's mapping, compiled as the worker writes it. */
export function mappingOf(config: DataverseDestinationConfig): CompiledMapping {
  return compiled(config.mapping, config.columnLengths);
}

/** A Dataverse destination of the settings, what its credential names read from the environment. */
export function dataverseFromConfig(
  config: DataverseDestinationConfig,
  deps: DestinationDeps,
): Destination {
  const connection = dataverseConnection(config, deps);
  const concurrency = connection.maxConcurrency;
  const { dataverse, tokens } = createDataverseDelivery(connection, {
    ...(deps.ca ? { ca: deps.ca } : {}),
    ...(deps.observer ? { observer: deps.observer } : {}),
    ...(deps.proxy ? { proxy: deps.proxy } : {}),
  });
  return createDataverseDestination({
    name: config.name,
    ...(config.match ? { match: config.match } : {}),
    dataverse,
    tokens,
    mapping: mappingOf(config),
    policies: {
      testLeads: config.testLeads,
      doNotContact: config.doNotContact,
      repeatCustomers: config.repeatCustomers,
    },
    concurrency,
    rateLimit: config.rateLimit
      ? { max: config.rateLimit.max, durationMs: config.rateLimit.windowMs }
      : deps.dataverse.rateLimit,
    // What the destination says of bulk writes wins over the worker's DATAVERSE_BULK_*.
    bulkWrites: { ...DEFAULT_BULK_WRITES, ...deps.dataverse.bulkWrites, ...config.bulkWrites },
    ...(deps.observer ? { observer: deps.observer } : {}),
  });
}
