import express, { type Request, type Response } from 'express';
import { HttpError } from './http-error';

/** Microsoft sends one small JSON document; anything larger is not a lead. */
export const MAX_BODY_BYTES = 64 * 1024;

const UNSUPPORTED_MEDIA_TYPE = new HttpError(
  415,
  'UNSUPPORTED_MEDIA_TYPE',
  'Send the lead as Content-Type: application/json.',
);

// Every body read as text (it goes into the job as received), by body-parser: the charsets,
// Content-Encodings, chunked bodies and limits it knows, and its errors, which the error
// handler answers.
const readWithBodyParser = express.text({ type: () => true, limit: MAX_BODY_BYTES });

// What Microsoft sends: JSON, in UTF-8 (said or not), of a stated length, not compressed.
const PLAIN_JSON = /^application\/json\s*(?:;\s*charset="?utf-8"?\s*)?$/i;

/** Any JSON type body-parser would accept, for the requests that take the general way. */
function isJson(req: Request): boolean {
  return Boolean(req.is(['application/json', 'application/*+json']));
}

/** The body of a request of known length within the limit, without a body-parser pipeline. */
function readPlain(req: Request, length: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    req.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      received += chunk.length;
    });
    req.on('end', () => {
      if (received !== length) {
        reject(
          Object.assign(new Error('request size did not match'), {
            type: 'request.size.invalid',
            status: 400,
          }),
        );
        return;
      }
      const text = (
        chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, received)
      ).toString('utf8');
      // body-parser drops a byte order mark; JSON.parse would refuse it.
      resolve(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
    });
    req.on('error', () =>
      reject(Object.assign(new Error('request aborted'), { type: 'request.aborted', status: 400 })),
    );
  });
}

/**
 * The lead's body as text, or an error for the error handler (415, 413, 400). A plain JSON body
 * of stated length is read straight off the request, which costs a fraction of body-parser's
 * pipeline on every lead; anything else (another charset, compressed, chunked, too long) goes
 * through body-parser as before, so it is answered exactly as it always was.
 */
export function readLeadBody(req: Request, res: Response): Promise<string> {
  const type = req.headers['content-type'];
  const lengthHeader = req.headers['content-length'];
  const length = lengthHeader === undefined ? NaN : Number(lengthHeader);
  const encoding = req.headers['content-encoding'];
  if (
    type !== undefined &&
    PLAIN_JSON.test(type) &&
    Number.isInteger(length) &&
    length >= 0 &&
    length <= MAX_BODY_BYTES &&
    (encoding === undefined || encoding.toLowerCase() === 'identity') &&
    req.headers['transfer-encoding'] === undefined
  ) {
    return readPlain(req, length);
  }
  if (!isJson(req)) return Promise.reject(UNSUPPORTED_MEDIA_TYPE);
  return new Promise((resolve, reject) => {
    readWithBodyParser(req, res, (error?: unknown) => {
      // body-parser's errors carry the `type` the error handler answers by.
      if (error) reject(error instanceof Error ? error : new Error('the body could not be read'));
      else resolve(req.body as string);
    });
  });
}
