import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import type { ConnectionOptions } from 'node:tls';
import { ConfigError, type EnvReader } from '../config';
import type { RedisTlsSettings } from './redis-settings';

const CA_FILE = 'REDIS_TLS_CA_FILE';

/** The CA file's PEM, read now so a wrong path stops the process at start with its name. */
function readCaFile(path: string): string {
  let pem: string;
  try {
    pem = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new ConfigError(CA_FILE, `cannot be read (${code}): ${path}`);
  }
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) {
    throw new ConfigError(CA_FILE, `holds no PEM certificate: ${path}`);
  }
  return pem;
}

/** A host as TLS's server name: names only (RFC 6066 forbids addresses), without brackets. */
function serverNameOf(host: string | undefined): string | undefined {
  if (host === undefined) return undefined;
  const bare = host.replace(/^\[(.{1,45})\]$/, '$1');
  return isIP(bare) === 0 && bare !== '' ? bare : undefined;
}

/**
 * TLS settings when `enabled`, with REDIS_TLS_CA_FILE's CA and `host` as the name to check;
 * REDIS_TLS_CA_FILE with TLS off is a mistake worth stopping for, not a setting to ignore.
 */
export function readRedisTls(
  read: EnvReader,
  enabled: boolean,
  host: string | undefined,
  howToEnable: string,
): RedisTlsSettings | undefined {
  const caFile = read.raw(CA_FILE);
  if (!enabled) {
    if (caFile !== undefined)
      throw new ConfigError(CA_FILE, `is set but TLS is off: ${howToEnable}`);
    return undefined;
  }
  const servername = serverNameOf(host);
  return Object.freeze({
    ...(caFile !== undefined ? { ca: readCaFile(caFile) } : {}),
    ...(servername !== undefined ? { servername } : {}),
  });
}

/** Node's TLS options for the settings: the CA, and the name the certificate must carry. */
export function tlsOptions(tls: RedisTlsSettings): ConnectionOptions {
  return {
    ...(tls.ca !== undefined ? { ca: tls.ca } : {}),
    ...(tls.servername !== undefined ? { servername: tls.servername } : {}),
  };
}
