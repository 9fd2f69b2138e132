import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { freePort } from './free-port';
import { pollUntil } from './poll-until';
import { startPrivateRedis, type PrivateRedis } from './redis-server';

const run = promisify(execFile);

/** A Redis Cluster of private redis-servers, built by `redis-cli --cluster create`. */
export interface PrivateCluster {
  /** Every master's address, as REDIS_CLUSTER_NODES lists them. */
  nodes: readonly { host: string; port: number }[];
  /** REDIS_CLUSTER_NODES naming every master. */
  env: { REDIS_CLUSTER_NODES: string };
  stop(): Promise<void>;
}

async function clusterOk(port: number): Promise<boolean> {
  const client = new Redis({
    port,
    host: '127.0.0.1',
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    const info = await client.cluster('INFO');
    return info.includes('cluster_state:ok') && info.includes('cluster_slots_ok:16384');
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

/**
 * Starts `masters` redis-servers with cluster mode on (each its own port and cluster bus port,
 * its node file in `dir`), joins them into one cluster with no replicas, and resolves once every
 * node sees all 16,384 slots served.
 */
export async function startPrivateCluster(dir: string, masters = 3): Promise<PrivateCluster> {
  const servers: PrivateRedis[] = [];
  const stop = async () => {
    await Promise.all(servers.map((server) => server.stop()));
  };
  try {
    for (let index = 0; index < masters; index++) {
      const port = await freePort();
      servers.push(
        await startPrivateRedis(port, {
          args: [
            ...['--cluster-enabled', 'yes', '--cluster-port', String(await freePort())],
            ...['--cluster-config-file', join(dir, `nodes-${port}.conf`), '--dir', dir],
            ...['--cluster-node-timeout', '5000'],
          ],
        }),
      );
    }
    const addresses = servers.map(({ port }) => `127.0.0.1:${port}`);
    await run('redis-cli', ['--cluster', 'create', ...addresses, '--cluster-yes']);
    await pollUntil(
      async () => (await Promise.all(servers.map(({ port }) => clusterOk(port)))).every(Boolean),
      30_000,
      'every cluster node to serve all slots',
    );
    return {
      nodes: servers.map(({ port }) => ({ host: '127.0.0.1', port })),
      env: { REDIS_CLUSTER_NODES: addresses.join(',') },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
