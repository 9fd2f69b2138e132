import { Type, type Static } from '@sinclair/typebox';
import {
  EmailAddress,
  EnvName,
  Recipients,
  RequireTls,
  SMTP_URL_ENV_HELP,
} from '../../schema/common-schemas';
import { exactly, ref } from '../../schema/schema-helpers';
import { match, name, text } from '../destination-fields';

const template = (title: string, description: string) => Type.Optional(text(title, description));

/** A `type: email` entry of the file. */
export const EmailDestination = Type.Object(
  {
    name,
    type: exactly('email', { title: 'Type', description: 'Sends an e-mail notification.' }),
    match,
    smtpUrlEnv: ref('envName', EnvName, SMTP_URL_ENV_HELP),
    requireTls: Type.Optional(RequireTls),
    from: ref('emailAddress', EmailAddress, {
      title: 'From',
      description: 'Sender, e.g. "Leadbridge <leads@contoso.example>".',
    }),
    to: Recipients,
    cc: Type.Optional(
      Type.Array(ref('emailAddress', EmailAddress), {
        title: 'Cc',
        description: 'Copy recipients.',
      }),
    ),
    subject: template(
      'Subject template',
      'The subject, with lead fields in braces, e.g. "New lead from {LeadSource} for {OfferTitle}". Write {{ and }} for literal braces.',
    ),
    text: template(
      'Text body template',
      'The plain-text body, with lead fields in braces, e.g. {UserDetails.Email}. Default: every field of the lead.',
    ),
    html: template(
      'HTML body template',
      'The HTML body, with lead fields in braces; their values are HTML-escaped. Default: every field of the lead.',
    ),
  },
  {
    title: 'E-mail destination',
    description: 'Sends an e-mail about each matching lead.',
    additionalProperties: false,
  },
);

export type EmailDestinationEntry = Static<typeof EmailDestination>;
