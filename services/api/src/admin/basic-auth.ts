import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler, Response } from 'express';
import type { FailureLimiter } from '../http/failure-limiter';
import { HttpError } from '../http/http-error';
import { setAdminUser } from './admin-user';

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/**
 * Who may do what on the admin listener: an operator sees everything and may retry, promote and
 * remove; a viewer sees queues, states and reasons with personal data hidden and changes nothing.
 */
export type AdminRole = 'operator' | 'viewer';

export interface AdminAccount {
  user: string;
  password: string;
  role: AdminRole;
}

/** The role the request was signed in with (basic auth or an Entra ID session). */
export function adminRoleOf(res: Response): AdminRole {
  return (res.locals as { adminRole: AdminRole }).adminRole;
}

/**
 * HTTP basic authentication for the admin listener. User and password are compared in constant
 * time against every account (hashed to equal length, all always compared), and every refusal
 * looks alike. The account that matches sets the request's role (`adminRoleOf`).
 * Wrong credentials count against the client's address: past the limiter's allowance every
 * sign-in from it, the right one too, gets 429 until its minute is over, so a password cannot be
 * guessed at speed. A request with no credentials at all (a browser's first, which draws the
 * sign-in prompt) is not a guess and does not count.
 */
export function basicAuth(
  accounts: readonly AdminAccount[],
  limiter?: FailureLimiter,
): RequestHandler {
  const expected = accounts.map(({ user, password, role }) => ({
    name: user,
    user: digest(user),
    password: digest(password),
    role,
  }));
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
    const givenUser = digest(user);
    const givenPassword = digest(password);
    let signedIn: (typeof expected)[number] | undefined;
    for (const account of expected) {
      const userOk = timingSafeEqual(givenUser, account.user);
      const passwordOk = timingSafeEqual(givenPassword, account.password);
      if (userOk && passwordOk) signedIn = account;
    }
    if (match && signedIn) {
      setAdminUser(res, { name: signedIn.name, role: signedIn.role, via: 'basic' });
      return next();
    }
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
