import axios, { type AxiosInstance } from 'axios';
import { createProxyAgents } from '../../proxy/proxy-agents';
import { NO_PROXY_SETTINGS, type ProxySettings } from '../../proxy/proxy-settings';

export interface HttpClientOptions {
  /** Sockets kept open to the host; match it to the worker's concurrency. */
  maxSockets: number;
  timeoutMs: number;
  /** Extra trusted CA certificates (PEM), e.g. the local simulator's. */
  ca?: string;
  /** HTTPS_PROXY and NO_PROXY. @defaultValue direct connections */
  proxy?: ProxySettings;
}

/**
 * One keep-alive HTTPS client per host, through the outbound proxy when one is set. Statuses are
 * not turned into exceptions: the callers classify every answer themselves.
 */
export function createHttpClient(options: HttpClientOptions): AxiosInstance {
  const { httpAgent, httpsAgent } = createProxyAgents(options.proxy ?? NO_PROXY_SETTINGS, {
    keepAlive: true,
    maxSockets: options.maxSockets,
    tunnelTimeoutMs: options.timeoutMs,
    ...(options.ca ? { ca: options.ca } : {}),
  });
  return axios.create({
    httpAgent,
    httpsAgent,
    // axios's own proxy support sends https:// requests to the proxy without a tunnel; the
    // agents tunnel instead, so axios must not read the proxy variables itself.
    proxy: false,
    timeout: options.timeoutMs,
    validateStatus: () => true,
    maxRedirects: 0,
    // Responses are small JSON; a huge one is a fault, not data to buffer.
    maxContentLength: 5 * 1024 * 1024,
    transitional: { clarifyTimeoutError: true },
  });
}
