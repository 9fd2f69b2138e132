import type { Cluster, Redis } from 'ioredis';
import { hashTagOf } from './hash-tag';
import { isCluster, type RedisConnection } from './redis-connection';

// Slots by hash tag: every Leadbridge key of an installation shares one tag, so one lookup serves.
const slotsByTag = new WeakMap<Cluster, Map<string, number>>();

async function slotOf(cluster: Cluster, key: string): Promise<number> {
  let slots = slotsByTag.get(cluster);
  if (!slots) slotsByTag.set(cluster, (slots = new Map<string, number>()));
  const tag = hashTagOf(key);
  let slot = tag === undefined ? undefined : slots.get(tag);
  if (slot === undefined) {
    // Redis computes it (CRC16 of the tag, or of the key); a tag's slot never changes.
    slot = Number(await cluster.cluster('KEYSLOT', key));
    if (tag !== undefined) slots.set(tag, slot);
  }
  return slot;
}

/**
 * The server holding `key`, over the very connection its commands travel on: the connection for
 * one server, or a Cluster's connection to the master serving the key's slot (per the slot map
 * the Cluster keeps up to date). For commands that concern what this connection wrote, such as
 * WAIT, which a Cluster would otherwise send to any node.
 */
export async function serverForKey(connection: RedisConnection, key: string): Promise<Redis> {
  if (!isCluster(connection)) return connection;
  const address = connection.slots[await slotOf(connection, key)]?.[0];
  const server = connection
    .nodes('master')
    .find(({ options }) => `${options.host}:${options.port}` === address);
  if (!server)
    throw new Error(`no connection to the master of ${key}'s slot (${address ?? 'unknown'})`);
  return server;
}
