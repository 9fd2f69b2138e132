/**
 * The span attribute names Leadbridge sets. Standard ones are OpenTelemetry's semantic
 * conventions' names, written out so that a process without traces loads no conventions package.
 * None of them ever holds personal data: a lead is named by its id, never by its contents.
 */
export const ATTR = {
  // OpenTelemetry semantic conventions (HTTP, URL, server, error)
  httpMethod: 'http.request.method',
  httpRoute: 'http.route',
  httpStatusCode: 'http.response.status_code',
  /** Retry-After as the answer said it (`http.response.header.<name>`, a list of values). */
  httpRetryAfter: 'http.response.header.retry-after',
  urlFull: 'url.full',
  urlTemplate: 'url.template',
  urlScheme: 'url.scheme',
  serverAddress: 'server.address',
  serverPort: 'server.port',
  errorType: 'error.type',
  messagingDestination: 'messaging.destination.name',

  // Leadbridge's own
  /** The lead event's id: the BullMQ job id and the Dataverse record id. */
  leadId: 'leadbridge.lead.id',
  /** The request id of the POST that brought the lead, as every log line about it carries. */
  requestId: 'leadbridge.request.id',
  /** What the API did with the lead: accepted, duplicate or spooled. */
  leadOutcome: 'leadbridge.lead.outcome',
  /** The destinations a lead was handed to, by name. */
  destinations: 'leadbridge.destinations',
  destinationName: 'leadbridge.destination.name',
  destinationType: 'leadbridge.destination.type',
  /** Which delivery attempt this is, 1 for the first (throttled tries spend none). */
  deliveryAttempt: 'leadbridge.delivery.attempt',
  /** written, already_written, updated, skipped, sent; or throttled, retrying, failed. */
  deliveryOutcome: 'leadbridge.delivery.outcome',
  /** Why an attempt failed, as a class: throttled, transient, permanent, rejected. */
  deliveryFailure: 'leadbridge.delivery.failure',
  /** The destination's own error code (Dataverse's `0x…`, nodemailer's `ECONNECTION`). */
  deliveryErrorCode: 'leadbridge.delivery.error_code',
  /** The status the destination answered the failed attempt with (HTTP or SMTP). */
  deliveryStatus: 'leadbridge.delivery.status',
  /** How long a throttled destination asked to wait, in milliseconds. */
  retryAfterMs: 'leadbridge.retry_after_ms',

  // The Dataverse Web API request
  /** What the answer means: success, precondition-failed, throttled, transient, permanent, no-answer. */
  dataverseStatus: 'dataverse.status',
  /** Dataverse's error code from the answer's body, e.g. `0x80044331`. */
  dataverseErrorCode: 'dataverse.error.code',
  /** Whether a token was asked of Entra ID anew, skipping the cache (after a 401). */
  tokenForceRefresh: 'leadbridge.token.force_refresh',
} as const;
