import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { HttpError } from './http-error';

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/**
 * Checks `?code=` against every configured secret in constant time: both sides are hashed to the
 * same length, and every secret is compared, so timing says nothing about which one (or how
 * much of one) matched.
 */
export function requireIngestSecret(secrets: readonly string[]): RequestHandler {
  const expected = secrets.map(digest);
  return (req, _res, next) => {
    const code = req.query.code;
    const given = digest(typeof code === 'string' ? code : '');
    let matched = false;
    for (const secret of expected) matched = timingSafeEqual(secret, given) || matched;
    if (typeof code === 'string' && matched) return next();
    next(new HttpError(401, 'UNAUTHORIZED', 'The code in the URL is missing or wrong.'));
  };
}
