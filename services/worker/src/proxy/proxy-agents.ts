import type { ClientRequest } from 'node:http';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { Socket } from 'node:net';
import { Agent as RoutingBase, type AgentConnectOpts } from 'agent-base';
import { HttpProxyAgent } from 'http-proxy-agent';
import { HttpsProxyAgent } from 'https-proxy-agent';
import { proxyUnreachable, tunnelRefused } from './proxy-error';
import { proxyForHost, type ProxyServer, type ProxySettings } from './proxy-settings';

export interface ProxyAgentOptions {
  /** Keep connections open between requests. */
  keepAlive: boolean;
  /** Sockets per host (each tunnelled host counts apart). @defaultValue Infinity */
  maxSockets?: number;
  /**
   * Extra trusted CA certificates (PEM) for the servers, behind a tunnel or not. An https://
   * proxy's own certificate is checked against the system's CAs and NODE_EXTRA_CA_CERTS.
   */
  ca?: string;
  /**
   * Longest wait for the proxy to open a tunnel: a request's own time limit only starts once it
   * has a socket. @defaultValue 30_000
   */
  tunnelTimeoutMs?: number;
}

/** An http.Agent for each kind of URL, which go through the proxy or directly as the settings say. */
export interface ProxyAgents {
  httpAgent: HttpAgent;
  /** An https.Agent, or one that hands each request to one (agent-base). */
  httpsAgent: HttpAgent;
}

interface ProxyAnswer {
  statusCode: number;
  statusText: string;
}

/**
 * https-proxy-agent, with a refused CONNECT turned into a ProxyError: the agent itself hands the
 * proxy's answer (a 407, say) to the request as if the server had sent it, and an HTTP client
 * would take it for Dataverse's or Entra ID's.
 */
class TunnelAgent extends HttpsProxyAgent<string> {
  constructor(
    private readonly server: ProxyServer,
    private readonly timeoutMs: number,
    private readonly ca: string | undefined,
    limits: { keepAlive: boolean; maxSockets?: number },
  ) {
    super(server.url, limits);
  }

  override async connect(req: ClientRequest, opts: AgentConnectOpts) {
    const target = `${opts.host ?? ''}:${opts.port}`;
    let answer: ProxyAnswer | undefined;
    req.once('proxyConnect', (connect: ProxyAnswer) => (answer = connect));
    // The agent upgrades the tunnel to TLS with the request's options, which carry no CA.
    const tunnel = super.connect(
      req,
      this.ca && opts.secureEndpoint ? { ...opts, ca: this.ca } : opts,
    );
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no answer within ${this.timeoutMs} ms`)),
        this.timeoutMs,
      );
    });
    let socket: Socket;
    try {
      socket = await Promise.race([tunnel, deadline]);
    } catch (error) {
      // A tunnel that opens after all is not used.
      tunnel.then(
        (late) => late.destroy(),
        () => undefined,
      );
      throw proxyUnreachable(this.server, target, error);
    } finally {
      clearTimeout(timer);
    }
    if (answer && answer.statusCode !== 200) {
      socket.destroy();
      throw tunnelRefused(this.server, target, answer.statusCode, answer.statusText);
    }
    return socket;
  }
}

/**
 * Per request, the agent the settings choose for its host: one that tunnels through the proxy,
 * or a plain keep-alive one for a host in NO_PROXY. Each keeps its own pool, so keep-alive holds
 * either way.
 */
class RoutingAgent extends RoutingBase {
  constructor(
    private readonly choose: (host: string, port: number) => HttpAgent,
    keepAlive: boolean,
  ) {
    // The agent that carries the request keeps its socket; this one only has to say keep-alive.
    super({ keepAlive });
  }

  connect(_req: ClientRequest, opts: AgentConnectOpts): HttpAgent {
    return this.choose(opts.host ?? '', opts.port ?? 0);
  }
}

/**
 * The agents every outbound HTTP client of the worker uses: through HTTPS_PROXY for https://
 * URLs and HTTP_PROXY for http:// ones, except the hosts in NO_PROXY; directly without them.
 * Custom CA certificates and keep-alive apply to the servers behind the tunnel as to direct ones.
 */
export function createProxyAgents(
  settings: ProxySettings,
  options: ProxyAgentOptions,
): ProxyAgents {
  const { keepAlive, ca } = options;
  const limits = {
    keepAlive,
    ...(options.maxSockets !== undefined ? { maxSockets: options.maxSockets } : {}),
  };
  const direct = {
    http: new HttpAgent(limits),
    https: new HttpsAgent({ ...limits, ...(ca ? { ca } : {}) }),
  };
  const timeoutMs = options.tunnelTimeoutMs ?? 30_000;
  const tunnel = settings.https
    ? new TunnelAgent(settings.https, timeoutMs, ca, limits)
    : undefined;
  const forward = settings.http ? new HttpProxyAgent(settings.http.url, limits) : undefined;

  if (!tunnel && !forward) return { httpAgent: direct.http, httpsAgent: direct.https };
  const route = (secure: boolean) => (host: string, port: number) => {
    const through = proxyForHost(settings, host, port, secure)
      ? secure
        ? tunnel
        : forward
      : undefined;
    return through ?? (secure ? direct.https : direct.http);
  };
  return {
    httpAgent: new RoutingAgent(route(false), keepAlive),
    httpsAgent: new RoutingAgent(route(true), keepAlive),
  };
}
