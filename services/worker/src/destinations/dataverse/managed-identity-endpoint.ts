import type { ManagedIdentityEndpoint } from './dataverse-settings';

type Env = Readonly<Record<string, string | undefined>>;

// msal-node's own default and path for the instance metadata service.
const IMDS_HOST = 'http://169.254.169.254';
const IMDS_TOKEN_PATH = '/metadata/identity/oauth2/token';

const set = (env: Env, name: string) => (env[name]?.trim() ?? '') !== '';

/** Whether the environment names a managed identity endpoint, as msal-node would read it. */
export function hasManagedIdentityEndpoint(env: Env): boolean {
  return set(env, 'IDENTITY_ENDPOINT') || set(env, 'AZURE_POD_IDENTITY_AUTHORITY_HOST');
}

/**
 * The endpoint msal-node's ManagedIdentityApplication will ask, read from the same variables it
 * reads (it reads them itself, from process.env): App Service and Container Apps set
 * IDENTITY_ENDPOINT and IDENTITY_HEADER; elsewhere the instance metadata service answers, at
 * AZURE_POD_IDENTITY_AUTHORITY_HOST when that is set.
 */
export function managedIdentityEndpoint(env: Env): ManagedIdentityEndpoint {
  if (set(env, 'IDENTITY_ENDPOINT') && set(env, 'IDENTITY_HEADER')) {
    return { source: 'app-service', url: env.IDENTITY_ENDPOINT?.trim() ?? '' };
  }
  const host = env.AZURE_POD_IDENTITY_AUTHORITY_HOST?.trim() || IMDS_HOST;
  const origin = host.endsWith('/') ? host.slice(0, -1) : host;
  return { source: 'imds', url: `${origin}${IMDS_TOKEN_PATH}` };
}
