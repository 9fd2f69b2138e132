import { Type } from '@sinclair/typebox';
import { DEFAULT_ALERT_LIMITS } from '../config-defaults';
import { EmailAddress, EnvName, Recipients, RequireTls, SMTP_URL_ENV_HELP } from './common-schemas';
import { ref } from './schema-helpers';

const limit = (title: string, description: string) =>
  Type.Integer({ title, description, minimum: 1 });

export const Alerts = Type.Object(
  {
    email: Type.Optional(
      Type.Object(
        {
          smtpUrlEnv: ref('envName', EnvName, SMTP_URL_ENV_HELP),
          requireTls: Type.Optional(RequireTls),
          from: ref('emailAddress', EmailAddress, {
            title: 'From',
            description: 'Sender, e.g. "Leadbridge <alerts@contoso.example>".',
          }),
          to: Recipients,
        },
        {
          title: 'E-mail alerts',
          description: 'Sends alerts by e-mail.',
          additionalProperties: false,
        },
      ),
    ),
    webhook: Type.Optional(
      Type.Object(
        {
          urlEnv: ref('envName', EnvName, {
            title: 'Webhook URL variable',
            description:
              "Name of the environment variable holding the webhook's URL; anyone with it can post, so it is a secret.",
          }),
        },
        {
          title: 'Webhook alerts',
          description: 'Posts alerts to an incoming webhook (Microsoft Teams, Slack).',
          additionalProperties: false,
        },
      ),
    ),
    quietMinutes: Type.Optional(
      limit(
        'Quiet minutes',
        `At most one alert per incident within this many minutes. Default: ${DEFAULT_ALERT_LIMITS.quietMinutes}.`,
      ),
    ),
    backlogThreshold: Type.Optional(
      limit(
        'Backlog threshold',
        `Alert when a destination has more leads than this waiting. Default: ${DEFAULT_ALERT_LIMITS.backlogThreshold}.`,
      ),
    ),
  },
  {
    title: 'Alerts',
    description:
      'Where alerts about failing or backed-up destinations go: e-mail, a webhook, or both.',
    additionalProperties: false,
  },
);
