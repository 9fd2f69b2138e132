import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node';
import type { AxiosInstance, AxiosResponse } from 'axios';

function flattenHeaders(response: AxiosResponse): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers)) {
    if (value !== undefined && value !== null) {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    }
  }
  return headers;
}

/**
 * msal-node's network calls through our HTTP client, so token requests share its TLS trust
 * (a private CA for the simulator or a proxy), outbound proxy, keep-alive sockets and time
 * limit. msal keeps no cause when a request gets no answer (it reports only
 * `endpoints_resolution_error` or `network_error`), so each such failure is handed to
 * `noAnswer` as well.
 */
export function msalNetworkClient(
  http: AxiosInstance,
  noAnswer: (error: unknown) => void = () => undefined,
): INetworkModule {
  async function send<T>(
    method: 'GET' | 'POST',
    url: string,
    options?: NetworkRequestOptions,
    timeout?: number,
  ): Promise<NetworkResponse<T>> {
    let response: AxiosResponse;
    try {
      response = await http.request({
        method,
        url,
        headers: options?.headers ?? {},
        data: options?.body,
        ...(timeout ? { timeout } : {}),
        // msal parses the JSON itself from our object; keep axios from guessing at other types.
        responseType: 'json',
      });
    } catch (error) {
      noAnswer(error);
      throw error;
    }
    return { status: response.status, headers: flattenHeaders(response), body: response.data as T };
  }
  return {
    sendGetRequestAsync: (url, options, timeout) => send('GET', url, options, timeout),
    sendPostRequestAsync: (url, options) => send('POST', url, options),
  };
}
