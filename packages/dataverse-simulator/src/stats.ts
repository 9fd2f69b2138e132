/** The kinds of request the simulator counts, by path. */
export type RequestKind =
  | 'openid-configuration'
  | 'instance-discovery'
  | 'keys'
  | 'token'
  /** The managed identity endpoints (App Service's and the instance metadata service's). */
  | 'managed-identity'
  | 'whoami'
  | 'metadata'
  | 'leads'
  /** `POST leads/Microsoft.Dynamics.CRM.CreateMultiple`, whatever its answer. */
  | 'create-multiple'
  /** The `sdkmessagefilters` query a client makes to learn whether a table has a message. */
  | 'sdk-messages'
  | 'admin'
  | 'other';

/** What the simulator has seen since it started. */
export interface SimulatorStats {
  /** Answers by request kind, then by status (`'dropped'` for connections cut without one). */
  requests: Partial<Record<RequestKind, Record<string, number>>>;
  /**
   * Lead records created or updated, single or in bulk, including writes whose answer was then
   * dropped.
   */
  writes: number;
  /** CreateMultiple requests that wrote their records (a refused batch writes none). */
  bulkRequests: number;
  /** Lead records written by those requests; also counted in `writes`. */
  bulkWrites: number;
  /** 429 answers, injected or from the service protection limits. */
  throttled: number;
  tokensIssued: number;
  /** Dataverse requests being handled right now. */
  inFlight: number;
  /** The most Dataverse requests in flight at one moment. */
  maxConcurrent: number;
}

/** Which kind a request path is, for the counters. */
export function requestKind(path: string): RequestKind {
  if (path.startsWith('/_simulator/')) return 'admin';
  const dataverse = /^\/api\/data\/v9\.2\/([^/(?]*)/.exec(path);
  if (dataverse) {
    if (dataverse[1] === 'WhoAmI') return 'whoami';
    if (dataverse[1] === 'EntityDefinitions') return 'metadata';
    if (dataverse[1] === 'leads') {
      return path.endsWith('/Microsoft.Dynamics.CRM.CreateMultiple') ? 'create-multiple' : 'leads';
    }
    if (dataverse[1] === 'sdkmessagefilters') return 'sdk-messages';
    return 'other';
  }
  if (path.endsWith('/oauth2/v2.0/token')) return 'token';
  // msal-node asks the metadata endpoint with a trailing slash, which Express routes alike.
  const bare = path.endsWith('/') ? path.slice(0, -1) : path;
  if (bare === '/msi/token' || bare === '/metadata/identity/oauth2/token')
    return 'managed-identity';
  if (path.endsWith('/.well-known/openid-configuration')) return 'openid-configuration';
  if (path === '/common/discovery/instance') return 'instance-discovery';
  if (path.endsWith('/discovery/v2.0/keys')) return 'keys';
  return 'other';
}

/** The counters behind `sim.stats()` and `GET /_simulator/stats`. */
export class StatsRecorder {
  private readonly requests = new Map<RequestKind, Map<string, number>>();
  private writes = 0;
  private bulkRequests = 0;
  private bulkWrites = 0;
  private throttled = 0;
  private tokensIssued = 0;
  private inFlight = 0;
  private maxConcurrent = 0;

  recordAnswer(kind: RequestKind, status: number | 'dropped'): void {
    const byStatus = this.requests.get(kind) ?? new Map<string, number>();
    const key = String(status);
    byStatus.set(key, (byStatus.get(key) ?? 0) + 1);
    this.requests.set(kind, byStatus);
    if (status === 429) this.throttled += 1;
  }

  recordWrite(): void {
    this.writes += 1;
  }

  /** A CreateMultiple request wrote `records` leads. */
  recordBulkWrite(records: number): void {
    this.writes += records;
    this.bulkRequests += 1;
    this.bulkWrites += records;
  }

  recordToken(): void {
    this.tokensIssued += 1;
  }

  /** A Dataverse request arrived; call the returned function once when it is answered or cut. */
  enter(): () => void {
    this.inFlight += 1;
    this.maxConcurrent = Math.max(this.maxConcurrent, this.inFlight);
    let left = false;
    return () => {
      if (left) return;
      left = true;
      this.inFlight -= 1;
    };
  }

  snapshot(): SimulatorStats {
    const requests: SimulatorStats['requests'] = {};
    for (const [kind, byStatus] of this.requests) requests[kind] = Object.fromEntries(byStatus);
    return {
      requests,
      writes: this.writes,
      bulkRequests: this.bulkRequests,
      bulkWrites: this.bulkWrites,
      throttled: this.throttled,
      tokensIssued: this.tokensIssued,
      inFlight: this.inFlight,
      maxConcurrent: this.maxConcurrent,
    };
  }
}
