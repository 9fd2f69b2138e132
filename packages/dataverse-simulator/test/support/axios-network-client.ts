import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node';
import axios, { type AxiosResponse } from 'axios';
import type { Agent } from 'node:https';

function flatHeaders(response: AxiosResponse): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers)) {
    if (value !== undefined && value !== null) headers[name.toLowerCase()] = String(value);
  }
  return headers;
}

/**
 * msal-node's network client over axios: msal's default client uses fetch, which takes no
 * per-call CA, and the simulator's certificate is trusted through this agent only.
 */
export function axiosNetworkClient(agent: Agent): INetworkModule {
  const http = axios.create({ httpsAgent: agent, validateStatus: () => true, proxy: false });
  async function send<T>(
    method: 'GET' | 'POST',
    url: string,
    options: NetworkRequestOptions | undefined,
    timeout?: number,
  ): Promise<NetworkResponse<T>> {
    const response = await http.request<T>({
      method,
      url,
      headers: options?.headers ?? {},
      data: method === 'POST' ? (options?.body ?? '') : undefined,
      timeout: timeout ?? 10_000,
    });
    return { headers: flatHeaders(response), body: response.data, status: response.status };
  }
  return {
    sendGetRequestAsync: <T>(url: string, options?: NetworkRequestOptions, timeout?: number) =>
      send<T>('GET', url, options, timeout),
    sendPostRequestAsync: <T>(url: string, options?: NetworkRequestOptions) =>
      send<T>('POST', url, options),
  };
}
