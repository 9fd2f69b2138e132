import {
  readSecretEnv,
  type DataverseDestinationConfig,
  type EmailDestinationConfig,
} from '@leadbridge/config';
import {
  compileMapping,
  type CompiledMapping,
  type MappingSpec,
} from '@leadbridge/lead-model/mapping';
import type { ClientCredential, DataverseDefaults } from '../config';
import { createDataverseDelivery, type DataverseConnection } from './dataverse/create-delivery';
import { createEmailTransport } from './email/email-transport';
import type { DeliveryObserver } from '../metrics';
import { createDataverseDestination } from './dataverse/dataverse-destination';
import type { Destination } from '../delivery/destination';
import { createEmailDestination } from './email/email-destination';

export interface BuildDestinationsDeps {
  /** Environment holding the secrets the destinations name. */
  env: Readonly<Record<string, string | undefined>>;
  requestTimeoutMs: number;
  /** The worker's own settings, for what a Dataverse destination leaves out. */
  dataverse: DataverseDefaults;
  /** Extra CA certificate (PEM) to trust, e.g. the simulator's; NODE_EXTRA_CA_CERTS otherwise. */
  ca?: string;
  observer?: DeliveryObserver;
  /** SMTP_REQUIRE_TLS, for e-mail destinations without their own `requireTls`. @defaultValue true */
  smtpRequireTls?: boolean;
}

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
  deps: Pick<BuildDestinationsDeps, 'env' | 'requestTimeoutMs' | 'dataverse'>,
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

export function dataverseFromFile(
  config: DataverseDestinationConfig,
  deps: BuildDestinationsDeps,
): Destination {
  const connection = dataverseConnection(config, deps);
  const concurrency = connection.maxConcurrency;
  const { dataverse, tokens } = createDataverseDelivery(connection, {
    ...(deps.ca ? { ca: deps.ca } : {}),
    ...(deps.observer ? { observer: deps.observer } : {}),
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

export function emailFromFile(
  config: EmailDestinationConfig,
  deps: BuildDestinationsDeps,
): Destination {
  const smtpUrl = readSecretEnv(config.smtpUrlEnv, `destination ${config.name}`, deps.env);
  return createEmailDestination({
    name: config.name,
    ...(config.match ? { match: config.match } : {}),
    transport: createEmailTransport(smtpUrl, {
      requireTls: config.requireTls ?? deps.smtpRequireTls ?? true,
      ...(deps.ca ? { ca: deps.ca } : {}),
    }),
    settings: {
      from: config.from,
      to: config.to,
      cc: config.cc,
      ...(config.subject !== undefined ? { subject: config.subject } : {}),
      ...(config.text !== undefined ? { text: config.text } : {}),
      ...(config.html !== undefined ? { html: config.html } : {}),
    },
  });
}
