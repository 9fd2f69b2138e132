import type { Logger } from '../logger';
import { isCluster, type RedisConnection } from './redis-connection';
import { redisProblem } from './redis-problem';

/**
 * Logs each error of the connection (a Cluster's nodes' too) as a warning, with what it most
 * likely means when that is not plain from the error: the connection retries by itself, so the
 * process goes on, and the operator reads why in the log.
 */
export function logRedisErrors(connection: RedisConnection, logger: Logger): void {
  const log = (error: unknown) => {
    const problem = redisProblem(error);
    logger.warn('redis connection error', { error, ...(problem ? { problem } : {}) });
  };
  connection.on('error', log);
  if (isCluster(connection)) connection.on('node error', log);
}
