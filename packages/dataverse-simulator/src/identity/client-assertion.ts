import { constants, createHash, verify } from 'node:crypto';
import { AadError } from './aad-error';
import type { RegisteredApp } from './app-registry';

export const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

// Entra ID tolerates some clock skew between client and server; five minutes is the usual figure.
export const SKEW_SECONDS = 300;

export interface JwtParts {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  signedPart: string;
  signature: Buffer;
}

function decodeJson(part: string): Record<string, unknown> {
  const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  if (typeof value !== 'object' || value === null) throw new Error('not an object');
  return value as Record<string, unknown>;
}

/** A JWT's decoded header and payload; a malformed one is Entra ID's AADSTS50027. */
export function splitJwt(jwt: string): JwtParts {
  const [header, payload, signature, ...extra] = jwt.split('.');
  try {
    if (!header || !payload || !signature || extra.length > 0) throw new Error('not three parts');
    return {
      header: decodeJson(header),
      payload: decodeJson(payload),
      signedPart: `${header}.${payload}`,
      signature: Buffer.from(signature, 'base64url'),
    };
  } catch {
    throw new AadError(400, 'invalid_request', 50027, 'JWT token is invalid or malformed.');
  }
}

function notRegistered(): AadError {
  return new AadError(
    401,
    'invalid_client',
    700027,
    'The certificate with identifier used to sign the client assertion is not registered on application.',
  );
}

function checkThumbprint(header: Record<string, unknown>, app: RegisteredApp): void {
  const der = app.certificate?.raw;
  if (!der) throw notRegistered();
  const sha256 = createHash('sha256').update(der).digest('base64url');
  const sha1 = createHash('sha1').update(der).digest('base64url');
  const given256 = header['x5t#S256'];
  const given1 = header.x5t;
  if (given256 !== undefined && given256 !== sha256) throw notRegistered();
  if (given1 !== undefined && given1 !== sha1) throw notRegistered();
}

function signatureIsValid(parts: JwtParts, app: RegisteredApp): boolean {
  const publicKey = app.certificate?.publicKey;
  if (!publicKey) return false;
  const data = Buffer.from(parts.signedPart, 'utf8');
  switch (parts.header.alg) {
    case 'RS256':
      return verify('sha256', data, publicKey, parts.signature);
    case 'PS256':
      return verify(
        'sha256',
        data,
        {
          key: publicKey,
          padding: constants.RSA_PKCS1_PSS_PADDING,
          saltLength: constants.RSA_PSS_SALTLEN_AUTO,
        },
        parts.signature,
      );
    default:
      return false;
  }
}

/**
 * Checks a certificate client assertion (RFC 7523) as Entra ID does: signed (RS256 or PS256) by
 * the app's registered certificate, issued by and about the client, addressed to the token
 * endpoint, and inside its validity window.
 */
export function verifyClientAssertion(
  jwt: string,
  app: RegisteredApp,
  tokenEndpoint: string,
  nowSeconds = Math.floor(Date.now() / 1000),
): void {
  const parts = splitJwt(jwt);
  checkThumbprint(parts.header, app);
  if (!signatureIsValid(parts, app)) {
    throw new AadError(
      401,
      'invalid_client',
      700027,
      'Client assertion failed signature validation.',
    );
  }
  const { iss, sub, aud, exp, nbf } = parts.payload;
  if (iss !== sub || typeof iss !== 'string' || iss.toLowerCase() !== app.clientId) {
    throw new AadError(
      401,
      'invalid_client',
      700021,
      "Client assertion application identifier doesn't match 'client_id' parameter.",
    );
  }
  const audiences = Array.isArray(aud) ? aud : [aud];
  if (!audiences.includes(tokenEndpoint)) {
    throw new AadError(
      401,
      'invalid_client',
      700023,
      'Client assertion audience claim does not match Realm issuer.',
    );
  }
  const expired = typeof exp !== 'number' || exp + SKEW_SECONDS < nowSeconds;
  const early = typeof nbf === 'number' && nbf - SKEW_SECONDS > nowSeconds;
  if (expired || early) {
    throw new AadError(
      401,
      'invalid_client',
      700024,
      'Client assertion is not within its valid time range.',
    );
  }
}
