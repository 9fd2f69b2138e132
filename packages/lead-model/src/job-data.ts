import Ajv, { type ErrorObject } from 'ajv';
import { TOP_LEVEL_FIELDS, USER_DETAIL_FIELDS } from './field-names';
import { isRecord } from './util/is-record';
import { DESTINATION_NAME_PATTERN, type DestinationJobData, type LeadJobData } from './queue';

/** A GUID as Dataverse writes record ids: 8-4-4-4-12 hexadecimal digits and nothing else. */
export const GUID_PATTERN =
  /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

export function isGuid(value: unknown): value is string {
  return typeof value === 'string' && GUID_PATTERN.test(value);
}

const text = { type: 'string' };

/** The lead as `parseLead` leaves it: known fields only, every value a string. */
const leadSchema = {
  type: 'object',
  required: ['UserDetails', 'Extra'],
  properties: {
    ...Object.fromEntries(
      Object.values(TOP_LEVEL_FIELDS)
        .filter((name) => name !== 'UserDetails')
        .map((name) => [name, text]),
    ),
    UserDetails: {
      type: 'object',
      properties: Object.fromEntries(Object.values(USER_DETAIL_FIELDS).map((name) => [name, text])),
      additionalProperties: false,
    },
    Extra: { type: 'object' },
  },
  additionalProperties: false,
};

const originSchema = {
  type: 'object',
  required: ['isTestLead'],
  properties: {
    source: text,
    actionCode: text,
    offerId: text,
    publisherId: text,
    isTestLead: { type: 'boolean' },
  },
  additionalProperties: false,
};

const ISO_UTC_TIME = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z$';

const importedSchema = {
  type: 'object',
  required: ['source', 'file', 'line'],
  properties: {
    source: { enum: ['csv', 'ndjson'] },
    file: text,
    line: { type: 'integer', minimum: 1 },
    createdAt: { type: 'string', pattern: ISO_UTC_TIME },
  },
  additionalProperties: false,
};

// What each pattern means, by the field it guards, for a reason a person reads.
const PATTERNS = {
  leadId: { pattern: GUID_PATTERN.source, meaning: 'must be a GUID' },
  receivedAt: { pattern: ISO_UTC_TIME, meaning: 'must be an ISO 8601 UTC time' },
  'imported.createdAt': { pattern: ISO_UTC_TIME, meaning: 'must be an ISO 8601 UTC time' },
  destination: { pattern: DESTINATION_NAME_PATTERN.source, meaning: 'must be a destination name' },
} as const;

/** The lead job the API stores; fields a later version adds to it are left alone. */
const leadJobSchema = {
  type: 'object',
  required: ['leadId', 'requestId', 'receivedAt', 'rawBody', 'lead', 'origin'],
  properties: {
    leadId: { type: 'string', pattern: PATTERNS.leadId.pattern },
    requestId: text,
    receivedAt: { type: 'string', pattern: PATTERNS.receivedAt.pattern },
    rawBody: text,
    lead: leadSchema,
    origin: originSchema,
    imported: importedSchema,
  },
};

const destinationJobSchema = {
  ...leadJobSchema,
  required: [...leadJobSchema.required, 'destination'],
  properties: {
    ...leadJobSchema.properties,
    destination: { type: 'string', pattern: PATTERNS.destination.pattern },
  },
};

const ajv = new Ajv({ allErrors: true, strict: true });
const validateLeadJob = ajv.compile<LeadJobData>(leadJobSchema);
const validateDestinationJob = ajv.compile<DestinationJobData>(destinationJobSchema);

/** Job data that holds to the contract, or what is wrong with it. */
export type JobDataCheck<T> = { ok: true; data: T } | { ok: false; problems: string[] };

/**
 * One problem in words. It names the field by its path and never quotes a value, or a key that
 * came from outside: job data is personal data, and the reason is shown and alerted on.
 */
function describe(error: ErrorObject): string {
  const path = error.instancePath.slice(1).replace(/\//g, '.');
  const field = path || 'the job data';
  switch (error.keyword) {
    case 'required': {
      const missing = String((error.params as { missingProperty?: unknown }).missingProperty);
      return `${path ? `${path}.` : ''}${missing} is missing`;
    }
    case 'additionalProperties':
      return `${field} has a field the contract does not know`;
    case 'pattern': {
      const known = PATTERNS[path as keyof typeof PATTERNS] as { meaning: string } | undefined;
      return `${field} ${known?.meaning ?? 'has the wrong form'}`;
    }
    default:
      return `${field} ${error.message ?? 'is invalid'}`;
  }
}

/**
 * Job data as this version writes it. Jobs written by earlier versions, still in Redis or in the
 * API's spool, carry the request id as `correlationId`: it is read as `requestId`, so that a
 * routed lead passes on the new name alone.
 */
function upgraded(data: unknown): unknown {
  if (!isRecord(data) || 'requestId' in data || !('correlationId' in data)) return data;
  const { correlationId, ...rest } = data;
  return { ...rest, requestId: correlationId };
}

function checked<T>(
  validate: { (data: unknown): data is T; errors?: ErrorObject[] | null },
  stored: unknown,
): JobDataCheck<T> {
  const data = upgraded(stored);
  if (validate(data)) return { ok: true, data };
  return { ok: false, problems: (validate.errors ?? []).map(describe) };
}

/**
 * Checks a lead job read back from Redis, where anyone with access (or the dashboard) may have
 * changed it: the lead id must be a GUID before it goes into a Dataverse URL, and the lead must
 * be what `parseLead` produces before it is mapped.
 */
export function checkLeadJobData(data: unknown): JobDataCheck<LeadJobData> {
  return checked(validateLeadJob, data);
}

/** Checks a delivery job as {@link checkLeadJobData} does, and that it is for `destination`. */
export function checkDestinationJobData(
  data: unknown,
  destination: string,
): JobDataCheck<DestinationJobData> {
  const result = checked(validateDestinationJob, data);
  if (result.ok && result.data.destination !== destination) {
    return { ok: false, problems: [`destination is not this queue's destination`] };
  }
  return result;
}
