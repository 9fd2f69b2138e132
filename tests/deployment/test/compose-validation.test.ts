import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import {
  commandOf,
  COMPOSE_FILE,
  DEMO_FILE,
  environmentOf,
  healthcheckCommand,
  type ComposeService,
} from './support/compose';
import { optionalTool } from './support/find-on-path';
import { isRecord, REPO_ROOT } from './support/repo';

// Debian's docker-compose (1.29) checks the file against the Compose schema with no Docker engine.
// Without it only Compose's own verdict is skipped: the structure tests parse the YAML regardless.
const {
  path: dockerCompose,
  test: withCompose,
  note,
} = optionalTool('docker-compose', 'apt-get install docker-compose');

// The one setting Compose refuses to run without: the stack's Redis password. Characters a URL
// or a shell would give a meaning to, so it must reach Redis and the services as one argument.
const REDIS_PASSWORD = 'p@ss/w#rd of the stack';

const TENANT_ENV = {
  REDIS_PASSWORD,
  INGEST_SECRETS: 'c'.repeat(64),
  DATAVERSE_URL: 'https://contoso.crm.dynamics.com',
  AZURE_AUTHORITY_HOST: 'https://login.microsoftonline.com',
  AZURE_TENANT_ID: '11111111-2222-4333-8444-555555555555',
  AZURE_CLIENT_ID: '22222222-3333-4444-8555-666666666666',
  AZURE_CLIENT_SECRET: 'tenant-secret',
};

// docker-compose 1.29 is a Python program: a call takes seconds on a busy 2-core machine.
jest.setTimeout(60_000);

describe('Compose accepts docker-compose.yml', () => {
  let dir: string;
  const envFile = (name: string) => join(dir, name);
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'compose-env-'));
    writeFileSync(envFile('empty.env'), '');
    writeFileSync(envFile('minimal.env'), `REDIS_PASSWORD=${REDIS_PASSWORD}\n`);
    writeFileSync(
      envFile('redis-tuned.env'),
      `REDIS_PASSWORD=${REDIS_PASSWORD}\nREDIS_MAXMEMORY=2gb\nREDIS_APPENDFSYNC=everysec\n`,
    );
    writeFileSync(
      envFile('https.env'),
      `REDIS_PASSWORD=${REDIS_PASSWORD}\nLEADBRIDGE_DOMAIN=leads.contoso.example\n`,
    );
    writeFileSync(
      envFile('tenant.env'),
      Object.entries(TENANT_ENV)
        .map(([name, value]) => `${name}=${value}\n`)
        .join(''),
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  // Only the given env file and no variables of ours: a developer's .env must not change the verdict.
  async function compose(env: string, args: string[]): Promise<string> {
    const { stdout } = await promisify(execFile)(
      dockerCompose ?? 'docker-compose',
      ['--project-directory', REPO_ROOT, '--env-file', envFile(env), ...args],
      { cwd: REPO_ROOT, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? dir } },
    );
    return stdout;
  }

  // `docker compose up` reads docker-compose.yml alone; the demo adds its own file.
  const PRODUCTION = ['-f', COMPOSE_FILE];
  const DEMO = ['-f', COMPOSE_FILE, '-f', DEMO_FILE];

  // What Compose renders for one env file and set of files, asked once: the same call always
  // prints the same file, and each call of the Python program costs seconds on a busy machine.
  const rendered = new Map<string, Promise<string>>();
  function renderedConfig(env: string, files: string[]): Promise<string> {
    const args = [
      ...files,
      ...['--profile', 'check', '--profile', 'tools', '--profile', 'https', 'config'],
    ];
    const key = JSON.stringify([env, args]);
    let output = rendered.get(key);
    if (!output) {
      output = compose(env, args);
      rendered.set(key, output);
    }
    return output;
  }

  async function resolvedServices(
    env: string,
    files = PRODUCTION,
  ): Promise<Record<string, unknown>> {
    // Parsed afresh each time, so no test sees another's changes to the objects.
    const resolved: unknown = parse(await renderedConfig(env, files));
    if (!isRecord(resolved) || !isRecord(resolved.services)) throw new Error('no services');
    return resolved.services;
  }

  async function resolvedService(
    env: string,
    service: string,
    files = PRODUCTION,
  ): Promise<ComposeService> {
    const definition = (await resolvedServices(env, files))[service];
    if (!isRecord(definition)) throw new Error(`no ${service} service`);
    return definition;
  }

  async function resolvedEnvironment(
    env: string,
    service: string,
    files = PRODUCTION,
  ): Promise<Record<string, string>> {
    return environmentOf(await resolvedService(env, service, files));
  }

  /** `--name value` pairs of a rendered command, by name. */
  async function redisOptions(env: string): Promise<Record<string, string>> {
    const [, ...args] = commandOf(await resolvedService(env, 'redis'));
    return Object.fromEntries(
      args.flatMap((arg, index) => (arg.startsWith('--') ? [[arg, args[index + 1] ?? '']] : [])),
    );
  }

  withCompose.each([
    ['without a profile', []],
    ['with the check profile', ['--profile', 'check']],
    ['with the tools profile', ['--profile', 'tools']],
    ['with the https profile', ['--profile', 'https']],
    ['with the demo file', ['-f', COMPOSE_FILE, '-f', DEMO_FILE]],
  ])(`%s${note}`, async (_label, profile) => {
    await expect(compose('minimal.env', [...profile, 'config', '-q'])).resolves.toBe('');
  });

  withCompose(`without REDIS_PASSWORD, refuses the stack and says what to set${note}`, async () => {
    await expect(compose('empty.env', ['config', '-q'])).rejects.toThrow(/REDIS_PASSWORD/);
  });

  withCompose(
    `the stack's Redis asks for REDIS_PASSWORD, and the services and its health check give it${note}`,
    async () => {
      const redis = await resolvedService('minimal.env', 'redis');

      expect((await redisOptions('minimal.env'))['--requirepass']).toBe(REDIS_PASSWORD);
      // redis-cli reads REDISCLI_AUTH: the health check authenticates with no password in argv.
      expect(environmentOf(redis).REDISCLI_AUTH).toBe(REDIS_PASSWORD);
      expect(healthcheckCommand(redis).join(' ')).not.toMatch(/ -a /);
      for (const service of ['api', 'worker', 'check', 'forget', 'import']) {
        const { REDIS_URL: url = '', REDIS_PASSWORD: password } = await resolvedEnvironment(
          'minimal.env',
          service,
        );
        expect({ service, url: new URL(url).host, password }).toEqual({
          service,
          url: 'redis:6379',
          password: REDIS_PASSWORD,
        });
      }
    },
  );

  withCompose(
    `Redis refuses writes when full instead of being killed, and syncs each write unless told otherwise${note}`,
    async () => {
      expect(await redisOptions('minimal.env')).toMatchObject({
        '--appendonly': 'yes',
        '--appendfsync': 'always',
        '--maxmemory': '256mb',
        '--maxmemory-policy': 'noeviction',
      });
      expect(await redisOptions('redis-tuned.env')).toMatchObject({
        '--appendfsync': 'everysec',
        '--maxmemory': '2gb',
        '--maxmemory-policy': 'noeviction',
      });
    },
  );

  withCompose(
    `without the demo file, tenant settings left unset reach the worker and the check empty${note}`,
    async () => {
      const services = await resolvedServices('minimal.env');
      const worker = await resolvedEnvironment('minimal.env', 'worker');
      const check = await resolvedEnvironment('minimal.env', 'check');

      expect(Object.keys(services)).not.toContain('simulator');
      for (const environment of [worker, check]) {
        expect(environment).toMatchObject({
          DATAVERSE_URL: '',
          AZURE_AUTHORITY_HOST: '',
          AZURE_TENANT_ID: '',
          AZURE_CLIENT_ID: '',
          AZURE_CLIENT_SECRET: '',
        });
      }
    },
  );

  withCompose(
    `with the demo file, the worker and the check are sent to the simulator${note}`,
    async () => {
      const services = await resolvedServices('minimal.env', DEMO);

      expect(Object.keys(services)).toContain('simulator');
      for (const name of ['worker', 'check']) {
        const environment = await resolvedEnvironment('minimal.env', name, DEMO);
        expect(environment.DATAVERSE_URL).toBe('https://simulator:8443');
        expect(environment.AZURE_AUTHORITY_HOST).toBe('https://simulator:8443');
      }
    },
  );

  withCompose(
    `with a tenant's .env, the worker and the check get the tenant's values${note}`,
    async () => {
      const worker = await resolvedEnvironment('tenant.env', 'worker');
      const check = await resolvedEnvironment('tenant.env', 'check');

      const { INGEST_SECRETS: _secrets, ...tenant } = TENANT_ENV;
      expect(worker).toMatchObject(tenant);
      expect(check).toMatchObject(tenant);
    },
  );

  withCompose(
    `with the https profile, Caddy serves LEADBRIDGE_DOMAIN from .env, with certificates in a volume${note}`,
    async () => {
      const caddy = await resolvedService('https.env', 'caddy');

      expect(environmentOf(caddy).LEADBRIDGE_DOMAIN).toBe('leads.contoso.example');
      expect(JSON.stringify(caddy.volumes)).toContain('caddy-data');
      expect(JSON.stringify(caddy.volumes)).toContain('deploy/Caddyfile');
    },
  );
});
