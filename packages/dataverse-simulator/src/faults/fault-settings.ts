/** Every Dataverse request fails with `status` until a moment passes or for a number of requests. */
export interface OutageFault {
  /** @defaultValue 503 */
  status: number;
  /** Epoch milliseconds at which the outage ends by itself. */
  untilMs?: number;
  /** Requests left to fail; the outage ends after the last. */
  remaining?: number;
}

/** The next `remaining` Dataverse requests answer 429 with `Retry-After: retryAfterSeconds`. */
export interface ThrottleFault {
  retryAfterSeconds: number;
  remaining: number;
  /**
   * Send Retry-After in its other form, an HTTP date `retryAfterSeconds` from now (whole seconds,
   * so 0 names a moment already past).
   * @defaultValue false
   */
  asHttpDate?: boolean;
}

/**
 * Dataverse's service protection limits, enforced per app (application user). A limit left out
 * is not enforced. Dataverse's own: 6000 requests and 1,200,000 ms of combined execution time
 * per 300 s, 52 concurrent.
 */
export interface ServiceProtectionLimits {
  /** Requests admitted per sliding window; a CreateMultiple request counts once. */
  requests?: number;
  /** @defaultValue 300 */
  windowSeconds?: number;
  /** Requests in flight at once; one more is refused at once. */
  concurrent?: number;
  /**
   * Combined execution time (milliseconds from admission to answer) of the requests that ended in
   * the window. Once the window holds this much, requests are refused until enough of it leaves:
   * as in Dataverse, the request that goes over is still served.
   */
  executionMs?: number;
}

/** The faults in force. Nothing is injected by default. */
export interface FaultSettings {
  /**
   * Added to every Dataverse request that gets past the gateway checks (outage, token, limits).
   * @defaultValue 0
   */
  latencyMs: number;
  /**
   * Share (0..1) of Dataverse requests answered with `failureStatus` before anything else.
   * @defaultValue 0
   */
  failureRate: number;
  /** @defaultValue 503 */
  failureStatus: number;
  /** @defaultValue null */
  outage: OutageFault | null;
  /** @defaultValue null */
  throttle: ThrottleFault | null;
  /** @defaultValue null (no limits) */
  serviceProtection: ServiceProtectionLimits | null;
  /**
   * The next N successful writes are stored, then the connection is destroyed without an answer.
   * @defaultValue 0
   */
  dropAfterWrite: number;
  /**
   * Writes answer 403 `0x80040220`: the application user lacks the privilege; RetrieveUserPrivileges
   * no longer lists the write privileges.
   * @defaultValue false
   */
  denyPrivilege: boolean;
  /**
   * Every Dataverse request answers 403 `0x80072560`: the app has no application user in the org.
   * @defaultValue false
   */
  appUserMissing: boolean;
  /**
   * Lead writes answer 400 `0x80040265`, as when a customer's plug-in refuses the record; the
   * message quotes the record's e-mail address and phone number, as plug-in messages often do.
   * @defaultValue false
   */
  pluginRefuses: boolean;
  /**
   * Execution time each lead record written costs, single or in bulk: the request takes this much
   * longer per record (after the latency), and the time counts against `executionMs`. A 500-record
   * CreateMultiple then takes 500 times as long as one create.
   * @defaultValue 0
   */
  recordWriteMs: number;
  /**
   * The org lacks the CreateMultiple message for `lead`: the `sdkmessagefilters` query finds no
   * filter and the action answers 404, as Dataverse does for an action it does not know.
   * @defaultValue false
   */
  createMultipleUnavailable: boolean;
}

/**
 * A change to the faults: the keys given replace the current ones (`null` clears a fault), the
 * others stay. An outage may say `durationMs` instead of `untilMs`.
 */
export type FaultUpdate = Partial<Omit<FaultSettings, 'outage'>> & {
  outage?: (Partial<OutageFault> & { durationMs?: number }) | null;
};

export const NO_FAULTS: Readonly<FaultSettings> = Object.freeze({
  latencyMs: 0,
  failureRate: 0,
  failureStatus: 503,
  outage: null,
  throttle: null,
  serviceProtection: null,
  dropAfterWrite: 0,
  denyPrivilege: false,
  appUserMissing: false,
  pluginRefuses: false,
  recordWriteMs: 0,
  createMultipleUnavailable: false,
});
