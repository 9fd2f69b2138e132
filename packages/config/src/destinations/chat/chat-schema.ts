import { PERSONAL_DATA_KIND_NAMES } from '@leadbridge/lead-model';
import { Type, type Static } from '@sinclair/typebox';
import { DEFAULT_CHAT_WAIT_SECONDS } from '../../config-defaults';
import { DestinationName, EnvName } from '../../schema/common-schemas';
import { exactly, oneOfWords, ref } from '../../schema/schema-helpers';
import { match, name, text } from '../destination-fields';

const template = (title: string, description: string) => Type.Optional(text(title, description));

/** A `type: chat` entry of the file. */
export const ChatDestination = Type.Object(
  {
    name,
    type: exactly('chat', {
      title: 'Type',
      description: 'Posts a message to a Microsoft Teams or Slack channel.',
    }),
    match,
    format: oneOfWords(['teams', 'slack'] as const, {
      title: 'Format',
      description:
        'teams: an Adaptive Card for a Teams Workflows webhook ("When a Teams webhook request is received"); slack: Block Kit for a Slack incoming webhook.',
    }),
    urlEnv: ref('envName', EnvName, {
      title: 'Webhook URL variable',
      description:
        "Name of the environment variable holding the webhook's URL; anyone with it can post to the channel, so it is a secret.",
    }),
    title: template(
      'Title template',
      'The headline, with lead fields in braces, e.g. "New lead: {Topic}". Write {{ and }} for literal braces. Default: "New lead: {Topic}".',
    ),
    text: template(
      'Text template',
      'A paragraph under the headline, with lead fields in braces. Default: none; the facts of the lead follow either way.',
    ),
    personalData: Type.Optional(
      Type.Array(
        oneOfWords(PERSONAL_DATA_KIND_NAMES, {
          title: 'Kind of personal data',
          description:
            'name (first and last), email, phone, company, title (job title), description (what the customer wrote), extra (fields Microsoft sent that Leadbridge does not know).',
        }),
        {
          title: 'Personal data',
          description:
            'Which personal data the message shows; everyone in the channel reads it. Default: none, so the message says what the lead is (offer, action, source, country) and not who the customer is. Templates may only name fields of the kinds listed here.',
          uniqueItems: true,
        },
      ),
    ),
    waitFor: Type.Optional(
      ref('destinationName', DestinationName, {
        title: 'Wait for',
        description:
          'Name of a Dataverse destination of this file: the message waits for its delivery of the same lead and carries a link to the record in Dynamics 365. A lead that destination does not take is posted at once.',
      }),
    ),
    waitForSeconds: Type.Optional(
      Type.Integer({
        title: 'Longest wait',
        description: `With waitFor: how long to wait for the Dataverse delivery before posting without the link. Default: ${DEFAULT_CHAT_WAIT_SECONDS}.`,
        minimum: 1,
        maximum: 86_400,
      }),
    ),
  },
  {
    title: 'Chat destination',
    description: 'Posts a message about each matching lead to a Teams or Slack channel.',
    additionalProperties: false,
  },
);

export type ChatDestinationEntry = Static<typeof ChatDestination>;
