import { randomUUID } from 'node:crypto';
import express, { Router, type ErrorRequestHandler, type Request, type Response } from 'express';
import { grantOf, sendOData, type DataverseContext } from './dataverse-context';
import { DataverseError, ErrorCodes, payloadError, segmentNotFoundError } from './dataverse-error';
import { CREATE_MULTIPLE, createMultiple } from './create-multiple';
import { dataverseGate } from './dataverse-gate';
import { listLeads, readLead } from './lead-reads';
import { LeadMetadata } from './lead-metadata';
import { createLead, deleteLead, upsertLead } from './lead-writes';
import { readQueryOptions } from './query-options';
import { CAST_PREFIX, parseRecordKey, parseResourcePath, type Resource } from './resource-path';
import { listMessageFilters } from './sdk-message-filters';
import { userPrivilegesRoute } from './user-privileges';
import { whoAmI } from './whoami';

/** Bodies over this are refused with 413, as Dataverse refuses oversized requests. */
export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * Bound actions (CreateMultiple) may carry more: 1,000 leads with long descriptions pass 1 MB.
 * Dataverse documents no size for the Web API; its bulk message limit is met only with plug-ins.
 */
export const MAX_ACTION_BODY_BYTES = 32 * 1024 * 1024;

function methodNotAllowed(method: string): DataverseError {
  return new DataverseError(
    405,
    ErrorCodes.unknownProperty,
    `The requested resource does not support http method '${method}'.`,
  );
}

function searchOf(req: Request): URLSearchParams {
  const query = req.originalUrl.indexOf('?');
  return new URLSearchParams(query === -1 ? '' : req.originalUrl.slice(query + 1));
}

function handle(
  context: DataverseContext,
  metadata: LeadMetadata,
  resource: Resource,
  req: Request,
  res: Response,
): void | Promise<void> {
  const { method } = req;
  const search = searchOf(req);
  switch (resource.kind) {
    case 'whoami':
      if (method !== 'GET') throw methodNotAllowed(method);
      sendOData(res, 200, whoAmI(context, grantOf(res)));
      return;
    case 'entity-definitions':
    case 'entity-definition':
    case 'attributes': {
      if (method !== 'GET') throw methodNotAllowed(method);
      sendOData(res, 200, metadataBody(context, metadata, resource, search));
      return;
    }
    case 'collection':
      if (resource.entitySet === 'sdkmessagefilters') {
        if (method !== 'GET') throw methodNotAllowed(method);
        sendOData(res, 200, listMessageFilters(context, search));
        return;
      }
      if (resource.entitySet !== context.table.entitySet)
        throw segmentNotFoundError(resource.entitySet);
      if (method === 'GET') sendOData(res, 200, listLeads(context, search));
      else if (method === 'POST') return createLead(context, req, res);
      else throw methodNotAllowed(method);
      return;
    case 'collection-action':
      if (resource.entitySet !== context.table.entitySet)
        throw segmentNotFoundError(resource.entitySet);
      // An org without the message answers as for any action it does not know.
      if (resource.action !== CREATE_MULTIPLE || context.faults.createMultipleUnavailable) {
        throw segmentNotFoundError(`${CAST_PREFIX}${resource.action}`);
      }
      if (method !== 'POST') throw methodNotAllowed(method);
      return createMultiple(context, req, res);
    case 'record': {
      if (resource.entitySet !== context.table.entitySet)
        throw segmentNotFoundError(resource.entitySet);
      const id = parseRecordKey(resource.entitySet, resource.rawKey);
      if (method === 'GET') sendOData(res, 200, readLead(context, id, search));
      else if (method === 'PATCH') return upsertLead(context, req, res, id);
      else if (method === 'DELETE') deleteLead(context, res, id);
      else throw methodNotAllowed(method);
      return;
    }
  }
}

function metadataBody(
  context: DataverseContext,
  metadata: LeadMetadata,
  resource: Extract<Resource, { kind: 'entity-definitions' | 'entity-definition' | 'attributes' }>,
  search: URLSearchParams,
): unknown {
  const { select, expand } = readQueryOptions(
    search,
    resource.kind === 'attributes' ? ['$select', '$expand'] : ['$select'],
  );
  const base = `${context.baseUrl}/api/data/v9.2/$metadata#EntityDefinitions`;
  if (resource.kind === 'entity-definitions') {
    return { '@odata.context': base, value: [metadata.entity(select)] };
  }
  metadata.check(resource.key);
  if (resource.kind === 'entity-definition') {
    return { '@odata.context': `${base}/$entity`, ...metadata.entity(select) };
  }
  const cast = resource.cast ? `/Microsoft.Dynamics.CRM.${resource.cast}` : '';
  return {
    '@odata.context': `${base}('${context.table.logicalName}')/Attributes${cast}`,
    value: metadata.attributes(resource.cast, select, expand),
  };
}

/** Turns anything thrown into Dataverse's error shape; stack traces stay in the process. */
const dataverseErrors: ErrorRequestHandler = (error, _req, res, _next) => {
  let answer: DataverseError;
  const type = (error as { type?: unknown } | null)?.type;
  if (error instanceof DataverseError) answer = error;
  else if (type === 'entity.too.large') {
    const limit = (error as { limit?: unknown }).limit;
    answer = new DataverseError(
      413,
      '',
      `The request body is larger than ${typeof limit === 'number' ? limit : MAX_BODY_BYTES} bytes.`,
    );
  } else if (type === 'entity.parse.failed') {
    answer = payloadError('', 'The request body is not valid JSON.');
  } else if (typeof (error as { status?: unknown } | null)?.status === 'number') {
    answer = payloadError('', 'The request body could not be read.');
  } else {
    answer = new DataverseError(500, ErrorCodes.unexpected, 'An unexpected error occurred.');
  }
  res.status(answer.status).set(answer.headers);
  sendOData(res, answer.status, answer.toBody());
};

/** The Dataverse Web API, mounted at `/api/data/v9.2`. */
export function dataverseRoutes(context: DataverseContext): Router {
  const router = Router({ caseSensitive: true });
  const metadata = new LeadMetadata(context.table);
  router.use((_req, res, next) => {
    res.set({ 'OData-Version': '4.0', REQ_ID: randomUUID() });
    next();
  });
  router.use(dataverseGate(context));
  // Parsed after the gate, as a gateway refuses before reading the body. The first parser reads
  // bound actions' bodies; the second then finds them read and leaves them alone.
  router.use(
    /^\/[^/]+\/Microsoft\.Dynamics\.CRM\.[^/]+$/,
    express.json({ limit: MAX_ACTION_BODY_BYTES, type: () => true }),
  );
  router.use(express.json({ limit: MAX_BODY_BYTES, type: () => true }));
  router.use(userPrivilegesRoute(context));
  router.use((req, res) => handle(context, metadata, parseResourcePath(req.path), req, res));
  router.use(dataverseErrors);
  return router;
}
