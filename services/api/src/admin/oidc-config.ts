import { readFileSync } from 'node:fs';
import { ConfigError, type EnvReader } from '@leadbridge/service-kit';

/** A certificate and its private key (PEM), for client assertions (private_key_jwt). */
export interface ClientCertificate {
  readonly privateKeyPem: string;
  readonly certificatePem: string;
}

/** Signing people in with Microsoft Entra ID (OpenID Connect), beside or instead of basic auth. */
export interface AdminOidcConfig {
  /** ADMIN_OIDC_ISSUER, e.g. `https://login.microsoftonline.com/<tenant id>/v2.0`. */
  readonly issuer: string;
  /** ADMIN_OIDC_CLIENT_ID: the app registration's application (client) id. */
  readonly clientId: string;
  /** ADMIN_OIDC_CLIENT_SECRET, when the app signs in with a secret. */
  readonly clientSecret?: string;
  /** Read from ADMIN_OIDC_CLIENT_CERTIFICATE_PATH, when the app signs in with a certificate. */
  readonly clientCertificate?: ClientCertificate;
  /**
   * ADMIN_PUBLIC_URL: the admin listener as browsers reach it, without a trailing slash. The
   * redirect URI is `<publicUrl>/auth/callback`; https makes the cookies Secure.
   */
  readonly publicUrl: string;
  /** ADMIN_SESSION_HOURS: a session ends this long after sign-in, however busy. @defaultValue 8 */
  readonly sessionHours: number;
  /** ADMIN_SESSION_IDLE_MINUTES: a session unused this long ends. @defaultValue 60 */
  readonly idleMinutes: number;
  /** ADMIN_OIDC_OPERATOR_GROUPS: group object ids whose members are operators. @defaultValue none */
  readonly operatorGroups: readonly string[];
  /** ADMIN_OIDC_VIEWER_GROUPS: group object ids whose members are viewers. @defaultValue none */
  readonly viewerGroups: readonly string[];
}

const OIDC_VARIABLES = [
  'ADMIN_OIDC_CLIENT_ID',
  'ADMIN_OIDC_CLIENT_SECRET',
  'ADMIN_OIDC_CLIENT_CERTIFICATE_PATH',
  'ADMIN_OIDC_OPERATOR_GROUPS',
  'ADMIN_OIDC_VIEWER_GROUPS',
] as const;

const PEM_KEY =
  /-----BEGIN (?:RSA |EC )?PRIVATE KEY-----[A-Za-z0-9+/=\s]{1,20000}-----END (?:RSA |EC )?PRIVATE KEY-----/;
const PEM_CERTIFICATE =
  /-----BEGIN CERTIFICATE-----[A-Za-z0-9+/=\s]{1,20000}-----END CERTIFICATE-----/;

/** The key and certificate in one PEM file, as AZURE_CLIENT_CERTIFICATE_PATH holds them. */
function readCertificate(name: string, path: string): ClientCertificate {
  let pem: string;
  try {
    pem = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new ConfigError(name, `cannot be read (${code}): ${path}`);
  }
  const key = PEM_KEY.exec(pem);
  const certificate = PEM_CERTIFICATE.exec(pem);
  if (!key || !certificate) {
    throw new ConfigError(name, `must hold a PEM private key and its certificate: ${path}`);
  }
  return { privateKeyPem: key[0], certificatePem: certificate[0] };
}

/** `value` without the slashes it ends with, found without a regular expression (no backtracking). */
function withoutTrailingSlashes(value: string): string {
  let end = value.length;
  while (end > 0 && value.charAt(end - 1) === '/') end--;
  return value.slice(0, end);
}

/** The admin's public URL: http(s), no query or fragment, kept without a trailing slash. */
function readPublicUrl(read: EnvReader): string {
  const name = 'ADMIN_PUBLIC_URL';
  const value = read.url(name, undefined, ['https:', 'http:']);
  const url = new URL(value);
  if (url.search || url.hash || url.username || url.password) {
    throw new ConfigError(name, 'must be a plain http(s) URL without user, query or fragment');
  }
  return withoutTrailingSlashes(url.href);
}

/**
 * Entra ID sign-in, when ADMIN_OIDC_ISSUER is set; undefined otherwise. Throws a ConfigError
 * naming the variable that is missing or wrong.
 */
export function readOidcConfig(read: EnvReader): AdminOidcConfig | undefined {
  const issuer = read.raw('ADMIN_OIDC_ISSUER');
  if (issuer === undefined) {
    const stray = OIDC_VARIABLES.find((name) => read.raw(name) !== undefined);
    if (stray) throw new ConfigError('ADMIN_OIDC_ISSUER', `is required when ${stray} is set`);
    return undefined;
  }
  read.url('ADMIN_OIDC_ISSUER', undefined, ['https:']);
  const clientId = read.raw('ADMIN_OIDC_CLIENT_ID');
  if (clientId === undefined) {
    throw new ConfigError('ADMIN_OIDC_CLIENT_ID', 'is required when ADMIN_OIDC_ISSUER is set');
  }
  const clientSecret = read.raw('ADMIN_OIDC_CLIENT_SECRET');
  const certificatePath = read.raw('ADMIN_OIDC_CLIENT_CERTIFICATE_PATH');
  if (clientSecret === undefined && certificatePath === undefined) {
    throw new ConfigError(
      'ADMIN_OIDC_CLIENT_SECRET',
      'or ADMIN_OIDC_CLIENT_CERTIFICATE_PATH is required: the admin signs in to Entra ID with one',
    );
  }
  if (clientSecret !== undefined && certificatePath !== undefined) {
    throw new ConfigError(
      'ADMIN_OIDC_CLIENT_CERTIFICATE_PATH',
      'and ADMIN_OIDC_CLIENT_SECRET are both set: keep the one the app registration uses',
    );
  }
  return Object.freeze({
    issuer: withoutTrailingSlashes(issuer),
    clientId,
    ...(clientSecret !== undefined ? { clientSecret } : {}),
    ...(certificatePath !== undefined
      ? {
          clientCertificate: readCertificate('ADMIN_OIDC_CLIENT_CERTIFICATE_PATH', certificatePath),
        }
      : {}),
    publicUrl: readPublicUrl(read),
    sessionHours: read.int('ADMIN_SESSION_HOURS', 8, { min: 1, max: 24 * 30 }),
    idleMinutes: read.int('ADMIN_SESSION_IDLE_MINUTES', 60, { min: 1, max: 24 * 60 * 30 }),
    operatorGroups: Object.freeze(read.list('ADMIN_OIDC_OPERATOR_GROUPS')),
    viewerGroups: Object.freeze(read.list('ADMIN_OIDC_VIEWER_GROUPS')),
  });
}
