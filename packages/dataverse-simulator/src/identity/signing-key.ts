import { createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';

const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * The tenant's token signing key: signs ID tokens (RS256) and is published at the keys endpoint,
 * where a relying party such as openid-client finds it by `kid`.
 */
export class SigningKey {
  private readonly privateKey: KeyObject;
  private readonly publicKey: KeyObject;
  readonly kid: string;

  constructor() {
    const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
    this.privateKey = pair.privateKey;
    this.publicKey = pair.publicKey;
    const der = this.publicKey.export({ type: 'spki', format: 'der' });
    this.kid = createHash('sha256').update(der).digest('base64url').slice(0, 27);
  }

  /** A compact JWS of `payload`, signed RS256 with this key. */
  sign(payload: Record<string, unknown>): string {
    const signed = `${part({ typ: 'JWT', alg: 'RS256', kid: this.kid })}.${part(payload)}`;
    const signature = sign('sha256', Buffer.from(signed), this.privateKey);
    return `${signed}.${signature.toString('base64url')}`;
  }

  /** The public key as a JWK, as Entra ID's keys endpoint lists its keys. */
  jwk(): Record<string, unknown> {
    const { n, e } = this.publicKey.export({ format: 'jwk' });
    return { kty: 'RSA', use: 'sig', kid: this.kid, n, e, alg: 'RS256' };
  }
}
