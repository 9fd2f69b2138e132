import { Type } from '@sinclair/typebox';
import { ref } from './schema-helpers';

export const DestinationName = Type.String({
  title: 'Name',
  description:
    'Unique name of the destination, used in logs, metrics, alerts and its queue: lower-case letters, digits and -, starting with a letter, at most 40 characters. Renaming it starts a new queue.',
  pattern: '^[a-z][a-z0-9-]{0,39}$',
});

export const EnvName = Type.String({
  title: 'Environment variable',
  description:
    'Name of an environment variable: capital letters, digits and _, e.g. CONTOSO_CLIENT_SECRET.',
  pattern: '^[A-Z_][A-Z0-9_]*$',
});

export const EmailAddress = Type.String({
  title: 'E-mail address',
  description:
    'An address, optionally with a display name: ops@contoso.example or "Contoso Ops <ops@contoso.example>".',
  pattern: '^([^<>@\\s]+@[^<>@\\s]+\\.[^<>@\\s]+|[^<>]*<[^<>@\\s]+@[^<>@\\s]+\\.[^<>@\\s]+>)$',
});

export const MatchList = Type.Array(
  Type.String({ title: 'Value', description: 'One accepted value.', minLength: 1 }),
  {
    title: 'Values',
    description: 'A lead matches when its value is one of these.',
    minItems: 1,
  },
);

export const Match = Type.Object(
  {
    offerId: Type.Optional(
      ref('matchList', MatchList, {
        title: 'Offer IDs',
        description:
          'Offer IDs as `publisherid.offerid`, e.g. contoso.widget (from the lead source). A lead without one never matches.',
      }),
    ),
    offerTitle: Type.Optional(
      ref('matchList', MatchList, {
        title: 'Offer titles',
        description: 'Offer titles as shown in the marketplace.',
      }),
    ),
    source: Type.Optional(
      ref('matchList', MatchList, {
        title: 'Sources',
        description: 'Marketplace sources: AzureMarketplace, AppSource (SPZA), AzurePortal, …',
      }),
    ),
    actionCode: Type.Optional(
      ref('matchList', MatchList, {
        title: 'Action codes',
        description:
          'What the customer did: INS (get it now / install), PLT (contact me), DNC (do not contact), Create, StartTestDrive, …',
      }),
    ),
    testLead: Type.Optional(
      Type.Boolean({
        title: 'Test leads',
        description:
          "true: only Partner Center's test leads; false: only real leads; absent: both.",
      }),
    ),
  },
  {
    title: 'Match',
    description:
      'Which leads this destination takes; absent: every lead. Each given criterion must hold; within a list any value may. Text compares ignoring case.',
    additionalProperties: false,
  },
);

/** The SMTP server's variable and its TLS rule, the same for e-mail destinations and alerts. */
export const SMTP_URL_ENV_HELP = {
  title: 'SMTP URL variable',
  description:
    "Name of the environment variable holding the SMTP server's URL with its credentials: smtp://user:pass@host:587 (STARTTLS) or smtps://user:pass@host:465.",
};

export const RequireTls = Type.Boolean({
  title: 'Require TLS',
  description:
    "For an smtp:// URL: refuse to send unless the server upgrades the connection with STARTTLS. Set false only for a trusted relay on the same host or network that offers no TLS. Default: the worker's SMTP_REQUIRE_TLS (true unless set to false).",
});

/** Recipients of an e-mail destination or of alerts. */
export const Recipients = Type.Array(ref('emailAddress', EmailAddress), {
  title: 'To',
  description: 'Recipients; at least one.',
  minItems: 1,
});
