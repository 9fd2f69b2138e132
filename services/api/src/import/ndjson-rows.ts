import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { ImportRow } from './import-row';

/** The API's limit on one body; a longer line would have been refused when POSTed. */
const MAX_BODY_BYTES = 64 * 1024;

/**
 * Reads a file of Microsoft payloads, one JSON object a line, as each was POSTed (what the spool
 * or a proxy's log keeps). Blank lines are skipped; CRLF and a byte order mark are fine. The line
 * is the raw body, so the lead has the content key it had when it was sent.
 */
export async function* ndjsonRows(
  path: string,
  onBytes?: (bytes: number) => void,
): AsyncGenerator<ImportRow> {
  const input = createReadStream(path);
  let read = 0;
  input.on('data', (chunk) => {
    read += chunk.length;
    onBytes?.(read);
  });
  const reader = createInterface({ input, crlfDelay: Infinity });
  let line = 0;
  for await (const text of reader) {
    line++;
    const rawBody = line === 1 ? text.replace(/^\uFEFF/, '') : text;
    if (rawBody.trim() === '') continue;
    if (Buffer.byteLength(rawBody) > MAX_BODY_BYTES) {
      yield { kind: 'invalid', line, reason: 'is longer than the 64 KiB the API accepts' };
      continue;
    }
    let body: unknown;
    try {
      body = JSON.parse(rawBody);
    } catch {
      yield { kind: 'invalid', line, reason: 'is not JSON' };
      continue;
    }
    yield { kind: 'lead', line, body, rawBody };
  }
}
