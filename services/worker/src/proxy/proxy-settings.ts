import { ConfigError, maskUrl, urlEncodingHint } from '@leadbridge/service-kit';
import { parseNoProxy, type NoProxyList } from './no-proxy';

/** One proxy server, as a setting named it. */
export interface ProxyServer {
  /** The URL, credentials included: give it to the agent, never to a log line. */
  readonly url: string;
  /** The variable it came from (`HTTPS_PROXY`, `https_proxy`, …), for messages. */
  readonly variable: string;
  /** The URL with its user and password masked, for a person to read. */
  readonly shown: string;
}

/**
 * The outbound proxy settings, read once. HTTPS_PROXY carries every connection to an https://
 * URL (Entra ID, Dataverse, webhooks) and every SMTP connection, as CONNECT tunnels; HTTP_PROXY
 * carries plain http:// requests (an http:// webhook); NO_PROXY lists the hosts reached directly.
 */
export interface ProxySettings {
  /** @defaultValue none: connections to https:// URLs and SMTP servers are made directly */
  readonly https?: ProxyServer;
  /** @defaultValue none: http:// requests are made directly */
  readonly http?: ProxyServer;
  readonly noProxy: NoProxyList;
}

type Env = Readonly<Record<string, string | undefined>>;

/** Direct connections for everything: what the worker does without any proxy variable. */
export const NO_PROXY_SETTINGS: ProxySettings = Object.freeze({
  noProxy: parseNoProxy(undefined, 'NO_PROXY'),
});

/**
 * The lower-case variable wins over the upper-case one when both are set, as curl and
 * proxy-from-env read them.
 */
function pick(env: Env, name: string): { variable: string; value: string } | undefined {
  for (const variable of [name.toLowerCase(), name]) {
    const value = env[variable]?.trim();
    if (value) return { variable, value };
  }
  return undefined;
}

function readServer(env: Env, name: string): ProxyServer | undefined {
  const found = pick(env, name);
  if (!found) return undefined;
  const { variable, value } = found;
  // Without a scheme, `proxy.example:3128` is an HTTP proxy, as curl takes it.
  const written = value.includes('://') ? value : `http://${value}`;
  let url: URL;
  try {
    url = new URL(written);
  } catch {
    throw new ConfigError(
      variable,
      `must be a proxy URL such as http://proxy.example:3128, got "${maskUrl(value)}"${urlEncodingHint(value)}`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(
      variable,
      `must be an http:// or https:// proxy (one that tunnels with CONNECT), got ${url.protocol}// proxy`,
    );
  }
  if (
    url.hostname === '' ||
    (url.pathname !== '/' && url.pathname !== '') ||
    url.search ||
    url.hash
  ) {
    throw new ConfigError(
      variable,
      `must be a proxy's address alone (scheme, host and port), got "${maskUrl(value)}"`,
    );
  }
  return Object.freeze({ url: url.href, variable, shown: maskUrl(url.href).replace(/\/$/, '') });
}

/**
 * Reads HTTPS_PROXY, HTTP_PROXY and NO_PROXY (or their lower-case forms) once; throws a
 * ConfigError naming the variable when one is not usable.
 */
export function readProxySettings(env: Env): ProxySettings {
  const https = readServer(env, 'HTTPS_PROXY');
  const http = readServer(env, 'HTTP_PROXY');
  const noProxy = pick(env, 'NO_PROXY');
  return Object.freeze({
    ...(https ? { https } : {}),
    ...(http ? { http } : {}),
    noProxy: parseNoProxy(noProxy?.value, noProxy?.variable ?? 'NO_PROXY'),
  });
}

const DEFAULT_PORTS: Readonly<Record<string, number>> = { 'http:': 80, 'https:': 443 };

/**
 * The proxy a connection to `host`:`port` goes through, or undefined to connect directly.
 * `secure` picks HTTPS_PROXY (TLS inside a tunnel, SMTP too) over HTTP_PROXY.
 */
export function proxyForHost(
  settings: ProxySettings,
  host: string,
  port: number,
  secure: boolean,
): ProxyServer | undefined {
  const server = secure ? settings.https : settings.http;
  if (!server || settings.noProxy.matches(host, port)) return undefined;
  return server;
}

/** The proxy a request to `url` goes through, or undefined to connect directly. */
export function proxyForUrl(settings: ProxySettings, url: string): ProxyServer | undefined {
  const parsed = new URL(url);
  const port = parsed.port ? Number(parsed.port) : (DEFAULT_PORTS[parsed.protocol] ?? 0);
  return proxyForHost(settings, parsed.hostname, port, parsed.protocol !== 'http:');
}
