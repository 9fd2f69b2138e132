import { once } from 'node:events';
import { createServer, type IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { createProxy } from 'proxy';

export interface TestProxyOptions {
  /** Require `Proxy-Authorization: Basic` with these; anything else is answered 407. */
  credentials?: { user: string; password: string };
}

/** One request the proxy took: a CONNECT tunnel or a plain HTTP request in absolute form. */
export interface ProxiedRequest {
  method: string;
  /** `host:port` for CONNECT, the absolute URL otherwise. */
  target: string;
  /** Whether the proxy let it through (false: answered 407). */
  allowed: boolean;
}

export interface TestProxy {
  /** `http://127.0.0.1:<port>`, without credentials. */
  url: string;
  port: number;
  /** `http://user:password@127.0.0.1:<port>` with the given user and password, percent-encoded. */
  urlWith(user: string, password: string): string;
  /** Every request, in the order it came. */
  readonly requests: ProxiedRequest[];
  /** The CONNECT targets the proxy opened a tunnel to (`host:port`), in order. */
  tunnels(): string[];
  close(): Promise<void>;
}

function basicCredentials(req: IncomingMessage): string | undefined {
  const header = req.headers['proxy-authorization'];
  if (typeof header !== 'string' || !header.startsWith('Basic ')) return undefined;
  return Buffer.from(header.slice('Basic '.length), 'base64').toString('utf8');
}

/**
 * A real HTTP proxy (the `proxy` package) on a free port of 127.0.0.1: CONNECT tunnels for
 * https:// and other TCP traffic, absolute-form requests for http://; with `credentials`, a proxy
 * that asks for them (407). It records what went through it.
 */
export async function startTestProxy(options: TestProxyOptions = {}): Promise<TestProxy> {
  const requests: ProxiedRequest[] = [];
  const sockets = new Set<Socket>();
  const server = createProxy(createServer());
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  const expected = options.credentials
    ? `${options.credentials.user}:${options.credentials.password}`
    : undefined;
  server.authenticate = (req) => {
    const allowed = expected === undefined || basicCredentials(req) === expected;
    requests.push({ method: req.method ?? '', target: req.url ?? '', allowed });
    return allowed;
  };
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    urlWith: (user, password) =>
      `http://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${port}`,
    requests,
    tunnels: () =>
      requests
        .filter((request) => request.method === 'CONNECT' && request.allowed)
        .map((request) => request.target),
    close: () =>
      new Promise<void>((resolve) => {
        // Tunnels are no longer the HTTP server's connections: end them here.
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
