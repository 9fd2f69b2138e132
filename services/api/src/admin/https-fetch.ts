import { request as httpsRequest } from 'node:https';

type FetchOptions = {
  method: string;
  headers: Record<string, string>;
  body?: unknown;
  signal?: AbortSignal;
};

/**
 * A fetch for openid-client that trusts one extra CA certificate (an Entra ID stand-in with a
 * self-signed certificate, in tests), as Node's fetch cannot be given a CA per call.
 */
export function fetchTrusting(ca: string) {
  return (url: string, options: FetchOptions): Promise<Response> =>
    new Promise((resolve, reject) => {
      // openid-client sends its forms as URLSearchParams (or a string); nothing else is sent.
      const given = options.body;
      const body =
        typeof given === 'string'
          ? given
          : given instanceof URLSearchParams
            ? given.toString()
            : undefined;
      const outgoing = httpsRequest(
        url,
        {
          method: options.method,
          headers: options.headers,
          ca,
          ...(options.signal ? { signal: options.signal } : {}),
        },
        (incoming) => {
          const chunks: Buffer[] = [];
          incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
          incoming.on('error', reject);
          incoming.on('end', () => {
            const headers = new Headers();
            for (const [name, value] of Object.entries(incoming.headers)) {
              for (const each of [value ?? []].flat()) headers.append(name, each);
            }
            resolve(
              new Response(Buffer.concat(chunks), { status: incoming.statusCode ?? 500, headers }),
            );
          });
        },
      );
      outgoing.on('error', reject);
      outgoing.end(body);
    });
}
