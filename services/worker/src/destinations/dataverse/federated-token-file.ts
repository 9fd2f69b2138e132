import { readFile } from 'node:fs/promises';

/** Why the federated token file could not be used. */
export type TokenFileProblem = 'missing' | 'unreadable' | 'not-a-jwt' | 'expired';

/**
 * AZURE_FEDERATED_TOKEN_FILE (or a destination's federatedTokenFile) could not be used as a client
 * assertion: it is not there, cannot be read, holds no JWT, or has expired (its rotation stopped).
 */
export class FederatedTokenFileError extends Error {
  constructor(
    readonly problem: TokenFileProblem,
    readonly path: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'FederatedTokenFileError';
    Object.setPrototypeOf(this, new.target.prototype);
  }
}

/** A JWT's claims, unverified: only what it says about itself, for messages and expiry. */
export function jwtClaims(jwt: string): Record<string, unknown> | undefined {
  const parts = jwt.split('.');
  if (parts.length !== 3 || !parts[1]) return undefined;
  try {
    const claims: unknown = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    return typeof claims === 'object' && claims !== null && !Array.isArray(claims)
      ? (claims as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The token in the file, read now: the kubelet rewrites it before it expires, so it is read for
 * every token request rather than once. A token that has expired is refused here, naming when,
 * rather than sent to Entra ID to be refused there.
 */
export async function readFederatedToken(path: string, now = Date.now()): Promise<string> {
  let token: string;
  try {
    token = (await readFile(path, 'utf8')).trim();
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    const missing = code === 'ENOENT' || code === 'ENOTDIR';
    throw new FederatedTokenFileError(
      missing ? 'missing' : 'unreadable',
      path,
      missing
        ? `the federated token file ${path} does not exist`
        : `the federated token file ${path} cannot be read (${String(code)})`,
      { cause: error },
    );
  }
  const claims = jwtClaims(token);
  if (!claims) {
    throw new FederatedTokenFileError('not-a-jwt', path, `${path} does not hold a JWT`);
  }
  if (typeof claims.exp === 'number' && claims.exp * 1000 <= now) {
    const at = new Date(claims.exp * 1000).toISOString();
    throw new FederatedTokenFileError(
      'expired',
      path,
      `the federated token in ${path} expired at ${at}`,
    );
  }
  return token;
}
