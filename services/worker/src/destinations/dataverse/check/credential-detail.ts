import type { ClientCredential } from '../dataverse-settings';
import { jwtClaims } from '../federated-token-file';
import { readFileSync } from 'node:fs';

const SOURCES = {
  'app-service': 'identity endpoint',
  imds: 'instance metadata endpoint',
} as const;

/** The credential in a few words, never its secret: its kind and where its proof comes from. */
export function credentialDetail(credential: ClientCredential): string {
  switch (credential.kind) {
    case 'secret':
      return 'client secret';
    case 'certificate':
      return `certificate ${credential.certificatePath}`;
    case 'managed-identity': {
      const which =
        credential.userAssignedClientId !== undefined
          ? `user-assigned ${credential.userAssignedClientId}`
          : 'system-assigned';
      return `managed identity (${which}), ${SOURCES[credential.endpoint.source]} ${credential.endpoint.url}`;
    }
    case 'workload-identity':
      return `workload identity, token file ${credential.tokenFile}`;
  }
}

/** How the token step names where its token came from. */
export function tokenSource(credential: ClientCredential): string {
  switch (credential.kind) {
    case 'secret':
      return 'Entra ID (client secret)';
    case 'certificate':
      return 'Entra ID (certificate)';
    case 'managed-identity':
      return `the ${SOURCES[credential.endpoint.source]} (managed identity)`;
    case 'workload-identity':
      return 'Entra ID (workload identity)';
  }
}

/** The issuer and subject a federated token file presents, if it can be read; for advice only. */
export function presentedIdentity(
  credential: ClientCredential,
): { issuer: string; subject: string } | undefined {
  if (credential.kind !== 'workload-identity') return undefined;
  let claims;
  try {
    claims = jwtClaims(readFileSync(credential.tokenFile, 'utf8').trim());
  } catch {
    return undefined;
  }
  const { iss, sub } = claims ?? {};
  return typeof iss === 'string' && typeof sub === 'string'
    ? { issuer: iss, subject: sub }
    : undefined;
}

/** The client id a token was issued to, as its `appid` (or v2 `azp`) claim says. */
export function appIdOf(token: string): string | undefined {
  const claims = jwtClaims(token);
  const id = claims?.appid ?? claims?.azp;
  return typeof id === 'string' ? id : undefined;
}
