import { DATAVERSE_CREDENTIAL_KINDS } from '@leadbridge/config';
import type { EnvReader } from '@leadbridge/service-kit';
import type { CredentialKind } from './dataverse-settings';
import { hasManagedIdentityEndpoint } from './managed-identity-endpoint';

/** What each kind needs from the environment, as the error for a missing one says it. */
const NEEDS: Readonly<Record<CredentialKind, readonly string[]>> = {
  secret: ['AZURE_TENANT_ID', 'AZURE_CLIENT_ID', 'AZURE_CLIENT_SECRET'],
  certificate: ['AZURE_TENANT_ID', 'AZURE_CLIENT_ID', 'AZURE_CLIENT_CERTIFICATE_PATH'],
  'workload-identity': ['AZURE_TENANT_ID', 'AZURE_CLIENT_ID', 'AZURE_FEDERATED_TOKEN_FILE'],
  'managed-identity': [],
};

/** The variables that tell the kind when AZURE_CREDENTIAL is unset, in the order they count. */
export const CREDENTIAL_HINT =
  'AZURE_CLIENT_SECRET (or AZURE_CLIENT_CERTIFICATE_PATH, AZURE_FEDERATED_TOKEN_FILE, or AZURE_CREDENTIAL=managed-identity)';

/**
 * AZURE_CREDENTIAL, or when it is unset the kind the environment shows, in the order the Azure
 * SDK's DefaultAzureCredential tries them: a client secret, a certificate (its
 * EnvironmentCredential), a federated token file (workload identity), a managed identity endpoint
 * (IDENTITY_ENDPOINT, or AZURE_POD_IDENTITY_AUTHORITY_HOST). The instance metadata service leaves
 * nothing in the environment, so a VM or AKS node says AZURE_CREDENTIAL=managed-identity.
 * Undefined: nothing shows a credential.
 */
export function credentialKind(
  read: EnvReader,
  env: Readonly<Record<string, string | undefined>>,
): CredentialKind | undefined {
  if (read.raw('AZURE_CREDENTIAL') !== undefined) {
    return read.oneOf('AZURE_CREDENTIAL', 'secret', DATAVERSE_CREDENTIAL_KINDS);
  }
  if (read.raw('AZURE_CLIENT_SECRET') !== undefined) return 'secret';
  if (read.raw('AZURE_CLIENT_CERTIFICATE_PATH') !== undefined) return 'certificate';
  if (read.raw('AZURE_FEDERATED_TOKEN_FILE') !== undefined) return 'workload-identity';
  if (hasManagedIdentityEndpoint(env)) return 'managed-identity';
  return undefined;
}

/** The variables `kind` needs that are unset, each named once. */
export function unsetFor(kind: CredentialKind, read: EnvReader): string[] {
  return NEEDS[kind].filter((name) => read.raw(name) === undefined);
}
