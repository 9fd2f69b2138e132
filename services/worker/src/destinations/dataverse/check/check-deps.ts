import type { DataverseConnection } from '../create-delivery';
import { createDataverseDelivery } from '../create-delivery';
import { createDataverseClient } from '../dataverse-client';
import { createHttpClient } from '../http-client';
import type { TokenProvider } from '../token-provider';
import { describeRoute } from '../../../proxy/proxy-description';
import type { ProxySettings } from '../../../proxy/proxy-settings';
import { createAuthorityProbe } from './authority-probe';
import { CertificateUnreadableError } from './certificate-unreadable-error';
import { messageOf } from './observe-failure';
import type { CheckDeps } from './run-check';

type CheckConfig = CheckDeps['config'] &
  Pick<DataverseConnection, 'maxConcurrency' | 'requestTimeoutMs'>;

/**
 * Wires the check from the worker's configuration with the worker's own Dataverse plumbing, its
 * outbound proxy included. A certificate the worker could not read becomes the token step's
 * failure rather than a crash.
 */
export function checkDepsFor(
  config: CheckConfig,
  options: { ca?: string; proxy?: ProxySettings } = {},
): CheckDeps {
  const network = {
    ...(options.ca ? { ca: options.ca } : {}),
    ...(options.proxy ? { proxy: options.proxy } : {}),
  };
  const client = () =>
    createHttpClient({ maxSockets: 1, timeoutMs: config.requestTimeoutMs, ...network });
  // A managed identity asks no authority host, so there is none to probe.
  const probeAuthority =
    config.tenantId === undefined
      ? () => Promise.resolve(undefined)
      : createAuthorityProbe(client(), config.authorityHost, config.tenantId);
  const proxy = options.proxy
    ? { proxy: describeRoute(options.proxy, config.dataverseUrl, config.authorityHost) }
    : {};
  try {
    return { config, probeAuthority, ...proxy, ...createDataverseDelivery(config, network) };
  } catch (error) {
    // Only reading the certificate can fail while the plumbing is built.
    const unreadable = new CertificateUnreadableError(messageOf(error), { cause: error });
    const tokens: TokenProvider = { getToken: () => Promise.reject(unreadable) };
    const dataverse = createDataverseClient({
      dataverseUrl: config.dataverseUrl,
      http: client(),
      tokens,
    });
    return { config, probeAuthority, ...proxy, tokens, dataverse };
  }
}
