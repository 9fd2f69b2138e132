import type { DataverseConnection } from '../create-delivery';
import { createDataverseDelivery } from '../create-delivery';
import { createDataverseClient } from '../dataverse-client';
import { createHttpClient } from '../http-client';
import type { TokenProvider } from '../token-provider';
import { createAuthorityProbe } from './authority-probe';
import { CertificateUnreadableError } from './certificate-unreadable-error';
import { messageOf } from './observe-failure';
import type { CheckDeps } from './run-check';

type CheckConfig = CheckDeps['config'] &
  Pick<DataverseConnection, 'maxConcurrency' | 'requestTimeoutMs'>;

/**
 * Wires the check from the worker's configuration with the worker's own Dataverse plumbing. A
 * certificate the worker could not read becomes the token step's failure rather than a crash.
 */
export function checkDepsFor(config: CheckConfig, options: { ca?: string } = {}): CheckDeps {
  const tls = options.ca ? { ca: options.ca } : {};
  // A managed identity asks no authority host, so there is none to probe.
  const probeAuthority =
    config.tenantId === undefined
      ? () => Promise.resolve(undefined)
      : createAuthorityProbe(
          createHttpClient({ maxSockets: 1, timeoutMs: config.requestTimeoutMs, ...tls }),
          config.authorityHost,
          config.tenantId,
        );
  try {
    return { config, probeAuthority, ...createDataverseDelivery(config, tls) };
  } catch (error) {
    // Only reading the certificate can fail while the plumbing is built.
    const unreadable = new CertificateUnreadableError(messageOf(error), { cause: error });
    const tokens: TokenProvider = { getToken: () => Promise.reject(unreadable) };
    const http = createHttpClient({ maxSockets: 1, timeoutMs: config.requestTimeoutMs, ...tls });
    const dataverse = createDataverseClient({ dataverseUrl: config.dataverseUrl, http, tokens });
    return { config, probeAuthority, tokens, dataverse };
  }
}
