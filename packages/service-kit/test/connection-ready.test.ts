import { startPrivateRedis, type PrivateRedis } from '@leadbridge/test-support';
import { connectionReady } from '../src/redis/connection-ready';
import { createProducerConnection } from '../src/redis/redis-connection';

describe('waiting for a producer connection to be ready', () => {
  let redis: PrivateRedis;

  beforeAll(async () => {
    redis = await startPrivateRedis();
  });

  afterAll(async () => {
    await redis.stop();
  });

  test('a burst of callers at start-up all proceed once connected, sharing one listener', async () => {
    const connection = createProducerConnection(redis.url);
    try {
      expect(connection.status).not.toBe('ready');
      const listenersBefore = connection.listenerCount('ready');
      const warnings: Error[] = [];
      const onWarning = (warning: Error): void => void warnings.push(warning);
      process.on('warning', onWarning);

      const waiting = Array.from({ length: 200 }, () => connectionReady(connection));
      expect(connection.listenerCount('ready')).toBe(listenersBefore + 1);
      await Promise.all(waiting);

      expect(connection.status).toBe('ready');
      expect(connection.listenerCount('ready')).toBe(listenersBefore);
      await expect(connectionReady(connection)).resolves.toBeUndefined();
      process.off('warning', onWarning);
      expect(warnings.filter((warning) => warning.name === 'MaxListenersExceededWarning')).toEqual(
        [],
      );
    } finally {
      connection.disconnect();
    }
  });
});
