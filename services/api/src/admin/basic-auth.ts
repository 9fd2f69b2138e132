import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { FailureLimiter } from '../http/failure-limiter';
import { HttpError } from '../http/http-error';

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/**
 * HTTP basic authentication for the admin listener. Both user and password are compared in
 * constant time (hashed to equal length, both always compared), and every refusal looks alike.
 * Wrong credentials count against the client's address: past the limiter's allowance every
 * sign-in from it, the right one too, gets 429 until its minute is over, so a password cannot be
 * guessed at speed. A request with no credentials at all (a browser's first, which draws the
 * sign-in prompt) is not a guess and does not count.
 */
export function basicAuth(
  credentials: { user: string; password: string },
  limiter?: FailureLimiter,
): RequestHandler {
  const expectedUser = digest(credentials.user);
  const expectedPassword = digest(credentials.password);
  const tooMany = (waitSeconds: number) =>
    new HttpError(
      429,
      'TOO_MANY_FAILURES',
      'Too many failed sign-ins from this address; wait and retry.',
      undefined,
      { 'Retry-After': String(waitSeconds) },
    );
  return (req, res, next) => {
    const address = req.ip ?? 'unknown';
    const blocked = limiter?.blockedFor(address);
    if (blocked !== undefined) return next(tooMany(blocked));
    const header = req.get('authorization');
    const match = /^Basic ([A-Za-z0-9+/=]+)$/.exec(header ?? '');
    const decoded = match?.[1] ? Buffer.from(match[1], 'base64').toString('utf8') : '';
    const colon = decoded.indexOf(':');
    const user = colon === -1 ? '' : decoded.slice(0, colon);
    const password = colon === -1 ? '' : decoded.slice(colon + 1);
    const userOk = timingSafeEqual(digest(user), expectedUser);
    const passwordOk = timingSafeEqual(digest(password), expectedPassword);
    if (match && userOk && passwordOk) return next();
    const waitSeconds = header === undefined ? undefined : limiter?.fail(address);
    if (waitSeconds !== undefined) return next(tooMany(waitSeconds));
    res
      .status(401)
      .set('WWW-Authenticate', 'Basic realm="Leadbridge admin", charset="UTF-8"')
      .json({
        error: { code: 'UNAUTHORIZED', message: 'Sign in with the admin user and password.' },
      });
  };
}
