import { randomUUID, X509Certificate } from 'node:crypto';

/** An app registration: a client id in a tenant, with a secret, a certificate, or both. */
export interface AppRegistration {
  tenantId: string;
  clientId: string;
  clientSecret?: string;
  /**
   * The public certificate (PEM) the app signs client assertions with; its private key stays
   * with the client.
   */
  certificatePem?: string;
}

/** A registered app and the Dataverse application user that stands for it. */
export interface RegisteredApp {
  readonly tenantId: string;
  readonly clientId: string;
  readonly clientSecret?: string;
  readonly certificate?: X509Certificate;
  /** The application user's systemuserid, as WhoAmI reports it. */
  readonly userId: string;
}

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
    if (!app.clientSecret && !app.certificatePem) {
      throw new Error(`app ${app.clientId} needs a clientSecret or a certificatePem`);
    }
    const existing = this.apps.get(key(app.tenantId, app.clientId));
    const registered: RegisteredApp = {
      tenantId: app.tenantId.toLowerCase(),
      clientId: app.clientId.toLowerCase(),
      userId: existing?.userId ?? randomUUID(),
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

  find(tenantId: string, clientId: string): RegisteredApp | undefined {
    return this.apps.get(key(tenantId, clientId));
  }
}
