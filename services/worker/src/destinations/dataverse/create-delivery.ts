import type { ClientCredential } from './dataverse-settings';
import { createDataverseClient, type DataverseClient } from './dataverse-client';
import { createHttpClient } from './http-client';
import { createTokenProvider, type TokenProvider } from './token-provider';
import type { DeliveryObserver } from '../../metrics';
import type { ProxySettings } from '../../proxy/proxy-settings';

/** How to reach one Dataverse org: its URL, tenant, app, credential and connection limits. */
export interface DataverseConnection {
  /** Org URL, e.g. https://contoso.crm.dynamics.com (no trailing slash). */
  readonly dataverseUrl: string;
  /** Absent only for a managed identity, whose tenant is its own. */
  readonly tenantId?: string;
  /** The app's client id; for a managed identity, a user-assigned identity's (absent: system). */
  readonly clientId?: string;
  readonly credential: ClientCredential;
  /** Entra ID sign-in host, no trailing slash. */
  readonly authorityHost: string;
  /** Requests in flight to the org from this process. */
  readonly maxConcurrency: number;
  /** One request's time limit. */
  readonly requestTimeoutMs: number;
}

/** The Dataverse side of the worker, wired from its configuration. */
export function createDataverseDelivery(
  config: DataverseConnection,
  options: { ca?: string; observer?: DeliveryObserver; proxy?: ProxySettings } = {},
): { dataverse: DataverseClient; tokens: TokenProvider } {
  const http = createHttpClient({
    maxSockets: config.maxConcurrency,
    timeoutMs: config.requestTimeoutMs,
    ...(options.ca ? { ca: options.ca } : {}),
    ...(options.proxy ? { proxy: options.proxy } : {}),
  });
  const tokens = createTokenProvider({
    authorityHost: config.authorityHost,
    ...(config.tenantId !== undefined ? { tenantId: config.tenantId } : {}),
    ...(config.clientId !== undefined ? { clientId: config.clientId } : {}),
    credential: config.credential,
    dataverseUrl: config.dataverseUrl,
    http,
    ...(options.observer ? { observer: options.observer } : {}),
  });
  return {
    dataverse: createDataverseClient({
      dataverseUrl: config.dataverseUrl,
      http,
      tokens,
      ...(options.observer ? { observer: options.observer } : {}),
    }),
    tokens,
  };
}
