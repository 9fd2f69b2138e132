import { randomBytes } from 'node:crypto';
import type { KnownUser } from './test-users';

/** What the user agreed to at the authorize endpoint, redeemed once at the token endpoint. */
export interface AuthorizationGrant {
  tenantId: string;
  clientId: string;
  redirectUri: string;
  user: KnownUser;
  scope: string;
  nonce?: string;
  codeChallenge?: string;
  codeChallengeMethod?: string;
  expiresAt: number;
}

// Entra ID's authorization codes last about ten minutes.
const CODE_LIFETIME_MS = 10 * 60 * 1000;
// Unredeemed codes are dropped in a sweep once this many are held.
const SWEEP_AT = 1000;

/** Authorization codes, each redeemable once before it expires. */
export class AuthorizationCodes {
  private readonly codes = new Map<string, AuthorizationGrant>();

  issue(grant: Omit<AuthorizationGrant, 'expiresAt'>, now = Date.now()): string {
    if (this.codes.size >= SWEEP_AT) {
      for (const [code, held] of this.codes) if (held.expiresAt <= now) this.codes.delete(code);
    }
    const code = randomBytes(48).toString('base64url');
    this.codes.set(code, { ...grant, expiresAt: now + CODE_LIFETIME_MS });
    return code;
  }

  /** The grant behind an unexpired code, which is then used up; undefined otherwise. */
  redeem(code: string, now = Date.now()): AuthorizationGrant | undefined {
    const grant = this.codes.get(code);
    this.codes.delete(code);
    return grant && grant.expiresAt > now ? grant : undefined;
  }
}
