import { startPrivateRedis, type PrivateRedis } from '@leadbridge/test-support';
import { Redis } from 'ioredis';
import { readRedisSettings } from '../src/redis/read-redis-settings';

/** The URL the settings connect to, as every process reads it. */
function readRedisUrl(env: Record<string, string>): string {
  const settings = readRedisSettings(env);
  if (settings.mode !== 'standalone') throw new Error(`expected REDIS_URL, got ${settings.mode}`);
  return settings.url;
}

// Every character a URL gives a meaning to, so the password must be encoded to travel in one.
const PASSWORD = 'p@ss/w#rd%41:?&=+ x';

/** PONG, or what Redis answered instead. */
async function ping(url: string): Promise<string> {
  const client = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  // A refused AUTH ends the connection; the 'error' event says why, connect() only "closed".
  let refusal: string | undefined;
  client.on('error', (error: Error) => (refusal ??= error.message));
  try {
    await client.connect();
    return await client.ping();
  } catch (error) {
    return refusal ?? (error instanceof Error ? error.message : String(error));
  } finally {
    client.disconnect();
  }
}

describe('REDIS_PASSWORD', () => {
  let redis: PrivateRedis;
  beforeAll(async () => {
    redis = await startPrivateRedis(undefined, { password: PASSWORD });
  });
  afterAll(() => redis.stop());

  test('opens a Redis that asks for it, whatever characters the password holds', async () => {
    const url = readRedisUrl({
      REDIS_URL: `redis://127.0.0.1:${redis.port}`,
      REDIS_PASSWORD: PASSWORD,
    });

    expect(await ping(url)).toBe('PONG');
  });

  test('gives way to a password the URL already carries', async () => {
    const url = readRedisUrl({ REDIS_URL: redis.url, REDIS_PASSWORD: 'another-password' });

    expect(await ping(url)).toBe('PONG');
  });

  test('unset, the URL is used as given: a Redis that asks for a password refuses it', async () => {
    const url = readRedisUrl({ REDIS_URL: `redis://127.0.0.1:${redis.port}` });

    expect(await ping(url)).toMatch(/NOAUTH/);
  });
});
