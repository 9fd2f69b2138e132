import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { maskUrl, maskUrlCredentials } from './mask-url';

/**
 * A configuration value that is missing or wrong; its message is the one line an operator sees.
 * Any URL it quotes is shown without its userinfo and secret query parameters.
 */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`${variable} ${maskUrlCredentials(problem)}`);
    this.name = 'ConfigError';
  }
}

/**
 * Loads `.env` from where `npm` was invoked (npm runs a workspace's scripts inside the workspace,
 * and names the invoking directory INIT_CWD). A process started with plain `node`, as the tests
 * start the services, reads its environment alone: a developer's `.env` never changes what a test
 * runs. Variables already set win over the file.
 */
export function loadDotEnv(): void {
  const dir = process.env.INIT_CWD;
  if (!dir) return;
  const file = join(dir, '.env');
  if (existsSync(file)) process.loadEnvFile(file);
}

type Env = Readonly<Record<string, string | undefined>>;

/**
 * What to add to "must be a URL" for a value that does not parse: a password with `#`, `/` or
 * `@` in it, not percent-encoded, is the usual cause.
 */
export function urlEncodingHint(value: string): string {
  return value.includes('@')
    ? ' (percent-encode #, /, ? and @ in a user name or password: %23, %2F, %3F, %40)'
    : '';
}

/** Typed readers over an environment; each throws a ConfigError naming the variable. */
export function envReader(env: Env) {
  function raw(name: string): string | undefined {
    const value = env[name]?.trim();
    return value === '' ? undefined : value;
  }

  function required(name: string): string {
    const value = raw(name);
    if (value === undefined) throw new ConfigError(name, 'is required but not set');
    return value;
  }

  return {
    raw,
    required,
    string(name: string, fallback: string): string {
      return raw(name) ?? fallback;
    },
    int(name: string, fallback: number, range: { min?: number; max?: number } = {}): number {
      const value = raw(name);
      if (value === undefined) return fallback;
      const min = range.min ?? Number.MIN_SAFE_INTEGER;
      const max = range.max ?? Number.MAX_SAFE_INTEGER;
      const parsed = /^-?\d+$/.test(value) ? Number(value) : NaN;
      if (!Number.isSafeInteger(parsed) || parsed < min || parsed > max) {
        throw new ConfigError(name, `must be a whole number from ${min} to ${max}, got "${value}"`);
      }
      return parsed;
    },
    bool(name: string, fallback: boolean): boolean {
      const value = raw(name)?.toLowerCase();
      if (value === undefined) return fallback;
      if (['true', '1', 'yes'].includes(value)) return true;
      if (['false', '0', 'no'].includes(value)) return false;
      throw new ConfigError(name, `must be true or false, got "${value}"`);
    },
    url(name: string, fallback: string | undefined, protocols: readonly string[]): string {
      const value = raw(name) ?? fallback;
      if (value === undefined) throw new ConfigError(name, 'is required but not set');
      let parsed: URL;
      try {
        parsed = new URL(value);
      } catch {
        throw new ConfigError(
          name,
          `must be a URL, got "${maskUrl(value)}"${urlEncodingHint(value)}`,
        );
      }
      if (!protocols.includes(parsed.protocol)) {
        throw new ConfigError(name, `must start with ${protocols.join(' or ')}`);
      }
      return value;
    },
    oneOf<T extends string>(name: string, fallback: T, allowed: readonly T[]): T {
      const value = raw(name) ?? fallback;
      if (!(allowed as readonly string[]).includes(value)) {
        throw new ConfigError(name, `must be one of ${allowed.join(', ')}, got "${value}"`);
      }
      return value as T;
    },
    list(name: string): string[] {
      return (raw(name) ?? '')
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item !== '');
    },
  };
}

export type EnvReader = ReturnType<typeof envReader>;

/**
 * Loads `.env`, then reads a service's configuration; on a ConfigError prints one line naming
 * the variable and exits, as an operator expects of a process that cannot start.
 */
export function readConfigOrExit<T>(service: string, read: (env: NodeJS.ProcessEnv) => T): T {
  loadDotEnv();
  try {
    return read(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`leadbridge ${service}: configuration error: ${error.message}\n`);
    process.exit(1);
  }
}
