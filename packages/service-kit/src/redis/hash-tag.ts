/**
 * A key's hash tag: the text between its first `{` and the first `}` after it, when not empty.
 * Redis Cluster places a key with a tag by the tag alone, so keys sharing one share a slot.
 */
export function hashTagOf(key: string): string | undefined {
  const open = key.indexOf('{');
  const close = open === -1 ? -1 : key.indexOf('}', open + 1);
  return close > open + 1 ? key.slice(open + 1, close) : undefined;
}

/**
 * The prefix as a Redis Cluster hash tag, so every key under it lands in one slot: BullMQ's
 * scripts touch several keys of a queue at once, and Leadbridge moves leads between queues and
 * keeps its index, alerts and limits beside them. A prefix that already holds a tag (`{bull}`,
 * `leadbridge-{prod}`) is kept as it is; any other is put in braces.
 */
export function hashTagged(prefix: string): string {
  return hashTagOf(prefix) === undefined ? `{${prefix}}` : prefix;
}
