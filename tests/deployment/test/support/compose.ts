import { parse } from 'yaml';
import { isRecord, readRepoFile } from './repo';

export type ComposeService = Record<string, unknown>;

export interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes: Record<string, unknown>;
}

/**
 * Compose's variable substitution as this file uses it: `${NAME}`, `${NAME:-default}` (unset or
 * empty), `${NAME-default}` (unset) and `${NAME:?message}` (required: unset or empty throws the
 * message). Any other form throws, so a new one gets a test first.
 */
export function interpolate(text: string, env: Readonly<Record<string, string>>): string {
  return text.replace(/\$\{([^}]*)\}/g, (_whole, inner: string) => {
    const match = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?-|:\?)(.*))?$/s.exec(inner);
    if (!match) throw new Error(`unsupported substitution \${${inner}}`);
    const [, name = '', operator, fallback = ''] = match;
    const value = env[name];
    const unsetOrEmpty = value === undefined || value === '';
    if (operator === ':?' && unsetOrEmpty) throw new Error(`${name}: ${fallback}`);
    if (operator === ':-') return unsetOrEmpty ? fallback : value;
    if (operator === '-') return value === undefined ? fallback : value;
    return value ?? '';
  });
}

/** What Compose refuses to run without, as a minimal .env gives it. */
export const REQUIRED_ENV: Readonly<Record<string, string>> = {
  REDIS_PASSWORD: 'a-redis-password',
};

function interpolateAll(value: unknown, env: Readonly<Record<string, string>>): unknown {
  if (typeof value === 'string') return interpolate(value, env);
  if (Array.isArray(value)) return value.map((item) => interpolateAll(item, env));
  if (isRecord(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolateAll(v, env)]));
  }
  return value;
}

/** The raw text of docker-compose.yml, parsed as Compose does (with `<<` merge keys). */
export function parseCompose(text: string): unknown {
  return parse(text, { merge: true });
}

/** The file a production stack runs from. */
export const COMPOSE_FILE = 'docker-compose.yml';
/** The demo's override: the simulator, and the worker pointed at it. */
export const DEMO_FILE = 'docker-compose.demo.yml';

/** One compose file with its variables substituted from `env` alone (no `.env` file). */
export function readComposeFile(
  file: string,
  env: Readonly<Record<string, string>> = REQUIRED_ENV,
): ComposeFile {
  const parsed = interpolateAll(parseCompose(readRepoFile(file)), env);
  if (!isRecord(parsed) || !isRecord(parsed.services)) throw new Error(`${file}: no services`);
  const services: Record<string, ComposeService> = {};
  for (const [name, service] of Object.entries(parsed.services)) {
    if (!isRecord(service)) throw new Error(`${file}: service ${name} is not a mapping`);
    services[name] = service;
  }
  return { services, volumes: isRecord(parsed.volumes) ? parsed.volumes : {} };
}

/**
 * Compose's merge of a later file into an earlier one, for what these files override: mappings
 * (environment, depends_on) merge key by key, single values are replaced. Compose merges lists
 * (ports, volumes) by rules of their own, which this does not copy: it throws, so an override of
 * one gets its test first.
 */
function mergeService(name: string, base: ComposeService, override: ComposeService) {
  const merged: ComposeService = { ...base };
  for (const [key, value] of Object.entries(override)) {
    const earlier = base[key];
    if (Array.isArray(earlier) || Array.isArray(value)) {
      throw new Error(`service ${name}: overriding the list ${key} is not supported here`);
    }
    merged[key] = isRecord(earlier) && isRecord(value) ? { ...earlier, ...value } : value;
  }
  return merged;
}

/**
 * The stack the given files make, later files overriding earlier ones (`docker compose -f a -f b`),
 * variables substituted from `env` alone. Default: docker-compose.yml alone, as `docker compose up`.
 */
export function readCompose(
  env: Readonly<Record<string, string>> = REQUIRED_ENV,
  files: readonly string[] = [COMPOSE_FILE],
): ComposeFile {
  const services: Record<string, ComposeService> = {};
  const volumes: Record<string, unknown> = {};
  for (const file of files) {
    const read = readComposeFile(file, env);
    for (const [name, service] of Object.entries(read.services)) {
      const earlier = services[name];
      services[name] = earlier ? mergeService(name, earlier, service) : service;
    }
    Object.assign(volumes, read.volumes);
  }
  return { services, volumes };
}

function strings(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.map((item) => String(item));
}

/** The command as an argument vector; a string command is split on blanks, as Compose does. */
export function commandOf(service: ComposeService): string[] {
  const { command } = service;
  return typeof command === 'string' ? command.trim().split(/\s+/) : strings(command);
}

/**
 * What `docker compose run` executes: the command, after the service's own entrypoint when it
 * has one. A command-line tool puts its command in the entrypoint, behind `tini --` as the image
 * does, so the arguments given to `run` are appended to it.
 */
export function runArgsOf(service: ComposeService): string[] {
  const entrypoint = strings(service.entrypoint);
  const init = entrypoint[0]?.endsWith('/tini') && entrypoint[1] === '--' ? 2 : 0;
  return [...entrypoint.slice(init), ...commandOf(service)];
}

export function environmentOf(service: ComposeService): Record<string, string> {
  const { environment } = service;
  if (Array.isArray(environment)) {
    return Object.fromEntries(
      strings(environment).map((pair) => {
        const [key = '', ...rest] = pair.split('=');
        return [key, rest.join('=')];
      }),
    );
  }
  if (!isRecord(environment)) return {};
  return Object.fromEntries(
    Object.entries(environment).map(([key, value]) => [
      key,
      value === null ? '' : String(value as string | number | boolean),
    ]),
  );
}

/** Service name → the condition it waits for (the list form waits for a start only). */
export function dependenciesOf(service: ComposeService): Record<string, string> {
  const { depends_on: dependsOn } = service;
  if (Array.isArray(dependsOn)) {
    return Object.fromEntries(strings(dependsOn).map((name) => [name, 'service_started']));
  }
  if (!isRecord(dependsOn)) return {};
  return Object.fromEntries(
    Object.entries(dependsOn).map(([name, spec]) => [
      name,
      isRecord(spec) && typeof spec.condition === 'string' ? spec.condition : 'service_started',
    ]),
  );
}

export interface PublishedPort {
  /** Empty: every interface of the host. */
  hostIp: string;
  hostPort: string;
  containerPort: string;
}

/** Short-syntax ports (`[ip:]host:container`); a bare container port gets a random host port. */
export function publishedPorts(service: ComposeService): PublishedPort[] {
  return strings(service.ports).map((spec) => {
    const parts = spec.replace(/\/(tcp|udp)$/, '').split(':');
    const containerPort = parts.pop() ?? '';
    const hostPort = parts.pop() ?? '';
    return { hostIp: parts.join(':'), hostPort, containerPort };
  });
}

export function profilesOf(service: ComposeService): string[] {
  return strings(service.profiles);
}

/** `name:/path[:ro]` volume mounts of the service, by mount path. */
export function mountsOf(service: ComposeService): Record<string, string> {
  return Object.fromEntries(
    strings(service.volumes).map((spec) => {
      const [source = '', target = ''] = spec.split(':');
      return [target, source];
    }),
  );
}

export function healthcheckCommand(service: ComposeService): string[] {
  const { healthcheck } = service;
  if (!isRecord(healthcheck)) return [];
  const { test } = healthcheck;
  return typeof test === 'string' ? ['CMD-SHELL', test] : strings(test);
}
