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

/** Opaque bearer tokens: random strings, valid until they expire or are revoked. */
export class TokenStore {
  private readonly tokens = new Map<string, TokenGrant>();

  issue(app: RegisteredApp, lifetimeSeconds: number, now = Date.now()): string {
    if (this.tokens.size >= SWEEP_AT) this.sweep(now);
    const token = randomBytes(32).toString('base64url');
    this.tokens.set(token, { app, expiresAt: now + lifetimeSeconds * 1000 });
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
