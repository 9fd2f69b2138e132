import { createHash, createPrivateKey, webcrypto, X509Certificate } from 'node:crypto';
import type { AdminOidcConfig } from './oidc-config';
import { fetchTrusting } from './https-fetch';

// openid-client 6 is an ES module; this CommonJS service loads it with import() (which Node 20
// runs natively, and the tests' jest transforms), and names its types through resolution-mode.
import type * as OpenIdClientModule from 'openid-client' with { 'resolution-mode': 'import' };

type OpenIdClient = typeof OpenIdClientModule;
type Configuration = InstanceType<OpenIdClient['Configuration']>;
type ClientAuth = ReturnType<OpenIdClient['None']>;

/** What the admin needs of Entra ID, once its discovery document has been read. */
export interface OidcClient {
  readonly lib: OpenIdClient;
  readonly config: Configuration;
}

export interface OidcClientOptions {
  readonly oidc: AdminOidcConfig;
  /** An extra CA certificate (PEM) to trust for the issuer, e.g. the simulator's. */
  readonly ca?: string;
}

/**
 * The client signs its token requests with its certificate (private_key_jwt), as Entra ID wants
 * the assertion: RS256, the certificate's thumbprint in `x5t#S256`, addressed to the token
 * endpoint (openid-client addresses it to the issuer).
 */
async function certificateAuth(
  lib: OpenIdClient,
  certificate: NonNullable<AdminOidcConfig['clientCertificate']>,
  tokenEndpoint: { url?: string },
): Promise<ClientAuth> {
  const der = createPrivateKey(certificate.privateKeyPem).export({ type: 'pkcs8', format: 'der' });
  const key = await webcrypto.subtle.importKey(
    'pkcs8',
    der,
    { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const thumbprint = createHash('sha256')
    .update(new X509Certificate(certificate.certificatePem).raw)
    .digest('base64url');
  return lib.PrivateKeyJwt(key, {
    [lib.modifyAssertion]: (header, payload) => {
      header['x5t#S256'] = thumbprint;
      if (tokenEndpoint.url) payload.aud = tokenEndpoint.url;
    },
  });
}

async function discover(options: OidcClientOptions): Promise<OidcClient> {
  const lib = await import('openid-client');
  const { oidc } = options;
  // Known once discovered; the first assertion is signed after that.
  const tokenEndpoint: { url?: string } = {};
  const auth = oidc.clientCertificate
    ? await certificateAuth(lib, oidc.clientCertificate, tokenEndpoint)
    : lib.ClientSecretPost(oidc.clientSecret);
  const discovered = await lib.discovery(new URL(oidc.issuer), oidc.clientId, undefined, auth, {
    ...(options.ca ? { [lib.customFetch]: fetchTrusting(options.ca) } : {}),
    timeout: 10,
  });
  const endpoint = discovered.serverMetadata().token_endpoint;
  if (endpoint) tokenEndpoint.url = endpoint;
  return { lib, config: discovered };
}

/**
 * Entra ID's configuration, discovered on first use rather than at start-up, so the admin listener
 * starts while Entra ID is out of reach (basic auth still works then); a failed discovery is tried
 * again at the next sign-in.
 */
export function lazyOidcClient(options: OidcClientOptions): () => Promise<OidcClient> {
  let client: Promise<OidcClient> | undefined;
  return () => {
    client ??= discover(options).catch((error: unknown) => {
      client = undefined;
      throw error;
    });
    return client;
  };
}
