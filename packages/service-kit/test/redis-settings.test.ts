import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeRedis } from '../src/redis/describe-redis';
import { readRedisSettings } from '../src/redis/read-redis-settings';

const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
// Written before the tables below are built, which name the files.
const dir = mkdtempSync(join(tmpdir(), 'leadbridge-redis-settings-'));
const caFile = join(dir, 'ca.pem');
writeFileSync(caFile, PEM);
const notPem = join(dir, 'ca.der');
writeFileSync(notPem, Buffer.from([0x30, 0x82, 0x01, 0x0a]));

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('one Redis at REDIS_URL', () => {
  it('is the local Redis when nothing is set, under the prefix bull, read once and frozen', () => {
    const settings = readRedisSettings({});

    expect(settings).toEqual({
      mode: 'standalone',
      url: 'redis://127.0.0.1:6379',
      queuePrefix: 'bull',
      waitReplicas: 0,
    });
    expect(Object.isFrozen(settings)).toBe(true);
  });

  it('speaks TLS with rediss://, trusting REDIS_TLS_CA_FILE and checking the URL host as the name', () => {
    const settings = readRedisSettings({
      REDIS_URL: 'rediss://cache.example.com:6380',
      REDIS_TLS_CA_FILE: caFile,
    });

    expect(settings.tls).toEqual({ ca: PEM, servername: 'cache.example.com' });
  });

  it('takes REDIS_TLS=false, as .env.example writes it, beside a plain URL', () => {
    expect(readRedisSettings({ REDIS_TLS: 'false' }).tls).toBeUndefined();
  });

  it('checks an address against the certificate as an address, not as a server name', () => {
    const settings = readRedisSettings({ REDIS_URL: 'rediss://10.0.0.5:6380' });

    expect(settings.tls).toEqual({});
  });

  it.each([
    [
      'a CA file that is not there',
      { REDIS_URL: 'rediss://cache:6380', REDIS_TLS_CA_FILE: '/nowhere/ca.pem' },
      /^REDIS_TLS_CA_FILE cannot be read \(ENOENT\): \/nowhere\/ca\.pem$/,
    ],
    [
      'a CA file that holds no certificate',
      { REDIS_URL: 'rediss://cache:6380', REDIS_TLS_CA_FILE: notPem },
      /^REDIS_TLS_CA_FILE holds no PEM certificate/,
    ],
    [
      'a CA file while TLS is off',
      { REDIS_URL: 'redis://cache:6379', REDIS_TLS_CA_FILE: '/etc/ca.pem' },
      /^REDIS_TLS_CA_FILE is set but TLS is off: write REDIS_URL as rediss:\/\/$/,
    ],
    [
      'REDIS_TLS beside a URL, whose scheme says it',
      { REDIS_URL: 'redis://cache:6379', REDIS_TLS: 'true' },
      /^REDIS_TLS applies to REDIS_SENTINELS and REDIS_CLUSTER_NODES: for REDIS_URL, write rediss:\/\//,
    ],
    [
      'a wait for replicas that is no number',
      { REDIS_WAIT_REPLICAS: 'one' },
      /^REDIS_WAIT_REPLICAS must be/,
    ],
  ])('stops naming the variable for %s', (_case, env, message) => {
    expect(() => readRedisSettings(env)).toThrow(message);
  });
});

describe('Redis Sentinel at REDIS_SENTINELS', () => {
  it('reads the sentinels (26379 when no port is given), the master name and both passwords', () => {
    const settings = readRedisSettings({
      REDIS_SENTINELS: ' sentinel-a:26380, sentinel-b ,[::1]:26381',
      REDIS_SENTINEL_MASTER: 'leadbridge',
      REDIS_PASSWORD: 'master secret',
      REDIS_SENTINEL_PASSWORD: 'sentinel secret',
      REDIS_WAIT_REPLICAS: '1',
      // Docker Compose passes its own Redis's URL whatever is set: the sentinels win.
      REDIS_URL: 'redis://redis:6379',
    });

    expect(settings).toEqual({
      mode: 'sentinel',
      sentinels: [
        { host: 'sentinel-a', port: 26380 },
        { host: 'sentinel-b', port: 26379 },
        { host: '::1', port: 26381 },
      ],
      masterName: 'leadbridge',
      password: 'master secret',
      sentinelPassword: 'sentinel secret',
      queuePrefix: 'bull',
      waitReplicas: 1,
    });
    expect(describeRedis(settings)).toBe(
      'Sentinel master "leadbridge" via sentinel-a:26380, sentinel-b:26379, [::1]:26381',
    );
  });

  it('speaks TLS to the sentinels and the master with REDIS_TLS=true', () => {
    const settings = readRedisSettings({
      REDIS_SENTINELS: 'sentinel-a',
      REDIS_SENTINEL_MASTER: 'leadbridge',
      REDIS_TLS: 'true',
      REDIS_TLS_CA_FILE: caFile,
    });

    expect(settings.tls).toEqual({ ca: PEM });
  });

  it.each([
    [
      'without the master name',
      { REDIS_SENTINELS: 'sentinel-a' },
      /^REDIS_SENTINEL_MASTER is required with REDIS_SENTINELS/,
    ],
    [
      'a master name without sentinels',
      { REDIS_SENTINEL_MASTER: 'leadbridge' },
      /^REDIS_SENTINEL_MASTER is set but REDIS_SENTINELS is not$/,
    ],
    [
      'an entry that is no host:port',
      { REDIS_SENTINELS: 'sentinel-a:26379,http://sentinel-b', REDIS_SENTINEL_MASTER: 'm' },
      /^REDIS_SENTINELS must list host:port entries separated by commas, got "http:\/\/sentinel-b"$/,
    ],
    [
      'a port out of range',
      { REDIS_SENTINELS: 'sentinel-a:70000', REDIS_SENTINEL_MASTER: 'm' },
      /^REDIS_SENTINELS must list host:port/,
    ],
    [
      'sentinels and cluster nodes at once',
      { REDIS_SENTINELS: 'a', REDIS_SENTINEL_MASTER: 'm', REDIS_CLUSTER_NODES: 'b' },
      /^REDIS_SENTINELS and REDIS_CLUSTER_NODES are both set/,
    ],
  ])('stops naming the variable for %s', (_case, env, message) => {
    expect(() => readRedisSettings(env)).toThrow(message);
  });
});

describe('Redis Cluster at REDIS_CLUSTER_NODES', () => {
  it('puts every key under one hash tag made of QUEUE_PREFIX, so each script stays in one slot', () => {
    const settings = readRedisSettings({
      REDIS_CLUSTER_NODES: 'node-a:7000,node-b:7001',
      QUEUE_PREFIX: 'leadbridge',
      REDIS_PASSWORD: 'secret',
    });

    expect(settings).toEqual({
      mode: 'cluster',
      nodes: [
        { host: 'node-a', port: 7000 },
        { host: 'node-b', port: 7001 },
      ],
      password: 'secret',
      queuePrefix: '{leadbridge}',
      waitReplicas: 0,
    });
    expect(describeRedis(settings)).toBe(
      'Cluster via node-a:7000, node-b:7001, keys under {leadbridge}',
    );
  });

  it.each([
    ['{bull}', '{bull}'],
    ['leadbridge-{prod}', 'leadbridge-{prod}'],
    ['a{}b', '{a{}b}'],
  ])('keeps a QUEUE_PREFIX that already holds a hash tag: %s', (prefix, expected) => {
    expect(readRedisSettings({ REDIS_CLUSTER_NODES: 'n', QUEUE_PREFIX: prefix }).queuePrefix).toBe(
      expected,
    );
  });

  it("checks a TLS certificate against the first node's host name, as a managed cluster's names it", () => {
    const settings = readRedisSettings({
      REDIS_CLUSTER_NODES: 'contoso.redis.cache.windows.net:6380',
      REDIS_TLS: 'true',
    });

    expect(settings.tls).toEqual({ servername: 'contoso.redis.cache.windows.net' });
  });

  it('leaves the prefix as it is outside cluster mode, where keys keep their names', () => {
    expect(readRedisSettings({ QUEUE_PREFIX: 'leadbridge' }).queuePrefix).toBe('leadbridge');
  });
});
