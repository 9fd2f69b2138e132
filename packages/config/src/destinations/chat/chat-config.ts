import type { PersonalDataKind } from '@leadbridge/lead-model';
import type { ChatDestinationEntry } from './chat-schema';

/** A chat destination of the file, its defaults filled in. */
export type ChatDestinationConfig = Readonly<
  Omit<ChatDestinationEntry, 'personalData' | 'waitFor' | 'waitForSeconds'> & {
    /** @defaultValue `[]`: no personal data in the channel */
    personalData: readonly PersonalDataKind[];
    /** The Dataverse delivery the message waits for, and for how long at most. */
    waitFor?: {
      readonly destination: string;
      /** @defaultValue `DEFAULT_CHAT_WAIT_SECONDS` (600) */
      readonly maxSeconds: number;
    };
  }
>;
