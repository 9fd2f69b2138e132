import { readSecretEnv, type DataverseDestinationConfig } from '@leadbridge/config';
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
 * How to reach a Dataverse destination of the file: its org, tenant, app and credential; what it
 * leaves out is the worker's own setting (AZURE_AUTHORITY_HOST, DATAVERSE_MAX_CONCURRENCY).
 */
export function dataverseConnection(
  config: DataverseDestinationConfig,
  deps: Pick<DestinationDeps, 'env' | 'requestTimeoutMs' | 'dataverse'>,
): DataverseConnection {
  const { env, requestTimeoutMs } = deps;
  const where = `destination ${config.name}`;
  const credential: ClientCredential =
    config.credential.kind === 'secret'
      ? { kind: 'secret', clientSecret: readSecretEnv(config.credential.env, where, env) }
      : { kind: 'certificate', certificatePath: config.credential.path };
  return {
    dataverseUrl: config.url.replace(/\/+$/, ''),
    tenantId: config.tenantId,
    clientId: config.clientId,
    credential,
    authorityHost: (config.authorityHost ?? deps.dataverse.authorityHost).replace(/\/+$/, ''),
    maxConcurrency: config.maxConcurrency ?? deps.dataverse.maxConcurrency,
    requestTimeoutMs,
  };
}

/** The destination's mapping, compiled as the worker writes it. */
export function mappingOf(config: DataverseDestinationConfig): CompiledMapping {
  return compiled(config.mapping, config.columnLengths);
}

/** A Dataverse destination of the settings, its client secret read from the environment. */
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
  });
}
