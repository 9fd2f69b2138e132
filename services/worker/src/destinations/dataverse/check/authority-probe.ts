import type { AxiosInstance } from 'axios';
import { entraFailure, observeFailure, type ObservedFailure } from './observe-failure';

/** Asks the authority about the tenant; undefined when the answer is what msal-node needs. */
export type AuthorityProbe = () => Promise<ObservedFailure | undefined>;

/** The fields read from the answer: a configuration has a token endpoint, an error the rest. */
interface OpenIdAnswer {
  token_endpoint?: unknown;
  error?: unknown;
  error_description?: unknown;
}

/**
 * msal-node reports an unknown tenant or an unreachable authority only as
 * `endpoints_resolution_error`. Asking for the tenant's OpenID configuration ourselves gets the
 * answer msal saw: Entra ID's error (AADSTS90002 for an unknown tenant), or no answer at all.
 */
export function createAuthorityProbe(
  http: AxiosInstance,
  authorityHost: string,
  tenantId: string,
): AuthorityProbe {
  const url = `${authorityHost}/${encodeURIComponent(tenantId)}/v2.0/.well-known/openid-configuration`;
  return async () => {
    let response;
    try {
      response = await http.get<unknown>(url, { responseType: 'json' });
    } catch (error) {
      return observeFailure(error, 'authority');
    }
    const body = (response.data ?? {}) as OpenIdAnswer;
    if (response.status === 200 && typeof body.token_endpoint === 'string') {
      return undefined;
    }
    if (typeof body.error === 'string' && typeof body.error_description === 'string') {
      return entraFailure(body.error, body.error_description);
    }
    return {
      kind: 'not-entra',
      status: response.status,
      summary: `${authorityHost} answered ${response.status} where Entra ID serves the tenant's OpenID configuration`,
    };
  };
}
