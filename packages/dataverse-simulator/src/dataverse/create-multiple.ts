import type { Request, Response } from 'express';
import { API_PATH, sendOData, type DataverseContext } from './dataverse-context';
import { DataverseError, ErrorCodes, duplicateKeyError, payloadError } from './dataverse-error';
import { prepareCreate, spendWriteTime, type PreparedCreate } from './lead-writes';
import { CAST_PREFIX } from './resource-path';

/*
 * The CreateMultiple action on the lead table, as Microsoft Learn describes it:
 * - "CreateMultiple Action" (power-apps/developer/data-platform/webapi/reference/createmultiple):
 *   `POST [org]/api/data/v9.2/<entityset>/Microsoft.Dynamics.CRM.CreateMultiple` with
 *   `{ "Targets": [ { "@odata.type": "Microsoft.Dynamics.CRM.<table>", ... } ] }`, `@odata.type`
 *   required on every target; `200 OK` with `@odata.context …$metadata#Microsoft.Dynamics.CRM.
 *   CreateMultipleResponse` and `Ids`, the created records' ids in order.
 * - "Use bulk operation messages" (power-apps/developer/data-platform/bulk-operations): on a
 *   standard table any error rolls the whole request back; an existing primary key fails it with
 *   "Cannot insert duplicate key"; it counts as one request against the service protection
 *   limits but its execution time counts in full.
 */

export const CREATE_MULTIPLE = 'CreateMultiple';

/**
 * The most targets one request may carry. Dataverse sets no count and fails a request that is too
 * large or too slow instead; Microsoft suggests starting at 1,000, so the simulator refuses more,
 * which keeps a client's batches within that.
 */
export const MAX_TARGETS = 1000;

function invalidArgument(message: string): DataverseError {
  return new DataverseError(400, ErrorCodes.invalidArgument, message);
}

function readTargets(body: unknown): unknown[] {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw invalidArgument('The request body must be a JSON object with a Targets collection.');
  }
  const unknown = Object.keys(body).find((name) => name !== 'Targets');
  if (unknown !== undefined) {
    throw new DataverseError(
      400,
      ErrorCodes.payloadError,
      `The parameter '${unknown}' in the request payload is not a valid parameter for the ` +
        `operation '${CREATE_MULTIPLE}'.`,
    );
  }
  const targets = (body as { Targets?: unknown }).Targets;
  if (!Array.isArray(targets)) {
    throw invalidArgument(`Required parameter 'Targets' is missing or is not a collection.`);
  }
  if (targets.length === 0) throw invalidArgument('Targets must hold at least one record.');
  if (targets.length > MAX_TARGETS) {
    throw invalidArgument(
      `Targets holds ${targets.length} records; this org takes at most ${MAX_TARGETS} in one ` +
        `${CREATE_MULTIPLE} request.`,
    );
  }
  return targets;
}

/** Every target names its type, and it is the table the entity set holds. */
function checkType(context: DataverseContext, target: unknown): void {
  const { logicalName, entitySet } = context.table;
  const type =
    typeof target === 'object' && target !== null
      ? (target as Record<string, unknown>)['@odata.type']
      : undefined;
  if (type === undefined) {
    throw payloadError(
      entitySet,
      `The '@odata.type' annotation is required on every item of Targets; expected ` +
        `'${CAST_PREFIX}${logicalName}'.`,
    );
  }
  const name = typeof type === 'string' ? type.replace(/^#/, '') : type;
  if (name !== `${CAST_PREFIX}${logicalName}`) {
    throw invalidArgument(
      `Every record in Targets must be of type '${CAST_PREFIX}${logicalName}' for the entity ` +
        `set '${entitySet}'; found ${JSON.stringify(type)}.`,
    );
  }
}

/** The first target whose key exists already or comes twice: SQL refuses the whole insert. */
function checkKeys(context: DataverseContext, creates: readonly PreparedCreate[]): void {
  const seen = new Set<string>();
  for (const { id } of creates) {
    const key = id.toLowerCase();
    if (seen.has(key) || context.store.has(key)) {
      throw duplicateKeyError('Cannot insert duplicate key.');
    }
    seen.add(key);
  }
}

/**
 * `POST leads/Microsoft.Dynamics.CRM.CreateMultiple`: all or nothing. The targets are checked in
 * order, each as a single create is, and the first that fails is the answer; then the execution
 * time of every record is spent; then the keys are checked and all records stored at once.
 */
export async function createMultiple(
  context: DataverseContext,
  req: Request,
  res: Response,
): Promise<void> {
  const creates = readTargets(req.body).map((target) => {
    checkType(context, target);
    return prepareCreate(context, res, target);
  });
  if (!(await spendWriteTime(context, creates.length))) return;
  checkKeys(context, creates);
  const ids = creates.map((create) => context.store.create(create.values, create.id).id);
  context.stats.recordBulkWrite(ids.length);
  // Like a single write's, the answer may be lost after the records are stored.
  if (context.faults.takeDropAfterWrite()) {
    req.socket.destroy();
    return;
  }
  sendOData(res, 200, {
    '@odata.context': `${context.baseUrl}${API_PATH}/$metadata#${CAST_PREFIX}CreateMultipleResponse`,
    Ids: ids,
  });
}
