import type { RedisConnection } from '@leadbridge/service-kit';
import { FORGET_COMMAND, FORGET_SCRIPT } from './forget-script';
import { RECORD_COMMAND, RECORD_SCRIPT } from './record-script';

type ScriptCommand = (...args: (string | number)[]) => Promise<unknown>;

/** The connection with the activity's scripts defined on it (sent as EVALSHA once Redis knows them). */
export type ActivityConnection = RedisConnection &
  Record<typeof RECORD_COMMAND | typeof FORGET_COMMAND, ScriptCommand>;

export function withActivityScripts(connection: RedisConnection): ActivityConnection {
  if (!(RECORD_COMMAND in connection)) {
    // Two keys per event, as many events as a call carries: the key count comes first.
    connection.defineCommand(RECORD_COMMAND, { lua: RECORD_SCRIPT });
  }
  if (!(FORGET_COMMAND in connection)) {
    connection.defineCommand(FORGET_COMMAND, { numberOfKeys: 2, lua: FORGET_SCRIPT });
  }
  return connection as ActivityConnection;
}
