import {
  COMPOSE_FILE,
  DEMO_FILE,
  environmentOf,
  readCompose,
  REQUIRED_ENV,
} from './support/compose';
import { readRepoFile } from './support/repo';

// Fixed inside the containers on purpose; a value from .env could only break them.
const FIXED_IN_CONTAINERS = new Set([
  'WORKER_HEALTH_PORT', // reached by the health check inside the container only
  'NODE_EXTRA_CA_CERTS', // a path on the shared certificate volume, not on the host
  'SPOOL_DIR', // a path on the API's spool volume, not on the host
]);

// Settings of the API run without Compose: with Compose, HTTPS is Caddy's (the https profile).
const NOT_FOR_COMPOSE = new Set(['TLS_CERT_FILE', 'TLS_KEY_FILE']);

function envExampleNames(): string[] {
  return readRepoFile('.env.example')
    .split('\n')
    .map((line) => /^\s*([A-Z][A-Z0-9_]*)=/.exec(line)?.[1])
    .filter((name): name is string => name !== undefined);
}

/** The fixed demo credentials the simulator CLI registers (DEMO_TENANT_ID…). */
function simulatorDemoCredentials(): Record<string, string> {
  const source = readRepoFile('packages/dataverse-simulator/src/simulator-cli.ts');
  return Object.fromEntries(
    [...source.matchAll(/export const (DEMO_\w+) = '([^']+)'/g)].map(([, name, value]) => [
      name,
      value,
    ]),
  );
}

function environment(
  service: string,
  env: Record<string, string> = {},
  files: readonly string[] = [COMPOSE_FILE],
): Record<string, string> {
  const found = readCompose({ ...REQUIRED_ENV, ...env }, files).services[service];
  if (!found) throw new Error(`${files.join(' + ')} has no ${service} service`);
  return environmentOf(found);
}

const DEMO = [COMPOSE_FILE, DEMO_FILE];
const TENANT_SETTINGS = [
  'DATAVERSE_URL',
  'AZURE_AUTHORITY_HOST',
  'AZURE_TENANT_ID',
  'AZURE_CLIENT_ID',
  'AZURE_CLIENT_SECRET',
  'AZURE_CLIENT_CERTIFICATE_PATH',
];

describe('settings in docker-compose.yml', () => {
  test('every variable .env.example documents reaches the stack', () => {
    const compose = readRepoFile(COMPOSE_FILE) + readRepoFile(DEMO_FILE);
    const unused = envExampleNames().filter(
      (name) =>
        !FIXED_IN_CONTAINERS.has(name) &&
        !NOT_FOR_COMPOSE.has(name) &&
        !compose.includes(`\${${name}:-`),
    );

    expect(unused).toEqual([]);
  });

  test('without the demo file, a tenant setting left unset reaches the worker and the check empty, never as the simulator', () => {
    const unset = Object.fromEntries(TENANT_SETTINGS.map((name) => [name, '']));

    expect(readCompose().services.simulator).toBeUndefined();
    expect(environment('worker')).toMatchObject(unset);
    expect(environment('check')).toMatchObject(unset);
  });

  test('with the demo file, the worker and the check use the simulator and the app it registers', () => {
    const demo = simulatorDemoCredentials();
    const simulator = environment('simulator', {}, DEMO);
    const expected = {
      DATAVERSE_URL: simulator.SIMULATOR_PUBLIC_URL,
      AZURE_AUTHORITY_HOST: simulator.SIMULATOR_PUBLIC_URL,
      AZURE_TENANT_ID: demo.DEMO_TENANT_ID,
      AZURE_CLIENT_ID: demo.DEMO_CLIENT_ID,
      AZURE_CLIENT_SECRET: demo.DEMO_CLIENT_SECRET,
      AZURE_CLIENT_CERTIFICATE_PATH: '',
    };

    expect(Object.values(expected).every((value) => value !== undefined)).toBe(true);
    expect(environment('worker', {}, DEMO)).toMatchObject(expected);
    expect(environment('check', {}, DEMO)).toMatchObject(expected);
  });

  test('the simulator is reachable under the name it gives itself, with a certificate for it', () => {
    const simulator = environment('simulator', {}, DEMO);
    const certificate = environment('simulator-certificate');
    const publicUrl = new URL(simulator.SIMULATOR_PUBLIC_URL ?? '');

    expect(publicUrl.hostname).toBe('simulator'); // the service name: Compose's DNS name for it
    expect(publicUrl.port).toBe(simulator.SIMULATOR_PORT);
    expect(simulator.SIMULATOR_HOST).toBe('0.0.0.0');
    expect(simulator.SIMULATOR_HOSTNAMES?.split(',')).toContain('simulator');
    // The same names and directory, or the simulator would replace the certificate others trust.
    expect(certificate.SIMULATOR_HOSTNAMES).toBe(simulator.SIMULATOR_HOSTNAMES);
    expect(certificate.SIMULATOR_CERT_DIR).toBe(simulator.SIMULATOR_CERT_DIR);
  });

  test('no secret has a default: without INGEST_SECRETS the API refuses to start', () => {
    const api = environment('api');

    expect(api.INGEST_SECRETS).toBe('');
    expect(api.ADMIN_PASSWORD).toBe('');
    expect(api.ADMIN_VIEWER_PASSWORD).toBe('');
  });

  test("a tenant's settings reach the worker as given, and REDIS_URL the API", () => {
    const tenant = {
      DATAVERSE_URL: 'https://contoso.crm.dynamics.com',
      AZURE_AUTHORITY_HOST: 'https://login.microsoftonline.us',
      AZURE_TENANT_ID: '11111111-2222-4333-8444-555555555555',
      AZURE_CLIENT_ID: '22222222-3333-4444-8555-666666666666',
      AZURE_CLIENT_SECRET: 'tenant-secret',
      REDIS_URL: 'rediss://:password@redis.example.com:6380',
    };

    expect(environment('worker', tenant)).toMatchObject(tenant);
    expect(environment('api', tenant).REDIS_URL).toBe(tenant.REDIS_URL);
  });

  test('the outbound proxy settings reach the worker and the check; the demo reaches its simulator directly', () => {
    const proxy = {
      HTTPS_PROXY: 'http://svc:secret@proxy.corp:3128',
      HTTP_PROXY: 'http://proxy.corp:3128',
      NO_PROXY: '.corp.example',
    };
    const simulatorHost = new URL(environment('simulator', {}, DEMO).SIMULATOR_PUBLIC_URL ?? '')
      .hostname;

    expect(environment('worker', proxy)).toMatchObject(proxy);
    expect(environment('check', proxy)).toMatchObject(proxy);
    for (const name of ['worker', 'check']) {
      const demo = environment(name, proxy, DEMO);
      expect({ name, NO_PROXY: demo.NO_PROXY, no_proxy: demo.no_proxy }).toEqual({
        name,
        NO_PROXY: simulatorHost,
        no_proxy: simulatorHost,
      });
    }
  });
});
