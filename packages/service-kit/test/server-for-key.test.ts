import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPrivateCluster, type PrivateCluster } from '@leadbridge/test-support';
import { readRedisSettings } from '../src/redis/read-redis-settings';
import { createProducerConnection } from '../src/redis/redis-connection';
import { connectionReady } from '../src/redis/connection-ready';
import { serverForKey } from '../src/redis/server-for-key';

jest.setTimeout(30_000);

let dir: string;
let cluster: PrivateCluster;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'leadbridge-server-for-key-'));
  cluster = await startPrivateCluster(dir);
});
afterAll(async () => {
  await cluster.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('the server holding a key, for commands about what the connection wrote (WAIT)', () => {
  it("on a Cluster, is the connection to the master that holds the key's slot", async () => {
    const settings = readRedisSettings({ ...cluster.env, QUEUE_PREFIX: 'leadbridge' });
    const connection = createProducerConnection(settings);
    try {
      await connectionReady(connection);
      const keys = ['a', 'b', 'c', 'd', 'e', 'f'].map((id) => `${settings.queuePrefix}:${id}`);
      const others = ['x', 'y', 'z'].map((id) => `{${id}}:lead`);
      await Promise.all([...keys, ...others].map((key) => connection.set(key, '1')));

      // Every key under the prefix is on one master; each other key is on the master named.
      const held = await Promise.all(
        [...keys, ...others].map(async (key) => (await serverForKey(connection, key)).exists(key)),
      );
      const servers = await Promise.all(keys.map((key) => serverForKey(connection, key)));
      expect(held).toEqual([...keys, ...others].map(() => 1));
      expect(new Set(servers).size).toBe(1);
      // WAIT on it answers for the writes this connection made there (no replicas here).
      expect(await servers[0]?.wait(0, 100)).toBe(0);
    } finally {
      connection.disconnect();
    }
  });

  it('on one server, is that server', async () => {
    const connection = createProducerConnection('redis://127.0.0.1:1');
    connection.on('error', () => undefined); // nothing listens there, and nothing need
    try {
      expect(await serverForKey(connection, 'any')).toBe(connection);
    } finally {
      connection.disconnect();
    }
  });
});
