import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';
import type { FailureLimiter } from './failure-limiter';
import { HttpError } from './http-error';

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/**
 * Checks `?code=` against every configured secret in constant time: both sides are hashed to the
 * same length, and every secret is compared, so timing says nothing about which one (or how
 * much of one) matched. An address that keeps sending wrong secrets gets 429 for the rest of the
 * minute instead of 401; a right secret always passes, so a shared address (a proxy) never
 * costs a real lead. Returns a check that throws the HttpError to answer, or returns when the
 * code is right.
 */
export function checkIngestSecret(
  secrets: readonly string[],
  limiter?: FailureLimiter,
): (req: Request) => void {
  const expected = secrets.map(digest);
  return (req) => {
    const code = req.query.code;
    const given = digest(typeof code === 'string' ? code : '');
    let matched = false;
    for (const secret of expected) matched = timingSafeEqual(secret, given) || matched;
    if (typeof code === 'string' && matched) return;
    const waitSeconds = limiter?.fail(req.ip ?? 'unknown');
    if (waitSeconds !== undefined) {
      throw new HttpError(
        429,
        'TOO_MANY_FAILURES',
        'Too many wrong codes from this address; wait and retry.',
        undefined,
        {
          'Retry-After': String(waitSeconds),
        },
      );
    }
    throw new HttpError(401, 'UNAUTHORIZED', 'The code in the URL is missing or wrong.');
  };
}
