import { ConfigError, type envReader } from '@leadbridge/service-kit';
import { parseTrustProxy, type TrustProxy } from '../http/trust-proxy';
import { readOidcConfig, type AdminOidcConfig } from './oidc-config';
import { GENERATE_HINT, guessableBecause, MIN_PASSWORD_BITS } from '../secret-strength';

/** A dashboard password short enough to guess is refused. */
export const MIN_ADMIN_PASSWORD_LENGTH = 12;

/**
 * The admin listener (dashboard, lookup, metrics); it starts with the operator's password, with
 * Entra ID sign-in, or with both.
 */
export interface AdminConfig {
  /** @defaultValue 3001 */
  readonly port: number;
  /** The operator: sees every lead in full, may retry, promote and remove. @defaultValue 'admin' */
  readonly user: string;
  readonly password?: string;
  /**
   * The viewer: sees queues, states, reasons and counts with personal data hidden, and can change
   * nothing. Only when ADMIN_VIEWER_PASSWORD is set; the user is ADMIN_VIEWER_USER.
   * @defaultValue no viewer (user 'viewer' once a password is set)
   */
  readonly viewer?: { readonly user: string; readonly password: string };
  /** The operator can only look too (ADMIN_READ_ONLY). @defaultValue false */
  readonly readOnly: boolean;
  /**
   * Proxies in front of the admin port whose X-Forwarded-For is believed (ADMIN_TRUST_PROXY), so
   * failed sign-ins are counted per client. Its own setting, not TRUST_PROXY: where only the
   * public port is behind a proxy, a caller reaching the admin port directly could otherwise
   * name a new address with each guess and never be limited. @defaultValue false
   */
  readonly trustProxy: TrustProxy;
  /**
   * Signing in with Microsoft Entra ID (ADMIN_OIDC_* and ADMIN_PUBLIC_URL). Basic auth keeps
   * working beside it for scripts and Prometheus when ADMIN_PASSWORD is set too.
   * @defaultValue none: basic auth only
   */
  readonly oidc?: AdminOidcConfig;
}

type EnvReader = ReturnType<typeof envReader>;

/** An optional password, refused when short or guessable. */
function readPassword(read: EnvReader, name: string): string | undefined {
  const password = read.raw(name);
  if (password === undefined) return undefined;
  if (password.length < MIN_ADMIN_PASSWORD_LENGTH) {
    throw new ConfigError(name, `must be at least ${MIN_ADMIN_PASSWORD_LENGTH} characters`);
  }
  const weakness = guessableBecause(password, MIN_PASSWORD_BITS);
  if (weakness) throw new ConfigError(name, `is easy to guess: ${weakness}. ${GENERATE_HINT}`);
  return password;
}

/** The operator's and the viewer's accounts; throws a ConfigError naming the bad variable. */
export function readAdminConfig(read: EnvReader): AdminConfig {
  const user = read.string('ADMIN_USER', 'admin');
  const password = readPassword(read, 'ADMIN_PASSWORD');
  const viewerPassword = readPassword(read, 'ADMIN_VIEWER_PASSWORD');
  const viewerUser = read.string('ADMIN_VIEWER_USER', 'viewer');
  if (viewerPassword !== undefined && password === undefined) {
    throw new ConfigError(
      'ADMIN_VIEWER_PASSWORD',
      "needs ADMIN_PASSWORD: the admin listener starts with the operator's account",
    );
  }
  if (viewerPassword !== undefined && viewerUser === user) {
    throw new ConfigError('ADMIN_VIEWER_USER', 'must differ from ADMIN_USER');
  }
  const oidc = readOidcConfig(read);
  return Object.freeze({
    port: read.int('ADMIN_PORT', 3001, { min: 0, max: 65535 }),
    user,
    ...(password !== undefined ? { password } : {}),
    ...(viewerPassword !== undefined
      ? { viewer: Object.freeze({ user: viewerUser, password: viewerPassword }) }
      : {}),
    readOnly: read.bool('ADMIN_READ_ONLY', false),
    trustProxy: parseTrustProxy(read.raw('ADMIN_TRUST_PROXY')),
    ...(oidc ? { oidc } : {}),
  });
}
