import type { PrivateRedis } from './redis-server';

/** jest globalTeardown: stops the redis-server the setup started. */
export default async function teardown(): Promise<void> {
  await (globalThis as { __privateRedis?: PrivateRedis }).__privateRedis?.stop();
}
