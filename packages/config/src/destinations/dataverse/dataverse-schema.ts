import { Type, type Static } from '@sinclair/typebox';
import {
  BULK_BATCH_SIZE_LIMIT,
  DEFAULT_BULK_WRITES,
  DATAVERSE_MAX_CONCURRENCY_LIMIT,
  DEFAULT_DATAVERSE_LIMITS,
  DEFAULT_DATAVERSE_POLICIES,
} from '../../config-defaults';
import { EnvName } from '../../schema/common-schemas';
import { Mapping } from '../../schema/mapping-schemas';
import { exactly, oneOfWords, ref } from '../../schema/schema-helpers';
import { match, name, text } from '../destination-fields';

const HTTPS_ORIGIN = '^https://[A-Za-z0-9.-]+(:[0-9]{1,5})?/?$';
const GUID = '[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}';
const { doNotContact } = DEFAULT_DATAVERSE_POLICIES;
const { authorityHost, maxConcurrency, rateLimit } = DEFAULT_DATAVERSE_LIMITS;

/** How a Dataverse destination signs in to Entra ID: AZURE_CREDENTIAL's values too. */
export const DATAVERSE_CREDENTIAL_KINDS = [
  'secret',
  'certificate',
  'managed-identity',
  'workload-identity',
] as const;

/**
 * The kinds that need no secret or certificate of their own, so a file names them with
 * `credential`; a secret or certificate is named by its own key.
 */
const SECRETLESS = ['managed-identity', 'workload-identity'] as const;

const atLeastOne = (title: string, description: string) =>
  Type.Integer({ title, description, minimum: 1 });

/** A `type: dataverse` entry of the file. */
export const DataverseDestination = Type.Object(
  {
    name,
    type: exactly('dataverse', {
      title: 'Type',
      description: 'Writes a lead record to a Dynamics 365 / Dataverse org.',
    }),
    match,
    url: Type.String({
      title: 'Org URL',
      description: "The org's address, with no path, e.g. https://contoso.crm.dynamics.com.",
      pattern: HTTPS_ORIGIN,
    }),
    tenantId: Type.Optional(
      Type.String({
        title: 'Tenant ID',
        description:
          "Directory (tenant) ID of the org's Entra ID tenant: a GUID, or the tenant's domain such as contoso.onmicrosoft.com. Not used with credential: managed-identity.",
        pattern: `^(${GUID}|[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+)$`,
      }),
    ),
    clientId: Type.Optional(
      Type.String({
        title: 'Client ID',
        description:
          'Application (client) ID of the app registration that is an application user in the org. With credential: managed-identity, the client ID of a user-assigned identity; leave it out for the system-assigned identity.',
        pattern: `^${GUID}$`,
      }),
    ),
    credential: Type.Optional(
      oneOfWords(SECRETLESS, {
        title: 'Credential without a secret',
        description:
          "`managed-identity`: the Azure resource's own identity (App Service, Container Apps, a VM or AKS node); `workload-identity`: AKS workload identity federation. Give this, clientSecretEnv or clientCertificatePath.",
      }),
    ),
    federatedTokenFile: Type.Optional(
      text(
        'Federated token file',
        "With credential: workload-identity, the projected service account token the app's federated credential trusts; it is read again for each token. Default: the worker's AZURE_FEDERATED_TOKEN_FILE, which AKS sets.",
      ),
    ),
    clientSecretEnv: Type.Optional(
      ref('envName', EnvName, {
        title: 'Client secret variable',
        description:
          "Name of the environment variable holding the app's client secret. Give this or clientCertificatePath, not both.",
      }),
    ),
    clientCertificatePath: Type.Optional(
      text(
        'Client certificate file',
        "Path of a PEM file holding the app's private key and certificate. Give this or clientSecretEnv, not both.",
      ),
    ),
    authorityHost: Type.Optional(
      Type.String({
        title: 'Authority host',
        description: `Entra ID sign-in host; only sovereign clouds need it, e.g. https://login.microsoftonline.us. Default: the worker's AZURE_AUTHORITY_HOST, else ${authorityHost}.`,
        pattern: HTTPS_ORIGIN,
      }),
    ),
    maxConcurrency: Type.Optional(
      Type.Integer({
        title: 'Requests in flight',
        description: `Dataverse requests in flight at once from one worker process for this org, at most ${DATAVERSE_MAX_CONCURRENCY_LIMIT} (Dataverse's own limit). Default: the worker's DATAVERSE_MAX_CONCURRENCY (${maxConcurrency}).`,
        minimum: 1,
        maximum: DATAVERSE_MAX_CONCURRENCY_LIMIT,
      }),
    ),
    rateLimit: Type.Optional(
      Type.Object(
        {
          max: atLeastOne('Leads per window', 'How many leads may start within one window.'),
          windowMs: atLeastOne('Window (ms)', 'Length of the window in milliseconds.'),
        },
        {
          title: 'Rate limit',
          description: `Leads started per window for this org across all worker processes. Default: the worker's DATAVERSE_RATE_LIMIT_MAX per DATAVERSE_RATE_LIMIT_WINDOW_MS (${rateLimit.max} per ${rateLimit.windowMs} ms).`,
          additionalProperties: false,
        },
      ),
    ),
    bulkWrites: Type.Optional(
      Type.Object(
        {
          mode: Type.Optional(
            oneOfWords(['off', 'auto'], {
              title: 'Bulk writes',
              description:
                '`auto` writes a backlog of leads with CreateMultiple, many to a request; `off` writes one lead per request.',
            }),
          ),
          batchSize: Type.Optional(
            Type.Integer({
              title: 'Leads per request',
              description: `Leads in one CreateMultiple request, 2 to ${BULK_BATCH_SIZE_LIMIT}.`,
              minimum: 2,
              maximum: BULK_BATCH_SIZE_LIMIT,
            }),
          ),
          backlog: Type.Optional(
            atLeastOne('Backlog', 'Waiting leads at or above which leads are written in bulk.'),
          ),
        },
        {
          title: 'Bulk writes',
          description: `Whether this org's backlog is written in bulk (CreateMultiple on leads); a fresh lead with no backlog is always written alone. Default: the worker's DATAVERSE_BULK_WRITES, DATAVERSE_BULK_BATCH_SIZE and DATAVERSE_BULK_BACKLOG (${DEFAULT_BULK_WRITES.mode}, ${DEFAULT_BULK_WRITES.batchSize}, ${DEFAULT_BULK_WRITES.backlog}).`,
          additionalProperties: false,
        },
      ),
    ),
    columnLengths: Type.Optional(
      Type.Unsafe<Record<string, number>>({
        title: 'Column lengths',
        description:
          'Maximum lengths of custom text columns the mapping writes, by logical name, e.g. new_offertitle: 200. Longer values are cut to fit and kept whole in the description.',
        type: 'object',
        propertyNames: { pattern: '^[a-z][a-z0-9_]*$' },
        additionalProperties: atLeastOne(
          'Maximum length',
          "The column's maximum length in characters, as set in Dataverse.",
        ),
      }),
    ),
    mapping: Type.Optional(ref('mapping', Mapping)),
    testLeads: Type.Optional(
      oneOfWords(['write', 'skip'], {
        title: 'Partner Center test leads',
        description:
          "`write` (default) writes Partner Center's validation leads like any other; `skip` leaves them out of this org.",
      }),
    ),
    doNotContact: Type.Optional(
      Type.Object(
        {
          action: Type.Optional(
            oneOfWords(['flag', 'skip'], {
              title: 'Action',
              description:
                '`flag` (default) writes the lead with the columns below set to true; `skip` does not write it.',
            }),
          ),
          columns: Type.Optional(
            Type.Array(text('Column', 'Logical name of a yes/no column of the lead table.'), {
              title: 'Flag columns',
              description: `Yes/no columns set to true on a do-not-contact lead. Default: ${doNotContact.columns.join(', ')}.`,
              minItems: 1,
            }),
          ),
        },
        {
          title: 'Do-not-contact leads',
          description: `What to do with leads whose customer asked not to be contacted (action code DNC). Default: flag them with ${doNotContact.columns.join(' and ')}.`,
          additionalProperties: false,
        },
      ),
    ),
    repeatCustomers: Type.Optional(
      Type.Object(
        {
          action: oneOfWords(['new-lead', 'update-open-lead'], {
            title: 'Action',
            description:
              "`new-lead` (default) writes a new lead each time; `update-open-lead` updates the customer's open lead for the same offer when there is one.",
          }),
          offerColumn: Type.Optional(
            text(
              'Offer column',
              "For update-open-lead: the column the mapping fills with the offer, used to find the customer's open lead for the same offer.",
            ),
          ),
        },
        {
          title: 'Repeat customers',
          description:
            'What to do when the same customer comes back about the same offer. Default: `new-lead`.',
          additionalProperties: false,
          if: {
            properties: { action: { const: 'update-open-lead' } },
            required: ['action'],
          },
          then: { properties: { offerColumn: true }, required: ['offerColumn'] },
        },
      ),
    ),
  },
  {
    title: 'Dataverse destination',
    description:
      'Writes each matching lead as a `lead` record in one Dynamics 365 / Dataverse org, signing in to Entra ID as an application user with a client secret, a certificate, a managed identity or workload identity federation.',
    additionalProperties: false,
    $comment:
      "Each branch repeats its key in properties because ajv's strict mode checks required keys before it reads the enclosing properties.",
    oneOf: [
      { properties: { clientSecretEnv: true }, required: ['clientSecretEnv'] },
      { properties: { clientCertificatePath: true }, required: ['clientCertificatePath'] },
      { properties: { credential: true }, required: ['credential'] },
    ],
    // Only a managed identity needs no tenant, and no client ID for the system-assigned one.
    if: { properties: { credential: { const: 'managed-identity' } }, required: ['credential'] },
    else: { properties: { tenantId: true, clientId: true }, required: ['tenantId', 'clientId'] },
  },
);

export type DataverseDestinationEntry = Static<typeof DataverseDestination>;
