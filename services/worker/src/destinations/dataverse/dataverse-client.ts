import { isGuid } from '@leadbridge/lead-model';
import {
  isAxiosError,
  type AxiosInstance,
  type AxiosRequestConfig,
  type AxiosResponse,
} from 'axios';
import { PermanentError, TransientError } from '../../delivery/delivery-errors';
import { proxyErrorIn } from '../../proxy/proxy-error';
import { NO_OBSERVER, type DeliveryObserver } from '../../metrics';
import { classifyFailure, dataverseErrorCode } from './classify-response';
import { inRequestSpan } from './dataverse-request-span';
import type { TokenProvider } from './token-provider';

/** The Web API version Leadbridge speaks. */
export const API_PATH = '/api/data/v9.2';

/** Headers Dataverse expects on every Web API request. */
const ODATA_HEADERS = {
  Accept: 'application/json',
  'OData-MaxVersion': '4.0',
  'OData-Version': '4.0',
};

export interface WriteOutcome {
  /** False when the record existed already: an earlier attempt wrote it. */
  created: boolean;
  /** The record's id (the lead id chosen by Leadbridge). */
  recordId: string;
  /** The record's URL, as Dataverse names it. */
  entityUrl: string;
}

/** One lead of a `CreateMultiple` batch: its id (the lead id) and its columns. */
export interface LeadToCreate {
  recordId: string;
  columns: Readonly<Record<string, unknown>>;
}

export interface WhoAmI {
  UserId: string;
  BusinessUnitId: string;
  OrganizationId: string;
}

/** An open lead found for a repeat customer, as it was when read. */
export interface OpenLead {
  recordId: string;
  description: string;
  /** The record's version when read (`@odata.etag`): an update only applies while it holds. */
  etag: string;
}

/** What an update of the open lead did. */
export type UpdateOutcome =
  /** The columns were written. */
  | 'updated'
  /** Someone changed the record since it was read (412): nothing was written; read it again. */
  | 'changed';

/** Which open lead a repeat customer's new event belongs to. */
export interface OpenLeadQuery {
  email: string;
  /** The column the mapping fills with the offer, and the offer's value in it. */
  offerColumn: string;
  offer: string;
}

export interface DataverseClient {
  /** The org's address, no trailing slash: https://contoso.crm.dynamics.com. */
  readonly orgUrl: string;
  /** Creates the lead record with this id, or confirms it exists; never writes it twice. */
  createLeadOnce(
    recordId: string,
    columns: Readonly<Record<string, unknown>>,
  ): Promise<WriteOutcome>;
  /**
   * Creates every lead of the batch with its own id in one `CreateMultiple` request, all or
   * none: `duplicate` when one of them exists already (nothing was written then). Any other
   * refusal is thrown as the classified failure; the answer does not say which lead it was.
   */
  createLeadsTogether(leads: readonly LeadToCreate[]): Promise<'created' | 'duplicate'>;
  /** Whether the org knows the `CreateMultiple` message for the lead table. */
  hasCreateMultiple(): Promise<boolean>;
  /** The newest open lead (statecode 0) with this e-mail address and offer, if any. */
  findOpenLead(query: OpenLeadQuery): Promise<OpenLead | undefined>;
  /**
   * Updates columns of an existing lead, only if it is still the version `etag` names
   * (`If-Match: <etag>`); never creates one. A read-append-write this way loses no concurrent
   * append: the slower writer is told the record `changed` and reads it again.
   */
  updateLead(
    recordId: string,
    columns: Record<string, unknown>,
    etag: string,
  ): Promise<UpdateOutcome>;
  whoAmI(): Promise<WhoAmI>;
  /**
   * GETs a Web API resource, e.g. `EntityDefinitions(LogicalName='lead')`, and returns its JSON
   * unchecked; any answer but 200 is thrown as the classified failure, named by `what`.
   */
  read(resource: string, what: string): Promise<unknown>;
}

// With If-None-Match: * the record with this key exists (the create-only upsert already happened);
// with If-Match: <etag> the record has changed since that version was read.
const PRECONDITION_FAILED = 412;

/** An OData string literal: quoted, with any quote inside doubled. */
function odataString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

const OPEN = 0;

// CreateMultiple's answer when a target's key exists (or comes twice): "Cannot insert duplicate key."
const DUPLICATE_KEY = '0x80040237';

/**
 * A Dataverse Web API client for one org. Each request carries a bearer token; a 401 gets one
 * fresh token (skipping msal's cache) and one more try, as a token can be revoked before expiry.
 */
export function createDataverseClient(options: {
  dataverseUrl: string;
  http: AxiosInstance;
  tokens: TokenProvider;
  observer?: DeliveryObserver;
}): DataverseClient {
  const { http, tokens } = options;
  const observer = options.observer ?? NO_OBSERVER;
  const base = `${options.dataverseUrl}${API_PATH}`;

  /** A lead's URL. Only a GUID goes into it: `x)/../accounts(y` would reach another table. */
  function leadUrl(recordId: string, what: string): string {
    if (!isGuid(recordId)) throw new PermanentError(`${what}: the record id is not a GUID`);
    return `${base}/leads(${recordId})`;
  }

  async function send(config: AxiosRequestConfig, what: string): Promise<AxiosResponse> {
    const attempt = async (forceRefresh: boolean) => {
      const token = await tokens.getToken({ forceRefresh });
      const method = config.method?.toUpperCase() ?? 'GET';
      const started = process.hrtime.bigint();
      const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;
      try {
        const response = await inRequestSpan(method, config.url ?? base, () =>
          http.request({
            ...config,
            headers: { ...ODATA_HEADERS, ...config.headers, Authorization: `Bearer ${token}` },
          }),
        );
        observer.dataverseRequest(method, response.status, seconds());
        return response;
      } catch (error) {
        observer.dataverseRequest(method, 0, seconds());
        // No answer at all (reset, timeout, refused): the write may or may not have happened.
        // Or the proxy would not open a tunnel: nothing reached Dataverse, and it says why.
        const proxy = proxyErrorIn(error);
        const reason = isAxiosError(error) ? (error.code ?? error.message) : String(error);
        throw new TransientError(
          proxy ? `${what}: ${proxy.message}` : `${what}: no answer from Dataverse (${reason})`,
          {},
          { cause: error },
        );
      }
    };
    let response = await attempt(false);
    if (response.status === 401) response = await attempt(true);
    return response;
  }

  return {
    orgUrl: options.dataverseUrl,
    async createLeadOnce(recordId, columns) {
      const entityUrl = leadUrl(recordId, 'writing the lead');
      const response = await send(
        {
          method: 'PATCH',
          url: entityUrl,
          data: columns,
          headers: { 'Content-Type': 'application/json; charset=utf-8', 'If-None-Match': '*' },
        },
        'writing the lead',
      );
      if (response.status >= 200 && response.status < 300) {
        const header: unknown = response.headers['odata-entityid'];
        return {
          created: true,
          recordId,
          entityUrl: typeof header === 'string' ? header : entityUrl,
        };
      }
      if (response.status === PRECONDITION_FAILED) return { created: false, recordId, entityUrl };
      throw classifyFailure(response, 'writing the lead');
    },

    async createLeadsTogether(leads) {
      const what = 'writing leads in bulk';
      const Targets = leads.map(({ recordId, columns }) => {
        // Same guard as leadUrl: the id is the record's key, so it must be a GUID.
        if (!isGuid(recordId)) throw new PermanentError(`${what}: a record id is not a GUID`);
        return { ...columns, '@odata.type': 'Microsoft.Dynamics.CRM.lead', leadid: recordId };
      });
      const response = await send(
        {
          method: 'POST',
          url: `${base}/leads/Microsoft.Dynamics.CRM.CreateMultiple`,
          data: { Targets },
          headers: { 'Content-Type': 'application/json; charset=utf-8' },
        },
        what,
      );
      if (response.status >= 200 && response.status < 300) return 'created';
      if (
        response.status === PRECONDITION_FAILED &&
        dataverseErrorCode(response) === DUPLICATE_KEY
      ) {
        return 'duplicate';
      }
      throw classifyFailure(response, what);
    },

    async hasCreateMultiple() {
      const query = new URLSearchParams({
        $select: 'sdkmessagefilterid',
        $filter: 'sdkmessageid/name eq @message and primaryobjecttypecode eq @table',
        '@message': "'CreateMultiple'",
        '@table': "'lead'",
      });
      const what = 'asking whether the org writes leads in bulk';
      const response = await send(
        { method: 'GET', url: `${base}/sdkmessagefilters?${query.toString()}` },
        what,
      );
      if (response.status !== 200) throw classifyFailure(response, what);
      const rows = (response.data as { value?: unknown[] } | undefined)?.value;
      return Array.isArray(rows) && rows.length > 0;
    },

    async findOpenLead({ email, offerColumn, offer }) {
      const filter = [
        `emailaddress1 eq ${odataString(email)}`,
        `statecode eq ${OPEN}`,
        `${offerColumn} eq ${odataString(offer)}`,
      ].join(' and ');
      const query = new URLSearchParams({
        $select: 'leadid,description',
        $filter: filter,
        $orderby: 'createdon desc',
        $top: '1',
      });
      const what = 'looking for the open lead of a repeat customer';
      const response = await send(
        { method: 'GET', url: `${base}/leads?${query.toString()}` },
        what,
      );
      if (response.status !== 200) throw classifyFailure(response, what);
      const rows = (
        response.data as {
          value?: { leadid?: unknown; description?: unknown; '@odata.etag'?: unknown }[];
        }
      ).value;
      const row = rows?.[0];
      if (!row || typeof row.leadid !== 'string') return undefined;
      const etag = row['@odata.etag'];
      // Dataverse versions every row; without the version an update could overwrite another's.
      if (typeof etag !== 'string' || etag === '') {
        throw new PermanentError(`${what}: Dataverse answered the open lead without an ETag`);
      }
      return {
        recordId: row.leadid,
        description: typeof row.description === 'string' ? row.description : '',
        etag,
      };
    },

    async updateLead(recordId, columns, etag) {
      const what = 'updating the open lead';
      const response = await send(
        {
          method: 'PATCH',
          url: leadUrl(recordId, what),
          data: columns,
          headers: { 'Content-Type': 'application/json; charset=utf-8', 'If-Match': etag },
        },
        what,
      );
      if (response.status >= 200 && response.status < 300) return 'updated';
      if (response.status === PRECONDITION_FAILED) return 'changed';
      throw classifyFailure(response, what);
    },

    async whoAmI() {
      const response = await send({ method: 'GET', url: `${base}/WhoAmI` }, 'WhoAmI');
      if (response.status !== 200) throw classifyFailure(response, 'WhoAmI');
      return response.data as WhoAmI;
    },

    async read(resource, what) {
      const response = await send({ method: 'GET', url: `${base}/${resource}` }, what);
      if (response.status !== 200) throw classifyFailure(response, what);
      return response.data as unknown;
    },
  };
}
