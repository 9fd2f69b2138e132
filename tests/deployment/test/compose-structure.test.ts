import {
  COMPOSE_FILE,
  commandOf,
  DEMO_FILE,
  dependenciesOf,
  environmentOf,
  healthcheckCommand,
  mountsOf,
  profilesOf,
  publishedPorts,
  readCompose,
  REQUIRED_ENV,
} from './support/compose';

const { services, volumes } = readCompose();
const demo = readCompose(REQUIRED_ENV, [COMPOSE_FILE, DEMO_FILE]);
const service = (name: string, stack = services) => {
  const found = stack[name];
  if (!found) throw new Error(`the stack has no ${name} service`);
  return found;
};
const serviceNames = Object.keys(services);

describe('docker-compose.yml', () => {
  test('Redis keeps every lead: append-only file synced on each write, a memory limit without eviction, a volume, a health check', () => {
    const redis = service('redis');
    const args = commandOf(redis).join(' ');

    expect(redis.image).toMatch(/^redis:7/);
    expect(args).toContain('--appendonly yes');
    expect(args).toContain('--appendfsync always');
    expect(args).toMatch(/--maxmemory \d+[kmg]b\b/);
    expect(args).toContain('--maxmemory-policy noeviction');
    expect(Object.keys(volumes)).toContain(mountsOf(redis)['/data']);
    expect(healthcheckCommand(redis).join(' ')).toContain('redis-cli ping');
  });

  test.each([
    ['production', services],
    ['demo', demo.services],
  ])(
    'only the ingest port is published beyond this machine, and HTTP(S) for Caddy with the https profile (%s)',
    (_stack, stack) => {
      const open = Object.keys(stack).flatMap((name) =>
        publishedPorts(service(name, stack))
          .filter((port) => port.hostIp !== '127.0.0.1')
          .map((port) => `${name}:${port.containerPort}`),
      );

      expect(open).toEqual(['api:3000', 'caddy:80', 'caddy:443', 'caddy:443']);
      expect(profilesOf(service('caddy', stack))).toEqual(['https']);
    },
  );

  test('the admin listener is published on 127.0.0.1 only, at the port the API is told', () => {
    const api = service('api');
    const admin = publishedPorts(api).find(
      (port) => port.containerPort === environmentOf(api).ADMIN_PORT,
    );

    expect(admin).toEqual({ hostIp: '127.0.0.1', hostPort: '3001', containerPort: '3001' });
  });

  test('the worker can be scaled: no container name, host name or published port', () => {
    const worker = service('worker');

    expect(worker.container_name).toBeUndefined();
    expect(worker.hostname).toBeUndefined();
    expect(worker.ports).toBeUndefined();
  });

  test('every service that uses Redis waits until Redis is healthy', () => {
    const usesRedis = serviceNames.filter((name) => environmentOf(service(name)).REDIS_URL);
    const waiting = usesRedis.filter(
      (name) => dependenciesOf(service(name)).redis === 'service_healthy',
    );

    expect(usesRedis).toEqual(expect.arrayContaining(['api', 'worker', 'check', 'forget']));
    expect(waiting).toEqual(usesRedis);
  });

  test('the simulator runs only with the demo file, and nothing else depends on it or is sent to it', () => {
    const publicUrl = environmentOf(service('simulator', demo.services)).SIMULATOR_PUBLIC_URL ?? '';
    const dependingOnSimulator = serviceNames.filter(
      (name) => 'simulator' in dependenciesOf(service(name)),
    );
    const sentToSimulator = serviceNames.filter((name) =>
      Object.values(environmentOf(service(name))).some((value) => value.includes(publicUrl)),
    );

    expect(serviceNames).not.toContain('simulator');
    expect(publicUrl).toMatch(/^https:\/\/simulator:/);
    expect(dependingOnSimulator).toEqual([]);
    expect(sentToSimulator).toEqual([]);
    // The demo's worker waits for the simulator, so its first token request finds it.
    expect(dependenciesOf(service('worker', demo.services)).simulator).toBe('service_healthy');
  });

  test('every service that trusts the simulator certificate starts after it is written', () => {
    const stack = demo.services;
    const names = Object.keys(stack);
    const trusting = names.filter(
      (name) => environmentOf(service(name, stack)).NODE_EXTRA_CA_CERTS !== undefined,
    );
    const certificateDir = environmentOf(service('simulator-certificate')).SIMULATOR_CERT_DIR;
    const certificateVolume = mountsOf(service('simulator-certificate'))[certificateDir ?? ''];

    expect(trusting).toEqual(expect.arrayContaining(['worker', 'check', 'simulator']));
    for (const name of trusting) {
      const { NODE_EXTRA_CA_CERTS: path = '' } = environmentOf(service(name, stack));
      expect({ name, path }).toEqual({ name, path: `${certificateDir}/simulator-cert.pem` });
      expect({ name, volume: mountsOf(service(name, stack))[certificateDir ?? ''] }).toEqual({
        name,
        volume: certificateVolume,
      });
      expect({
        name,
        waits: dependenciesOf(service(name, stack))['simulator-certificate'],
      }).toEqual({
        name,
        waits: 'service_completed_successfully',
      });
    }
    expect(profilesOf(service('simulator-certificate'))).toEqual([]);
    // A one-shot with a restart policy would run again, forever, each time it finished.
    expect(service('simulator-certificate').restart).toBe('no');
  });

  test("the erasure command runs on demand only, on the API's spool, index key and queues", () => {
    const forget = service('forget');
    const api = service('api');
    const shared = [
      'REDIS_URL',
      'REDIS_SENTINELS',
      'REDIS_CLUSTER_NODES',
      'REDIS_TLS_CA_FILE',
      'QUEUE_PREFIX',
      'LOOKUP_HASH_KEY',
      'SPOOL_DIR',
    ] as const;
    const spoolDir = environmentOf(api).SPOOL_DIR ?? '';

    expect(profilesOf(forget)).toEqual(['tools']);
    expect(forget.restart).toBe('no');
    for (const name of shared) {
      expect({ name, value: environmentOf(forget)[name] }).toEqual({
        name,
        value: environmentOf(api)[name],
      });
    }
    expect(mountsOf(forget)[spoolDir]).toBe(mountsOf(api)[spoolDir]);
    expect(mountsOf(forget)[spoolDir]).toBeDefined();
  });

  test("the import command runs on demand only, on the API's queues, index key and redelivery window, reading ./import read-only at /data", () => {
    const imports = service('import');
    const api = service('api');

    expect(profilesOf(imports)).toEqual(['tools']);
    expect(imports.restart).toBe('no');
    for (const name of ['REDIS_URL', 'QUEUE_PREFIX', 'LOOKUP_HASH_KEY', 'DEDUPE_WINDOW_SECONDS']) {
      expect({ name, value: environmentOf(imports)[name] }).toEqual({
        name,
        value: environmentOf(api)[name],
      });
    }
    expect(imports.volumes).toEqual(['./import:/data:ro']);
    // It adds leads beside a running API: it never takes the API's spool.
    expect(environmentOf(imports).SPOOL_DIR).toBeUndefined();
  });

  test('the long-running services are health-checked on the port they listen on', () => {
    const probe = (name: string) => healthcheckCommand(service(name)).join(' ');

    expect(probe('api')).toContain(`http://127.0.0.1:${environmentOf(service('api')).PORT}/readyz`);
    expect(probe('worker')).toContain(
      `http://127.0.0.1:${environmentOf(service('worker')).WORKER_HEALTH_PORT}/readyz`,
    );
    const simulator = service('simulator', demo.services);
    expect(healthcheckCommand(simulator).join(' ')).toContain(
      `https://127.0.0.1:${environmentOf(simulator).SIMULATOR_PORT}/`,
    );
  });

  test('Docker waits for the worker to finish its leads in flight before killing it', () => {
    // The worker's default SHUTDOWN_GRACE_MS is 25 s, and it allows itself 5 s more.
    const seconds = Number(/^(\d+)s$/.exec(String(service('worker').stop_grace_period))?.[1]);

    expect(seconds).toBeGreaterThanOrEqual(30);
  });
});
