import { randomBytes } from 'node:crypto';
import type { RegisteredApp } from './app-registry';

/** What an access token stands for. */
export interface TokenGrant {
  app: RegisteredApp;
  expiresAt: number;
}

// Expired tokens are forgotten in a sweep once this many are held, so a long benchmark that
// keeps asking for tokens does not grow the map without bound.
const SWEEP_AT = 1000;

const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * A token shaped as Entra ID's access tokens are, a JWT whose claims a client may read (`appid`,
 * `tid`, `aud`, `exp`); its signature is random bytes, as only this store decides what is valid.
 */
function accessToken(app: RegisteredApp, audience: string, issuedAt: number, expiresAt: number) {
  const seconds = (ms: number) => Math.floor(ms / 1000);
  const header = part({ typ: 'JWT', alg: 'RS256' });
  const payload = part({
    aud: audience,
    iss: `https://sts.windows.net/${app.tenantId}/`,
    iat: seconds(issuedAt),
    nbf: seconds(issuedAt),
    exp: seconds(expiresAt),
    appid: app.clientId,
    oid: app.userId,
    tid: app.tenantId,
    ver: '1.0',
  });
  return `${header}.${payload}.${randomBytes(32).toString('base64url')}`;
}

/** Bearer tokens, valid until they expire or are revoked. */
export class TokenStore {
  private readonly tokens = new Map<string, TokenGrant>();

  /** A new token for `app`, addressed to `audience` (the org URL). */
  issue(app: RegisteredApp, lifetimeSeconds: number, audience = '', now = Date.now()): string {
    if (this.tokens.size >= SWEEP_AT) this.sweep(now);
    const expiresAt = now + lifetimeSeconds * 1000;
    const token = accessToken(app, audience, now, expiresAt);
    this.tokens.set(token, { app, expiresAt });
    return token;
  }

  /** The grant behind a token that is known, unexpired and unrevoked; otherwise undefined. */
  lookup(token: string, now = Date.now()): TokenGrant | undefined {
    const grant = this.tokens.get(token);
    return grant && grant.expiresAt > now ? grant : undefined;
  }

  /** Every token issued so far stops working; tokens issued afterwards work. */
  revokeAll(): void {
    this.tokens.clear();
  }

  private sweep(now: number): void {
    for (const [token, grant] of this.tokens) if (grant.expiresAt <= now) this.tokens.delete(token);
  }
}
