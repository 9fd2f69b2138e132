import { startPrivateRedis, type PrivateRedis } from './redis-server';

/**
 * jest globalSetup: one private redis-server per test run, announced to the tests (which run in
 * child processes that inherit the environment) as TEST_REDIS_URL.
 */
export default async function setup(): Promise<void> {
  const redis = await startPrivateRedis();
  process.env.TEST_REDIS_URL = redis.url;
  (globalThis as { __privateRedis?: PrivateRedis }).__privateRedis = redis;
}
