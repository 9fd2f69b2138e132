import { Agent } from 'node:https';
import axios, { type AxiosInstance } from 'axios';

export interface HttpClientOptions {
  /** Sockets kept open to the host; match it to the worker's concurrency. */
  maxSockets: number;
  timeoutMs: number;
  /** Extra trusted CA certificates (PEM), e.g. the local simulator's. */
  ca?: string;
}

/**
 * One keep-alive HTTPS client per host. Statuses are not turned into exceptions: the callers
 * classify every answer themselves.
 */
export function createHttpClient(options: HttpClientOptions): AxiosInstance {
  const httpsAgent = new Agent({
    keepAlive: true,
    maxSockets: options.maxSockets,
    ...(options.ca ? { ca: options.ca } : {}),
  });
  return axios.create({
    httpsAgent,
    timeout: options.timeoutMs,
    validateStatus: () => true,
    maxRedirects: 0,
    // Responses are small JSON; a huge one is a fault, not data to buffer.
    maxContentLength: 5 * 1024 * 1024,
    transitional: { clarifyTimeoutError: true },
  });
}
