/**
 * An answer in Dataverse's error shape, `{"error":{"code":"0x…","message":"…"}}`. The code is what
 * Dataverse sends for the same situation (often unrelated to the status, sometimes empty).
 */
export class DataverseError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'DataverseError';
  }

  toBody(): { error: { code: string; message: string } } {
    return { error: { code: this.code, message: this.message } };
  }
}

/** The codes the simulator answers with, named for what they mean. */
export const ErrorCodes = {
  unknownProperty: '0x80060888',
  resourceNotFound: '0x8006088a',
  payloadError: '0x80048d19',
  stringTooLong: '0x80044331',
  optionOutOfRange: '0x8004431a',
  invalidStatusForState: '0x80048408',
  objectDoesNotExist: '0x80040217',
  duplicateKey: '0x80040237',
  pluginRefused: '0x80040265',
  versionMismatch: '0x80060882',
  missingPrivilege: '0x80040220',
  notAMember: '0x80072560',
  invalidArgument: '0x80040203',
  requestLimit: '0x80072322',
  executionTimeLimit: '0x80072321',
  concurrencyLimit: '0x80072326',
  unexpected: '0x80040216',
} as const;

/** Dataverse's wording when a request names a property the type does not have. */
export function unknownPropertyError(property: string, typeName: string): DataverseError {
  return new DataverseError(
    400,
    ErrorCodes.unknownProperty,
    `Could not find a property named '${property}' on type '${typeName}'.`,
  );
}

/** A query the simulator does not understand: refused, never half-answered. */
export function unsupportedQueryError(message: string): DataverseError {
  return new DataverseError(400, ErrorCodes.unknownProperty, message);
}

/** Dataverse's wording for an entity set, metadata segment or cast it does not know. */
export function segmentNotFoundError(segment: string): DataverseError {
  return new DataverseError(
    404,
    ErrorCodes.resourceNotFound,
    `Resource not found for the segment '${segment}'.`,
  );
}

/** How Dataverse wraps an OData reader complaint about the request body. */
export function payloadError(entitySet: string, detail: string): DataverseError {
  return new DataverseError(
    400,
    ErrorCodes.payloadError,
    `Error identified in Payload provided by the user for Entity :'${entitySet}', For more ` +
      'information on this error please follow this help link ' +
      'https://go.microsoft.com/fwlink/?linkid=2195293  ----> InnerException : ' +
      `Microsoft.OData.ODataException: ${detail}`,
  );
}

/** Dataverse's wording for a choice value the column's options lack; `null` reads as "null". */
export function optionOutOfRangeError(
  table: { logicalName: string },
  column: { logicalName: string; options?: readonly { value: number }[] },
  value: unknown,
): DataverseError {
  const accepted = (column.options ?? []).map((option) => option.value).join(',');
  return new DataverseError(
    400,
    ErrorCodes.optionOutOfRange,
    `A validation error occurred. The value ${JSON.stringify(value)} of '${column.logicalName}' ` +
      `on record of type '${table.logicalName}' is outside the valid range. Accepted Values: ` +
      accepted,
  );
}

/**
 * A key that exists already. A single create or create-only upsert says "A record with matching
 * key values already exists."; CreateMultiple, whose insert fails in SQL, says "Cannot insert
 * duplicate key." (learn.microsoft.com/troubleshoot/power-platform/power-apps/dataverse/
 * client-errors). Both carry `0x80040237` (-2147220937), which the Web API answers with 412.
 */
export function duplicateKeyError(
  message = 'A record with matching key values already exists.',
): DataverseError {
  return new DataverseError(412, ErrorCodes.duplicateKey, message);
}

export function recordNotFoundError(logicalName: string, id: string): DataverseError {
  return new DataverseError(
    404,
    ErrorCodes.objectDoesNotExist,
    `Entity '${logicalName}' With Id = ${id} Does Not Exist`,
  );
}
