import type { CustomColumn } from './dataverse/lead-table';
import type { FaultUpdate } from './faults/fault-settings';
import type { TestUser } from './identity/test-users';
import type { TlsKeyPair } from './tls/server-certificate';

/** How to start a simulator. Every option has a default that suits a test. */
export interface SimulatorOptions {
  /**
   * The port on `host`; 0 lets the OS choose a free one.
   * @defaultValue 0
   */
  port?: number;
  /**
   * The address to listen on. `0.0.0.0` lets other machines or containers reach the simulator,
   * and its admin API, which asks for no credentials.
   * @defaultValue '127.0.0.1'
   */
  host?: string;
  /**
   * Host names or IP addresses other clients reach the simulator by, added to the generated
   * certificate (which always names 127.0.0.1 and localhost). Unused when `tls` is given.
   * @defaultValue none
   */
  hostnames?: readonly string[];
  /**
   * The origin the simulator names itself by: the org URL, the authority host, the issuer and
   * token endpoint in its OpenID configuration, and `@odata.context` links. A client must reach
   * it by this name (msal checks the issuer against the authority it was given).
   * @defaultValue `https://127.0.0.1:<port>`
   */
  publicUrl?: string;
  /**
   * Where the certificate is written (as `simulator-cert.pem`) for NODE_EXTRA_CA_CERTS. A
   * directory the simulator creates is removed again by `close()`; a given one is left alone.
   * @defaultValue a fresh directory under the OS temp directory
   */
  certDir?: string;
  /**
   * The TLS key and certificate to serve; a process restarting on the same port can keep its
   * clients' trust this way.
   * @defaultValue a new self-signed certificate for 127.0.0.1, localhost and `hostnames`
   */
  tls?: TlsKeyPair;
  /**
   * The org's tenant, and the tenant of the default app.
   * @defaultValue a random GUID
   */
  tenantId?: string;
  /**
   * The default app's client id.
   * @defaultValue a random GUID
   */
  clientId?: string;
  /**
   * The default app's client secret.
   * @defaultValue a random string, so no test depends on a well-known secret
   */
  clientSecret?: string;
  /**
   * The default app's Web redirect URIs, where users who sign in are sent back with a code. More
   * apps, or more URIs, through `registerApp` or `POST /_simulator/apps`.
   * @defaultValue none
   */
  redirectUris?: readonly string[];
  /**
   * The people who can sign in to apps interactively (authorize endpoint), each without a
   * password: `login_hint` naming one signs them in at once.
   * @defaultValue `DEFAULT_TEST_USERS`: operator@leadbridge.test (app role Leadbridge.Operator),
   * viewer@leadbridge.test (Leadbridge.Viewer) and nobody@leadbridge.test (no role)
   */
  testUsers?: readonly TestUser[];
  /**
   * A certificate (PEM) the default app may also sign client assertions with.
   * @defaultValue none: secret only
   */
  clientCertificatePem?: string;
  /**
   * How long an access token is valid. msal-node treats a token as expired 300 s early, so a
   * lifetime under 300 s makes msal fetch a new token on every call.
   * @defaultValue 3600
   */
  tokenLifetimeSeconds?: number;
  /**
   * The port of the managed identity endpoints (plain HTTP on `host`, as Azure serves them inside
   * a resource); 0 lets the OS choose a free one.
   * @defaultValue 0
   */
  identityPort?: number;
  /**
   * The service account whose projected token the default app trusts (its federated credential's
   * subject), as AKS workload identity names it.
   * @defaultValue 'system:serviceaccount:leadbridge:leadbridge-worker'
   */
  serviceAccountSubject?: string;
  /**
   * Columns the org added to the lead table.
   * @defaultValue none
   */
  customColumns?: readonly CustomColumn[];
  /**
   * Text column lengths that differ from a standard org's, by logical name, standard or custom
   * columns alike: `{ firstname: 30 }` is an org whose first names hold 30 characters.
   * @defaultValue none: the standard lengths
   */
  columnLengths?: Readonly<Record<string, number>>;
  /**
   * Faults in force from the start.
   * @defaultValue none
   */
  faults?: FaultUpdate;
}
