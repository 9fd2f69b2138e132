import { timingSafeEqual } from 'node:crypto';
import express, { type Request, type RequestHandler, type Response } from 'express';
import { HttpError } from '../http/http-error';

const SAFE_METHODS = new Set(['GET', 'HEAD']);

/** Whether a request can change something: the ones CSRF protection covers. */
export const changesState = (req: Request) => !SAFE_METHODS.has(req.method);

/** The origins this listener answers as: its public URL, and the host the request names. */
function ownOrigins(req: Request, publicUrl: string | undefined): string[] {
  const origins = [`${req.protocol}://${req.get('host') ?? ''}`.toLowerCase()];
  if (publicUrl) origins.push(new URL(publicUrl).origin.toLowerCase());
  return origins;
}

/** Whether the browser says the request came from this listener's own pages. */
export function provenSameOrigin(req: Request, publicUrl: string | undefined): boolean {
  if (req.get('sec-fetch-site') === 'same-origin') return true;
  const origin = req.get('origin')?.toLowerCase();
  return origin !== undefined && ownOrigins(req, publicUrl).includes(origin);
}

/**
 * Refuses a state-changing request a browser says comes from another site: `Sec-Fetch-Site`
 * other than `same-origin` or `none` (typed by the user), or, from a browser too old to send
 * that, an `Origin` that is not this listener's (`null` included). Browsers send one or both on every POST, PUT and DELETE, so a
 * cross-site form or fetch is refused whatever credentials ride along — a cached basic-auth
 * password as much as a session cookie. A request with neither header (curl, Prometheus, a
 * script with basic auth) is not a browser's and passes on to the sign-in.
 */
export function refuseCrossSite(publicUrl: string | undefined): RequestHandler {
  return (req, _res, next) => {
    if (!changesState(req)) return next();
    const site = req.get('sec-fetch-site');
    const origin = req.get('origin')?.toLowerCase();
    // A browser that says where the request comes from is taken at its word: the pages' own
    // forms arrive with `Origin: null`, since the listener's `Referrer-Policy: no-referrer`
    // makes a browser hide the origin of a form post, but still `Sec-Fetch-Site: same-origin`.
    const crossSite =
      site !== undefined
        ? site !== 'same-origin' && site !== 'none'
        : origin !== undefined && !ownOrigins(req, publicUrl).includes(origin);
    if (!crossSite) return next();
    next(
      new HttpError(
        403,
        'CROSS_SITE_REQUEST',
        'Changes are accepted only from the admin pages themselves.',
      ),
    );
  };
}

const readForm = express.urlencoded({ extended: false, limit: '64kb', parameterLimit: 100 });

function sameToken(given: unknown, expected: string): boolean {
  if (typeof given !== 'string' || given.length !== expected.length) return false;
  return timingSafeEqual(Buffer.from(given), Buffer.from(expected));
}

/**
 * The synchronizer token check for a request signed in by a session cookie: an `X-CSRF-Token`
 * header, or a `_csrf` field of a posted form, equal to the session's token. The form body is
 * read here, so routes behind it find it in `req.body` as well.
 */
export async function hasCsrfToken(
  req: Request,
  res: Response,
  expected: string,
): Promise<boolean> {
  const header = req.get('x-csrf-token');
  if (header !== undefined) return sameToken(header, expected);
  if (!req.is('application/x-www-form-urlencoded')) return false;
  await new Promise<void>((resolve, reject) =>
    readForm(req, res, (error?: Error) => (error ? reject(error) : resolve())),
  );
  return sameToken((req.body as Record<string, unknown> | undefined)?._csrf, expected);
}

export const csrfRefused = () =>
  new HttpError(
    403,
    'CSRF_TOKEN_MISSING',
    'This change needs the form token of your session; reload the page and try again.',
  );
