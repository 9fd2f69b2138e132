import { DEFAULT_CHAT_WAIT_SECONDS } from '../../config-defaults';
import type { ChatDestinationConfig } from './chat-config';
import type { ChatDestinationEntry } from './chat-schema';

/** A chat entry with no personal data unless listed, and its wait in one object. */
export function buildChat(entry: ChatDestinationEntry): ChatDestinationConfig {
  return {
    name: entry.name,
    type: 'chat',
    ...(entry.match ? { match: entry.match } : {}),
    format: entry.format,
    urlEnv: entry.urlEnv,
    ...(entry.title !== undefined ? { title: entry.title } : {}),
    ...(entry.text !== undefined ? { text: entry.text } : {}),
    personalData: entry.personalData ?? [],
    ...(entry.waitFor !== undefined
      ? {
          waitFor: {
            destination: entry.waitFor,
            maxSeconds: entry.waitForSeconds ?? DEFAULT_CHAT_WAIT_SECONDS,
          },
        }
      : {}),
  };
}
