import { readFileSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import {
  ConfidentialClientApplication,
  ManagedIdentityApplication,
  type AuthenticationResult,
  type Configuration,
  type INetworkModule,
  type NodeAuthOptions,
} from '@azure/msal-node';
import type { ClientCredential } from './dataverse-settings';
import { readFederatedToken } from './federated-token-file';

/** Asks msal-node for a token for the org: from its cache, or anew when `forceRefresh`. */
export type AcquireToken = (forceRefresh: boolean) => Promise<AuthenticationResult | null>;

export interface MsalClientOptions {
  authorityHost: string;
  tenantId?: string;
  clientId?: string;
  credential: ClientCredential;
  /** The org URL: the scope is `<org>/.default`, a managed identity's resource the org. */
  dataverseUrl: string;
  networkClient: INetworkModule;
}

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
 * The managed identity's tokens from msal-node's ManagedIdentityApplication, which finds the
 * endpoint in process.env (IDENTITY_ENDPOINT and IDENTITY_HEADER, else the instance metadata
 * service) and caches tokens. Its own retries of a busy endpoint stay on.
 */
function managedIdentityClient(
  options: MsalClientOptions,
  userAssignedClientId: string | undefined,
): AcquireToken {
  const app = new ManagedIdentityApplication({
    ...(userAssignedClientId ? { managedIdentityIdParams: { userAssignedClientId } } : {}),
    system: { networkClient: options.networkClient },
  });
  return (forceRefresh) => app.acquireToken({ resource: options.dataverseUrl, forceRefresh });
}

/** What msal-node signs in with: the secret, the certificate, or the federated token's reader. */
function proofOf(
  credential: Exclude<ClientCredential, { kind: 'managed-identity' }>,
): Pick<NodeAuthOptions, 'clientSecret' | 'clientCertificate' | 'clientAssertion'> {
  switch (credential.kind) {
    case 'secret':
      return { clientSecret: credential.clientSecret };
    case 'certificate':
      return { clientCertificate: readCertificate(credential.certificatePath) };
    case 'workload-identity': {
      const { tokenFile } = credential;
      return { clientAssertion: () => readFederatedToken(tokenFile) };
    }
  }
}

/**
 * Client-credentials tokens from msal-node, with a secret, a certificate, or (workload identity)
 * the federated token file as the client assertion, read again each time msal asks for one. A
 * custom authority host (a sovereign cloud, the simulator) is declared a known authority so msal
 * never calls login.microsoftonline.com to discover it.
 */
function confidentialClient(
  options: MsalClientOptions,
  credential: Exclude<ClientCredential, { kind: 'managed-identity' }>,
): AcquireToken {
  const host = new URL(options.authorityHost).host;
  const config: Configuration = {
    auth: {
      clientId: options.clientId ?? '',
      authority: `${options.authorityHost}/${options.tenantId ?? ''}`,
      ...(HOSTS_MSAL_KNOWS.has(host) ? {} : { knownAuthorities: [host] }),
      ...proofOf(credential),
    },
    system: { networkClient: options.networkClient },
  };
  const app = new ConfidentialClientApplication(config);
  const scopes = [`${options.dataverseUrl}/.default`];
  return (forceRefresh) => app.acquireTokenByClientCredential({ scopes, skipCache: forceRefresh });
}

/** The msal-node application for the credential's kind. */
export function msalClient(options: MsalClientOptions): AcquireToken {
  const { credential } = options;
  return credential.kind === 'managed-identity'
    ? managedIdentityClient(options, credential.userAssignedClientId)
    : confidentialClient(options, credential);
}
