import axios, { type AxiosInstance } from 'axios';
import { createProxyAgents } from '../proxy/proxy-agents';
import { proxyErrorIn } from '../proxy/proxy-error';
import { NO_PROXY_SETTINGS, type ProxySettings } from '../proxy/proxy-settings';

export interface WebhookClientOptions {
  /** The whole request, from connecting to the last byte of the answer. */
  timeoutMs: number;
  /**
   * The most of an answer read: Slack answers `ok`, Teams `1`; more is a fault or an attack.
   * @defaultValue 65_536
   */
  maxResponseBytes?: number;
  /** HTTPS_PROXY, HTTP_PROXY and NO_PROXY. @defaultValue direct connections */
  proxy?: ProxySettings;
}

export interface WebhookClient {
  /** POSTs `body` as JSON; rejects with a WebhookError, whose message and properties hold no URL. */
  post(url: string, body: unknown): Promise<void>;
}

/**
 * A webhook request that failed: what the webhook answered, if anything, and never its URL. Its
 * facts let a caller tell a refusal (4xx) from a busy or broken server, and honour Retry-After.
 */
export class WebhookError extends Error {
  constructor(
    message: string,
    /** The HTTP status, when the webhook answered. */
    readonly status?: number,
    /** The answer's Retry-After header as sent, when there was one. */
    readonly retryAfter?: string,
  ) {
    super(message);
    this.name = 'WebhookError';
  }
}

const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024;

const TIMED_OUT = new Set(['ERR_CANCELED', 'ECONNABORTED', 'ETIMEDOUT']);

/** The failure in words, built from the status and error code only: never from the URL. */
function describeFailure(error: unknown, timeoutMs: number, maxResponseBytes: number): string {
  if (!axios.isAxiosError(error)) return 'webhook request failed';
  const status = error.response?.status;
  if (status !== undefined && status >= 300 && status < 400) {
    return `webhook answered ${status}: a redirect, which is not followed (give the final URL)`;
  }
  if (status === 407) {
    return 'webhook request refused by the proxy (407): put the right user and password in HTTP_PROXY';
  }
  if (status !== undefined) return `webhook answered ${status}`;
  if (error.code !== undefined && TIMED_OUT.has(error.code)) {
    return `webhook did not answer within ${timeoutMs} ms`;
  }
  if (error.code === 'ERR_BAD_RESPONSE' && error.message.includes('maxContentLength')) {
    return `webhook's answer is over ${maxResponseBytes} bytes: it was cut off`;
  }
  // The proxy's own refusal names the proxy (masked) and the setting, never the webhook's URL.
  const proxy = proxyErrorIn(error);
  if (proxy) return `webhook request failed: ${proxy.message}`;
  return `webhook request failed (${error.code ?? 'no answer'})`;
}

/**
 * The HTTP client of webhooks: alerts and chat destinations. A webhook is a server on the
 * internet the worker does not control, so: one deadline for the whole exchange (axios's own
 * timeout only measures silence, which an answer dripping a byte at a time never has), no
 * redirects (a POST carrying lead ids must not be forwarded to wherever a `Location` points), and
 * only a small answer read. Its errors are new ones: axios's keep the URL, which is a secret
 * (whoever has it can post to the channel), in their config and request.
 */
export function createWebhookClient(options: WebhookClientOptions): WebhookClient {
  const { timeoutMs } = options;
  const maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  // A fresh connection each time, never one left open to the webhook's host: alerts are rare,
  // and a chat channel takes a message a second at most.
  const { httpAgent, httpsAgent } = createProxyAgents(options.proxy ?? NO_PROXY_SETTINGS, {
    keepAlive: false,
    tunnelTimeoutMs: timeoutMs,
  });
  const http: AxiosInstance = axios.create({
    httpAgent,
    httpsAgent,
    // The agents tunnel through the proxy; axios's own proxy support would not.
    proxy: false,
    timeout: timeoutMs,
    maxRedirects: 0,
    maxContentLength: maxResponseBytes,
    responseType: 'text',
    transitional: { clarifyTimeoutError: true },
  });
  return {
    async post(url, body) {
      try {
        await http.post(url, body, { signal: AbortSignal.timeout(timeoutMs) });
      } catch (error) {
        // No `cause`: axios's error holds the URL, the one thing this error must not carry.
        const response = axios.isAxiosError(error) ? error.response : undefined;
        const retryAfter: unknown = response?.headers['retry-after'];
        throw new WebhookError(
          describeFailure(error, timeoutMs, maxResponseBytes),
          response?.status,
          typeof retryAfter === 'string' ? retryAfter : undefined,
        );
      }
    },
  };
}
