import { ConfigError } from '@leadbridge/service-kit';

/**
 * A secret the configuration file names is not in the environment. The file is fine; the
 * deployment is missing a variable, so the message names the variable and who needs it.
 */
export class MissingSecretError extends ConfigError {
  constructor(
    variable: string,
    readonly where: string,
  ) {
    super(variable, `is required by ${where} but not set`);
    this.name = 'MissingSecretError';
    Object.setPrototypeOf(this, new.target.prototype);
  }
}

/**
 * The value of an environment variable the configuration file names for a secret (the file never
 * holds one). `where` says who needs it, e.g. `destination contoso-dynamics`. Surrounding
 * whitespace is dropped, as a value pasted into a secret store often carries a newline.
 */
export function readSecretEnv(
  envName: string,
  where: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): string {
  const value = env[envName]?.trim();
  if (!value) throw new MissingSecretError(envName, where);
  return value;
}
