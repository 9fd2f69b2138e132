import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/**
 * HTTP basic authentication for the admin listener. Both user and password are compared in
 * constant time (hashed to equal length, both always compared), and every refusal looks alike.
 */
export function basicAuth(credentials: { user: string; password: string }): RequestHandler {
  const expectedUser = digest(credentials.user);
  const expectedPassword = digest(credentials.password);
  return (req, res, next) => {
    const header = req.get('authorization') ?? '';
    const match = /^Basic ([A-Za-z0-9+/=]+)$/.exec(header);
    const decoded = match?.[1] ? Buffer.from(match[1], 'base64').toString('utf8') : '';
    const colon = decoded.indexOf(':');
    const user = colon === -1 ? '' : decoded.slice(0, colon);
    const password = colon === -1 ? '' : decoded.slice(colon + 1);
    const userOk = timingSafeEqual(digest(user), expectedUser);
    const passwordOk = timingSafeEqual(digest(password), expectedPassword);
    if (match && userOk && passwordOk) return next();
    res
      .status(401)
      .set('WWW-Authenticate', 'Basic realm="Leadbridge admin", charset="UTF-8"')
      .json({
        error: { code: 'UNAUTHORIZED', message: 'Sign in with the admin user and password.' },
      });
  };
}
