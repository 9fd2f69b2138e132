import { randomUUID, X509Certificate } from 'node:crypto';

/**
 * Trust an app places in tokens another issuer signs (workload identity federation): a token
 * from `issuer` about `subject`, addressed to `audience`, signs the app in.
 */
export interface FederatedCredential {
  /** The issuer's URL exactly as the token's `iss` claim holds it, e.g. an AKS OIDC issuer. */
  issuer: string;
  /** The token's `sub`, e.g. `system:serviceaccount:<namespace>:<service account>`. */
  subject: string;
  /** @defaultValue `api://AzureADTokenExchange` */
  audience?: string;
}

/**
 * An app registration or a managed identity: a client id in a tenant, signing in with a secret,
 * a certificate, federated credentials, or (a managed identity) through an identity endpoint.
 */
export interface AppRegistration {
  tenantId: string;
  clientId: string;
  clientSecret?: string;
  /**
   * The public certificate (PEM) the app signs client assertions with; its private key stays
   * with the client.
   */
  certificatePem?: string;
  /** Issuers and subjects whose tokens sign the app in. @defaultValue none */
  federatedCredentials?: readonly FederatedCredential[];
  /**
   * A managed identity gets tokens from the identity endpoints only: it has no credential of its
   * own. @defaultValue false
   */
  managedIdentity?: boolean;
  /**
   * Whether the org has an application user for this client id; without one, Dataverse answers
   * 403 `0x80072560` to its tokens. @defaultValue true
   */
  applicationUser?: boolean;
  /**
   * The Web platform's redirect URIs: where the authorize endpoint may send a signed-in user back
   * with a code. @defaultValue none, so the app cannot sign users in
   */
  redirectUris?: readonly string[];
}

/** A registered app and the Dataverse application user that stands for it. */
export interface RegisteredApp {
  readonly tenantId: string;
  readonly clientId: string;
  readonly clientSecret?: string;
  readonly certificate?: X509Certificate;
  readonly federatedCredentials: readonly Required<FederatedCredential>[];
  readonly managedIdentity: boolean;
  /** Whether the org has an application user for the app. */
  readonly applicationUser: boolean;
  /** The application user's systemuserid, as WhoAmI reports it. */
  readonly userId: string;
  readonly redirectUris: readonly string[];
}

/** The audience Entra ID expects on a federated token. */
export const TOKEN_EXCHANGE_AUDIENCE = 'api://AzureADTokenExchange';

const key = (tenantId: string, clientId: string) =>
  `${tenantId.toLowerCase()}/${clientId.toLowerCase()}`;

/** The tenants and apps the identity provider knows. */
export class AppRegistry {
  private readonly apps = new Map<string, RegisteredApp>();

  /**
   * Adds an app, or replaces its credentials (a secret rotation) while keeping its application
   * user. Throws when the registration could never sign in.
   */
  register(app: AppRegistration): RegisteredApp {
    if (!app.tenantId || !app.clientId) throw new Error('an app needs a tenantId and a clientId');
    const federated = app.federatedCredentials ?? [];
    if (
      !app.clientSecret &&
      !app.certificatePem &&
      federated.length === 0 &&
      !app.managedIdentity
    ) {
      throw new Error(
        `app ${app.clientId} needs a clientSecret, a certificatePem, federatedCredentials or managedIdentity`,
      );
    }
    const existing = this.apps.get(key(app.tenantId, app.clientId));
    const registered: RegisteredApp = {
      tenantId: app.tenantId.toLowerCase(),
      clientId: app.clientId.toLowerCase(),
      userId: existing?.userId ?? randomUUID(),
      federatedCredentials: federated.map((credential) => ({
        issuer: credential.issuer,
        subject: credential.subject,
        audience: credential.audience ?? TOKEN_EXCHANGE_AUDIENCE,
      })),
      managedIdentity: app.managedIdentity ?? false,
      applicationUser: app.applicationUser ?? true,
      // A rotation that names no redirect URIs keeps the ones registered before.
      redirectUris: app.redirectUris ?? existing?.redirectUris ?? [],
      ...(app.clientSecret ? { clientSecret: app.clientSecret } : {}),
      ...(app.certificatePem ? { certificate: new X509Certificate(app.certificatePem) } : {}),
    };
    this.apps.set(key(app.tenantId, app.clientId), registered);
    return registered;
  }

  hasTenant(tenantId: string): boolean {
    const prefix = `${tenantId.toLowerCase()}/`;
    for (const name of this.apps.keys()) if (name.startsWith(prefix)) return true;
    return false;
  }

  /** The apps of a tenant. */
  inTenant(tenantId: string): RegisteredApp[] {
    const prefix = `${tenantId.toLowerCase()}/`;
    return [...this.apps].filter(([name]) => name.startsWith(prefix)).map(([, app]) => app);
  }

  find(tenantId: string, clientId: string): RegisteredApp | undefined {
    return this.apps.get(key(tenantId, clientId));
  }
}
