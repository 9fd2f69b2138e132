import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';

export interface Page {
  status: number;
  /** The URL of the last request, after the redirects followed. */
  url: string;
  headers: IncomingHttpHeaders;
  text: string;
  /** Every URL visited, the redirects' included. */
  visited: string[];
}

export interface BrowserRequest {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** Follow redirects as a browser does (a 303, 302 or 301 after a POST becomes a GET). */
  follow?: boolean;
}

/**
 * A browser as far as signing in needs: keeps cookies per host (as browsers do, whatever the
 * port), follows redirects, trusts the simulator's certificate, and asks for HTML as a page load
 * does.
 */
export class Browser {
  private readonly jar = new Map<string, Map<string, string>>();

  constructor(private readonly ca: string) {}

  cookie(url: string, name: string): string | undefined {
    return this.jar.get(new URL(url).hostname)?.get(name);
  }

  setCookie(url: string, name: string, value: string): void {
    const host = new URL(url).hostname;
    const cookies = this.jar.get(host) ?? new Map<string, string>();
    cookies.set(name, value);
    this.jar.set(host, cookies);
  }

  async open(url: string, options: BrowserRequest = {}): Promise<Page> {
    const visited: string[] = [];
    let current = url;
    let method = options.method ?? 'GET';
    let body = options.body;
    for (let hop = 0; hop < 10; hop++) {
      visited.push(current);
      const answer = await this.send(current, method, body, options.headers ?? {});
      const location = answer.headers.location;
      if (options.follow === false || !location || answer.status < 300 || answer.status >= 400) {
        return { ...answer, url: current, visited };
      }
      current = new URL(location, current).href;
      if (answer.status !== 307 && answer.status !== 308) {
        method = 'GET';
        body = undefined;
      }
    }
    throw new Error(`too many redirects from ${url}`);
  }

  private send(
    url: string,
    method: string,
    body: string | undefined,
    extra: Record<string, string>,
  ): Promise<Omit<Page, 'url' | 'visited'>> {
    const target = new URL(url);
    const cookies = [...(this.jar.get(target.hostname) ?? new Map<string, string>())];
    const headers: Record<string, string> = {
      accept: 'text/html,application/xhtml+xml',
      ...(cookies.length > 0
        ? { cookie: cookies.map(([name, value]) => `${name}=${value}`).join('; ') }
        : {}),
      ...(body !== undefined ? { 'content-length': String(Buffer.byteLength(body)) } : {}),
      ...extra,
    };
    const request = target.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const outgoing = request(target, { method, headers, ca: this.ca }, (incoming) => {
        this.remember(target.hostname, incoming.headers['set-cookie'] ?? []);
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('error', reject);
        incoming.on('end', () =>
          resolve({
            status: incoming.statusCode ?? 0,
            headers: incoming.headers,
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      });
      outgoing.on('error', reject);
      outgoing.end(body);
    });
  }

  private remember(host: string, setCookies: readonly string[]): void {
    const cookies = this.jar.get(host) ?? new Map<string, string>();
    for (const line of setCookies) {
      const [pair = '', ...attributes] = line.split(';');
      const equals = pair.indexOf('=');
      const name = pair.slice(0, equals).trim();
      const gone = attributes.some((attribute) => {
        const [key = '', value = ''] = attribute.trim().split('=');
        const lower = key.toLowerCase();
        return (
          (lower === 'max-age' && Number(value) <= 0) ||
          (lower === 'expires' && Date.parse(value) <= Date.now())
        );
      });
      if (gone) cookies.delete(name);
      else cookies.set(name, pair.slice(equals + 1).trim());
    }
    this.jar.set(host, cookies);
  }
}
