/** The issuer of a tenant's v2.0 tokens: what `iss` holds and discovery starts from. */
export function tenantIssuer(baseUrl: string, tenantId: string): string {
  return `${baseUrl}/${tenantId}/v2.0`;
}

/**
 * The OpenID Connect discovery document of one tenant, shaped like Entra ID's v2.0 document. msal
 * reads `token_endpoint` from it and checks that `issuer` is on the authority's host; a web app's
 * OpenID Connect library reads the authorize, keys and end-session endpoints and what PKCE and
 * client authentication it may use.
 */
export function openIdConfiguration(baseUrl: string, tenantId: string): Record<string, unknown> {
  const tenantUrl = `${baseUrl}/${tenantId}`;
  return {
    token_endpoint: `${tenantUrl}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt'],
    jwks_uri: `${baseUrl}/${tenantId}/discovery/v2.0/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    issuer: tenantIssuer(baseUrl, tenantId),
    request_uri_parameter_supported: false,
    userinfo_endpoint: `${tenantUrl}/openid/userinfo`,
    authorization_endpoint: `${tenantUrl}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${tenantUrl}/oauth2/v2.0/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${tenantUrl}/oauth2/v2.0/logout`,
    code_challenge_methods_supported: ['S256', 'plain'],
    grant_types_supported: ['authorization_code', 'client_credentials'],
    claims_supported: [
      'sub',
      'iss',
      'aud',
      'exp',
      'iat',
      'nbf',
      'tid',
      'ver',
      'oid',
      'name',
      'preferred_username',
      'nonce',
      'roles',
      'groups',
    ],
    cloud_instance_name: new URL(baseUrl).host,
  };
}
