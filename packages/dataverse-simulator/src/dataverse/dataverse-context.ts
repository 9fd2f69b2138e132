import type { Response } from 'express';
import type { FaultController } from '../faults/fault-controller';
import type { TokenGrant, TokenStore } from '../identity/token-store';
import type { StatsRecorder } from '../stats';
import type { LeadStore } from './lead-store';
import type { LeadTable } from './lead-table';

/** Everything the Dataverse endpoints share. */
export interface DataverseContext {
  /** `https://127.0.0.1:<port>`: the org URL. */
  baseUrl: string;
  /** The tenant the org belongs to: tokens from any other tenant are refused. */
  tenantId: string;
  organizationId: string;
  businessUnitId: string;
  table: LeadTable;
  store: LeadStore;
  tokens: TokenStore;
  faults: FaultController;
  stats: StatsRecorder;
  /** Aborts pending latency waits when the simulator closes. */
  closing: AbortSignal;
}

export const API_PATH = '/api/data/v9.2';

/** The token grant the gate accepted for this request. */
export function grantOf(res: Response): TokenGrant {
  const grant = (res.locals as { grant?: TokenGrant }).grant;
  if (!grant) throw new Error('the Dataverse gate did not run before this handler');
  return grant;
}

/** Sends a body as the Web API does: OData JSON, minimal metadata. */
export function sendOData(res: Response, status: number, body: unknown): void {
  res
    .status(status)
    .set('Content-Type', 'application/json; odata.metadata=minimal; odata.streaming=true')
    .send(JSON.stringify(body));
}
