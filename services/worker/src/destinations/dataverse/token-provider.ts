import { ATTR, inSpan } from '@leadbridge/tracing';
import { trace } from '@opentelemetry/api';
import type { AxiosInstance } from 'axios';
import type { ClientCredential } from './dataverse-settings';
import { TransientError } from '../../delivery/delivery-errors';
import { NO_OBSERVER, type DeliveryObserver } from '../../metrics';
import { proxyErrorIn } from '../../proxy/proxy-error';
import { msalClient } from './msal-clients';
import { msalNetworkClient } from './msal-network-client';

/** Gives bearer tokens for one Dataverse org. */
export interface TokenProvider {
  /** A cached token while it is valid; `forceRefresh` asks Entra ID for a new one. */
  getToken(options?: { forceRefresh?: boolean }): Promise<string>;
}

export interface TokenProviderOptions {
  authorityHost: string;
  /** Needed by every kind but a managed identity. */
  tenantId?: string;
  /** The app's client id; a managed identity's when user-assigned. */
  clientId?: string;
  credential: ClientCredential;
  /** The org URL; the token's scope is `<org>/.default`. */
  dataverseUrl: string;
  http: AxiosInstance;
  observer?: DeliveryObserver;
}

const tracer = trace.getTracer('@leadbridge/worker');

/** msal treats a token as expired 5 minutes before it is; so does this provider. */
const RENEW_EARLY_MS = 5 * 60 * 1000;

// Who is asked for tokens, for the error a failure becomes.
const ISSUERS: Readonly<Record<ClientCredential['kind'], string>> = {
  secret: 'Entra ID',
  certificate: 'Entra ID',
  'workload-identity': 'Entra ID',
  'managed-identity': 'the managed identity endpoint',
};

/**
 * Tokens from msal-node for the credential's kind (see msal-clients), which caches them in memory
 * and renews them five minutes before expiry.
 */
export function createTokenProvider(options: TokenProviderOptions): TokenProvider {
  // The latest request to Entra ID that got no answer, to say why msal gave up.
  let lastNoAnswer: unknown;
  const acquire = msalClient({
    authorityHost: options.authorityHost,
    ...(options.tenantId !== undefined ? { tenantId: options.tenantId } : {}),
    ...(options.clientId !== undefined ? { clientId: options.clientId } : {}),
    credential: options.credential,
    dataverseUrl: options.dataverseUrl,
    networkClient: msalNetworkClient(options.http, (error) => (lastNoAnswer = error)),
  });
  const observer = options.observer ?? NO_OBSERVER;
  const issuer = ISSUERS[options.credential.kind];

  // msal caches tokens too, but asking it costs a cache walk and URL parsing on every request;
  // holding the current token here until msal would renew it (5 minutes early) saves that work
  // on the delivery hot path.
  let current: { token: string; renewAt: number } | undefined;

  return {
    async getToken({ forceRefresh = false } = {}) {
      if (!forceRefresh && current && Date.now() < current.renewAt) return current.token;
      let result;
      lastNoAnswer = undefined;
      try {
        // A span only when msal is asked: a token held here costs a request nothing to trace.
        result = await inSpan(
          tracer,
          'acquire token',
          { attributes: { [ATTR.tokenForceRefresh]: forceRefresh } },
          () => acquire(forceRefresh),
        );
      } catch (error) {
        current = undefined;
        observer.tokenAcquired(false, forceRefresh);
        const reason = error instanceof Error ? error.message : String(error);
        const proxy = proxyErrorIn(lastNoAnswer);
        throw new TransientError(
          `could not get a token from ${issuer}: ${proxy ? proxy.message : reason}`,
          {},
          { cause: proxy ?? error },
        );
      }
      observer.tokenAcquired(!!result?.accessToken, forceRefresh);
      if (!result?.accessToken) throw new TransientError(`${issuer} returned no access token`);
      const expiresOn = result.expiresOn?.getTime() ?? 0;
      current = { token: result.accessToken, renewAt: expiresOn - RENEW_EARLY_MS };
      return result.accessToken;
    },
  };
}
