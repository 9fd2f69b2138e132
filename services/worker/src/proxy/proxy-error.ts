import type { ProxyServer } from './proxy-settings';

/**
 * The proxy would not open a tunnel to the server (it refused, asked for credentials, or could
 * not be reached), so the request never left this side of it. Its message names the proxy with
 * its credentials masked, and the setting to look at.
 */
export class ProxyError extends Error {
  constructor(
    /** What happened, e.g. `the proxy http://…:3128 (HTTPS_PROXY) refused … with 407 …`. */
    readonly summary: string,
    /** What to do about it, naming the setting. */
    readonly advice: string,
    /** The proxy's answer to CONNECT; absent when it gave none. */
    readonly status?: number,
    options?: ErrorOptions,
  ) {
    super(`${summary}: ${advice}`, options);
    this.name = 'ProxyError';
    Object.setPrototypeOf(this, new.target.prototype);
  }
}

/** What the proxy's refusal most likely means, in the words of the setting to change. */
function adviceFor(server: ProxyServer, status: number): string {
  if (status === 407) {
    return `it asks for credentials: put the right user and password in ${server.variable} (http://user:password@host:port, percent-encoded)`;
  }
  if (status === 403) {
    return 'it forbids this destination: have it allowed, or list the host in NO_PROXY if it can be reached directly';
  }
  return `check ${server.variable}, and that the proxy allows this destination`;
}

/** The proxy answered CONNECT with something other than 200. */
export function tunnelRefused(
  server: ProxyServer,
  target: string,
  status: number,
  statusText: string,
): ProxyError {
  const answer = `${status}${statusText ? ` ${statusText}` : ''}`;
  return new ProxyError(
    `the proxy ${server.shown} (${server.variable}) refused a tunnel to ${target} with ${answer}`,
    adviceFor(server, status),
    status,
  );
}

/** The proxy could not be reached, or did not answer CONNECT in time. */
export function proxyUnreachable(server: ProxyServer, target: string, cause: unknown): ProxyError {
  const code = (cause as { code?: unknown } | null)?.code;
  const reason =
    typeof code === 'string' ? code : cause instanceof Error ? cause.message : 'failed';
  return new ProxyError(
    `the proxy ${server.shown} (${server.variable}) did not open a tunnel to ${target} (${reason})`,
    `check ${server.variable}, and that the proxy runs and this machine can reach it`,
    undefined,
    { cause },
  );
}

/** The ProxyError behind `error` (an HTTP client's error wraps it as its cause), if any. */
export function proxyErrorIn(error: unknown): ProxyError | undefined {
  let current = error;
  // Bounded: a chain of causes could loop.
  for (let depth = 0; depth < 5 && current !== undefined && current !== null; depth += 1) {
    if (current instanceof ProxyError) return current;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
