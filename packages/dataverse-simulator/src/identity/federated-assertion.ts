import { AadError } from './aad-error';
import type { RegisteredApp } from './app-registry';
import { SKEW_SECONDS, splitJwt } from './client-assertion';

function claim(payload: Record<string, unknown>, name: string): string {
  const value = payload[name];
  return typeof value === 'string' ? value : '';
}

/**
 * Checks a federated client assertion (workload identity federation) as Entra ID does: a JWT,
 * inside its validity window, whose issuer, subject and audience match one of the app's federated
 * credentials exactly. The issuer's signature is not checked: the simulator cannot fetch an
 * issuer's keys, and trusts the issuer it was configured with.
 */
export function verifyFederatedAssertion(
  jwt: string,
  app: RegisteredApp,
  nowSeconds = Math.floor(Date.now() / 1000),
): void {
  const { payload } = splitJwt(jwt);
  const { exp, nbf } = payload;
  if (typeof exp !== 'number' || exp + SKEW_SECONDS < nowSeconds) {
    const expiry = typeof exp === 'number' ? new Date(exp * 1000).toISOString() : 'none';
    throw new AadError(
      400,
      'invalid_client',
      700024,
      `Client assertion is not within its valid time range. Current time: ${new Date(nowSeconds * 1000).toISOString()}, expiry time of assertion ${expiry}.`,
    );
  }
  if (typeof nbf === 'number' && nbf - SKEW_SECONDS > nowSeconds) {
    throw new AadError(
      400,
      'invalid_client',
      700024,
      'Client assertion is not within its valid time range.',
    );
  }
  const issuer = claim(payload, 'iss');
  const subject = claim(payload, 'sub');
  const audiences = (Array.isArray(payload.aud) ? payload.aud : [payload.aud]).filter(
    (item): item is string => typeof item === 'string',
  );
  const trusted = app.federatedCredentials.filter(
    (credential) => credential.issuer === issuer && credential.subject === subject,
  );
  if (trusted.length === 0) {
    throw new AadError(
      400,
      'invalid_request',
      70021,
      `No matching federated identity record found for presented assertion. Assertion Issuer: '${issuer}'. Assertion Subject: '${subject}'. Assertion Audience: '${audiences.join(',')}'.`,
    );
  }
  if (!trusted.some((credential) => audiences.includes(credential.audience))) {
    throw new AadError(
      400,
      'invalid_request',
      700212,
      `No matching federated identity record found for presented assertion audience '${audiences.join(',')}'.`,
    );
  }
}
