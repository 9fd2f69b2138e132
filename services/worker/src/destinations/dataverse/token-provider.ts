import { readFileSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import { ConfidentialClientApplication, type Configuration } from '@azure/msal-node';
import { ATTR, inSpan } from '@leadbridge/tracing';
import { trace } from '@opentelemetry/api';
import type { AxiosInstance } from 'axios';
import type { ClientCredential } from './dataverse-settings';
import { TransientError } from '../../delivery/delivery-errors';
import { NO_OBSERVER, type DeliveryObserver } from '../../metrics';
import { proxyErrorIn } from '../../proxy/proxy-error';
import { msalNetworkClient } from './msal-network-client';

/** Gives bearer tokens for one Dataverse org. */
export interface TokenProvider {
  /** A cached token while it is valid; `forceRefresh` asks Entra ID for a new one. */
  getToken(options?: { forceRefresh?: boolean }): Promise<string>;
}

export interface TokenProviderOptions {
  authorityHost: string;
  tenantId: string;
  clientId: string;
  credential: ClientCredential;
  /** The org URL; the token's scope is `<org>/.default`. */
  dataverseUrl: string;
  http: AxiosInstance;
  observer?: DeliveryObserver;
}

const tracer = trace.getTracer('@leadbridge/worker');

/** msal treats a token as expired 5 minutes before it is; so does this provider. */
const RENEW_EARLY_MS = 5 * 60 * 1000;

// msal knows these hosts without asking the discovery endpoint.
const HOSTS_MSAL_KNOWS = new Set([
  'login.microsoftonline.com',
  'login.microsoftonline.us',
  'login.partner.microsoftonline.cn',
]);

function readCertificate(path: string): {
  thumbprintSha256: string;
  privateKey: string;
  x5c: string;
} {
  const pem = readFileSync(path, 'utf8');
  const key = pem.match(
    /-----BEGIN (?:RSA |EC )?PRIVATE KEY-----[\s\S]+?-----END (?:RSA |EC )?PRIVATE KEY-----/,
  );
  const cert = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/);
  if (!key || !cert) {
    throw new Error(`${path} must hold a PEM private key and its certificate`);
  }
  const thumbprintSha256 = new X509Certificate(cert[0]).fingerprint256.replace(/:/g, '');
  return { thumbprintSha256, privateKey: key[0], x5c: cert[0] };
}

/**
 * Client-credentials tokens from msal-node, which caches them in memory and renews them five
 * minutes before expiry. A custom authority host (a sovereign cloud, the simulator) is declared a
 * known authority so msal never calls login.microsoftonline.com to discover it.
 */
export function createTokenProvider(options: TokenProviderOptions): TokenProvider {
  // The latest request to Entra ID that got no answer, to say why msal gave up.
  let lastNoAnswer: unknown;
  const host = new URL(options.authorityHost).host;
  const credential = options.credential;
  const config: Configuration = {
    auth: {
      clientId: options.clientId,
      authority: `${options.authorityHost}/${options.tenantId}`,
      ...(HOSTS_MSAL_KNOWS.has(host) ? {} : { knownAuthorities: [host] }),
      ...(credential.kind === 'secret'
        ? { clientSecret: credential.clientSecret }
        : { clientCertificate: readCertificate(credential.certificatePath) }),
    },
    system: {
      networkClient: msalNetworkClient(options.http, (error) => (lastNoAnswer = error)),
    },
  };
  const app = new ConfidentialClientApplication(config);
  const scopes = [`${options.dataverseUrl}/.default`];
  const observer = options.observer ?? NO_OBSERVER;

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
          () => app.acquireTokenByClientCredential({ scopes, skipCache: forceRefresh }),
        );
      } catch (error) {
        current = undefined;
        observer.tokenAcquired(false, forceRefresh);
        const reason = error instanceof Error ? error.message : String(error);
        const proxy = proxyErrorIn(lastNoAnswer);
        throw new TransientError(
          `could not get a token from Entra ID: ${proxy ? proxy.message : reason}`,
          {},
          { cause: proxy ?? error },
        );
      }
      observer.tokenAcquired(!!result?.accessToken, forceRefresh);
      if (!result?.accessToken) throw new TransientError('Entra ID returned no access token');
      const expiresOn = result.expiresOn?.getTime() ?? 0;
      current = { token: result.accessToken, renewAt: expiresOn - RENEW_EARLY_MS };
      return result.accessToken;
    },
  };
}
