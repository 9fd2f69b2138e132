import type { EmailDestinationEntry } from './email-schema';

/** An e-mail destination of the file; its `requireTls`, when absent, is SMTP_REQUIRE_TLS. */
export type EmailDestinationConfig = Readonly<
  Omit<EmailDestinationEntry, 'cc'> & {
    /** @defaultValue `[]` */
    cc: string[];
  }
>;
