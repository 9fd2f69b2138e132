import { randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';
import { abortableSleep } from '../shared/abortable-sleep';
import { stableGuid } from '../shared/guid';
import { API_PATH, grantOf, sendOData, type DataverseContext } from './dataverse-context';
import {
  DataverseError,
  ErrorCodes,
  duplicateKeyError,
  recordNotFoundError,
} from './dataverse-error';
import { settleState } from './lead-state';
import type { WriteResult } from './lead-store';
import { validateRecord } from './validate-record';

type Privilege = 'prvCreateLead' | 'prvWriteLead' | 'prvDeleteLead';

// The lead table's object type code, which Dataverse names in privilege errors.
const LEAD_OTC = 4;

function checkPrivilege(context: DataverseContext, res: Response, privilege: Privilege): void {
  if (!context.faults.denyPrivilege) return;
  const userId = grantOf(res).app.userId;
  // type=8 is a system user; accessMode=4 is the non-interactive mode of application users.
  throw new DataverseError(
    403,
    ErrorCodes.missingPrivilege,
    `Principal user (Id=${userId}, type=8, roleCount=1, privilegeCount=0, accessMode=4), is ` +
      `missing ${privilege} privilege (Id=${stableGuid(`privilege:${privilege}`)}) on ` +
      `OTC=${LEAD_OTC} for entity 'lead'. context.Caller=${userId}`,
  );
}

/** A text column's value; validateRecord has already refused anything but a string or null. */
function textOf(values: ReadonlyMap<string, unknown>, column: string): string {
  const value = values.get(column);
  return typeof value === 'string' ? value : '';
}

/**
 * Under the `pluginRefuses` fault, a customer's validation plug-in refuses the record, in its
 * author's words, which quote the values it checked.
 */
function checkPlugin(context: DataverseContext, values: ReadonlyMap<string, unknown>): void {
  if (!context.faults.pluginRefuses) return;
  const email = textOf(values, 'emailaddress1');
  const phone = textOf(values, 'telephone1');
  throw new DataverseError(
    400,
    ErrorCodes.pluginRefused,
    `Contoso.Plugins.LeadGuard: a contact with e-mail ${email} and phone ${phone} already ` +
      'exists; the lead was not saved.',
  );
}

function wantsRepresentation(req: Request): boolean {
  return (req.get('prefer') ?? '')
    .split(',')
    .some((preference) => preference.trim().toLowerCase() === 'return=representation');
}

function entityId(context: DataverseContext, id: string): string {
  return `${context.baseUrl}${API_PATH}/${context.table.entitySet}(${id})`;
}

/**
 * Answers a write that has been stored: 204 with OData-EntityId, or the record with
 * `Prefer: return=representation`. When a dropped answer is due, the socket is destroyed instead,
 * and the caller cannot tell whether the write happened.
 */
function answerWrite(
  context: DataverseContext,
  req: Request,
  res: Response,
  result: WriteResult,
): void {
  context.stats.recordWrite();
  if (context.faults.takeDropAfterWrite()) {
    req.socket.destroy();
    return;
  }
  if (!wantsRepresentation(req)) {
    res.status(204).set('OData-EntityId', entityId(context, result.id)).end();
    return;
  }
  res.set('Preference-Applied', 'return=representation');
  sendOData(res, result.created ? 201 : 200, {
    '@odata.context': `${context.baseUrl}${API_PATH}/$metadata#${context.table.entitySet}/$entity`,
    ...context.store.row(result.id),
  });
}

/** A create that passed every check but the key's: the values to store and under which id. */
export interface PreparedCreate {
  id: string;
  values: Map<string, unknown>;
}

/**
 * Checks one record to create as Dataverse does, in its order (columns and values, plug-ins,
 * state, privilege) and settles the values it stores. `POST leads` and each of CreateMultiple's
 * targets go through here, so a lead written in bulk is the lead a single create writes.
 */
export function prepareCreate(
  context: DataverseContext,
  res: Response,
  body: unknown,
): PreparedCreate {
  const write = validateRecord(context.table, body);
  checkPlugin(context, write.values);
  const id = write.leadid ?? randomUUID();
  const values = settleState(context.table, id, write.values, undefined);
  checkPrivilege(context, res, 'prvCreateLead');
  return { id, values };
}

/**
 * Waits the execution time `records` writes cost under the `recordWriteMs` fault. False when the
 * simulator closed meanwhile: then nothing is written and nobody is answered.
 */
export async function spendWriteTime(context: DataverseContext, records: number): Promise<boolean> {
  await abortableSleep(context.faults.recordWriteMs * records, context.closing);
  return !context.closing.aborted;
}

/** `POST leads`: creates a record, with the caller's `leadid` when one is given. */
export async function createLead(
  context: DataverseContext,
  req: Request,
  res: Response,
): Promise<void> {
  const create = prepareCreate(context, res, req.body);
  if (!(await spendWriteTime(context, 1))) return;
  // Checked after the wait, with the store as it is when the record goes in.
  if (context.store.has(create.id)) throw duplicateKeyError();
  answerWrite(context, req, res, context.store.create(create.values, create.id));
}

function ifMatch(req: Request): string | undefined {
  return req.get('if-match')?.trim();
}

// Clients send `If-None-Match: null` on every request (the Web API's advice); only `*` means
// "create only".
function createOnly(req: Request): boolean {
  return req.get('if-none-match')?.trim() === '*';
}

/**
 * `PATCH leads(<id>)`: an upsert. With `If-None-Match: *` it only creates (412 when the id
 * exists: the exactly-once write); with `If-Match: *` (or an ETag) it only updates (404 when
 * missing, 412 on a stale ETag).
 */
export async function upsertLead(
  context: DataverseContext,
  req: Request,
  res: Response,
  id: string,
): Promise<void> {
  const write = validateRecord(context.table, req.body);
  checkPlugin(context, write.values);
  if (write.leadid !== undefined && write.leadid !== id) {
    throw new DataverseError(
      400,
      ErrorCodes.payloadError,
      'The leadid in the body does not match the key in the URL.',
    );
  }
  // The record is read after the wait, as it is when the write goes in.
  if (!(await spendWriteTime(context, 1))) return;
  const current = context.store.get(id);
  const exists = current !== undefined;
  const match = ifMatch(req);
  if (createOnly(req)) {
    checkPrivilege(context, res, 'prvCreateLead');
    if (exists) throw duplicateKeyError();
    const values = settleState(context.table, id, write.values, undefined);
    answerWrite(context, req, res, context.store.create(values, id));
    return;
  }
  if (match !== undefined) {
    if (!exists) throw recordNotFoundError(context.table.logicalName, id);
    if (match !== '*' && match !== context.store.etag(id)) {
      throw new DataverseError(
        412,
        ErrorCodes.versionMismatch,
        "The version of the existing record doesn't match the RowVersion property provided.",
      );
    }
  }
  checkPrivilege(context, res, exists ? 'prvWriteLead' : 'prvCreateLead');
  const values = settleState(context.table, id, write.values, current);
  const result = exists ? context.store.update(id, values) : context.store.create(values, id);
  answerWrite(context, req, res, result);
}

/** `DELETE leads(<id>)`. */
export function deleteLead(context: DataverseContext, res: Response, id: string): void {
  checkPrivilege(context, res, 'prvDeleteLead');
  if (!context.store.delete(id)) throw recordNotFoundError(context.table.logicalName, id);
  res.status(204).end();
}
