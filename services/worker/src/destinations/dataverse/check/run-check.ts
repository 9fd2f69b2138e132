import type { CompiledMapping } from '@leadbridge/lead-model/mapping';
import type { DataverseConnection } from '../create-delivery';
import type { DataverseClient } from '../dataverse-client';
import {
  readLeadAttributes,
  readLeadTable,
  readLeadTextColumnLengths,
  readUserPrivileges,
} from '../org-setup-reads';
import type { TokenProvider } from '../token-provider';
import type { BulkWriteSettings } from '../../../delivery/bulk-write-settings';
import type { AuthorityProbe } from './authority-probe';
import {
  CHECK_STEPS,
  type CheckReport,
  type CheckStepName,
  type LikelyCause,
} from './check-report';
import { compareColumns } from './compare-columns';
import { appIdOf, credentialDetail, presentedIdentity, tokenSource } from './credential-detail';
import { compareMapping } from './compare-mapping';
import { lengthsOutcome, mappingOutcome } from './column-outcomes';
import type { CauseContext } from './cause-context';
import { likelyCause } from './likely-cause';
import { observeFailure, type Counterpart } from './observe-failure';
import { missingPrivilegeCause } from './setup-causes';

/** What the check talks to: the worker's own Dataverse plumbing, wired from its config. */
export interface CheckDeps {
  config: Pick<
    DataverseConnection,
    'tenantId' | 'clientId' | 'dataverseUrl' | 'authorityHost' | 'credential'
  >;
  tokens: TokenProvider;
  dataverse: DataverseClient;
  /** Finds out why msal-node could not resolve the authority, which msal does not say. */
  probeAuthority: AuthorityProbe;
  /** How the org and Entra ID are reached (see `describeRoute`), for the report. */
  proxy?: string;
}

/** What to check beyond the credentials. */
export interface CheckOptions {
  /**
   * The mapping the destination writes leads with: each of its columns is checked against the
   * org's lead table (exists, type, writable on create, choices, length, lookup target).
   * @defaultValue none: the default mapping's text column lengths are checked, as they always were
   */
  mapping?: CompiledMapping;
  /**
   * The destination's name, shown in the report.
   * @defaultValue none
   */
  destination?: string;
  /** DATAVERSE_BULK_WRITES and its settings: the report says whether bulk writes would run. */
  bulkWrites?: BulkWriteSettings;
}

// The privileges the worker uses: it creates leads, and its create-only upsert reads the key.
const LEAD_PRIVILEGES = ['prvCreateLead', 'prvReadLead'] as const;

/**
 * Checks that the worker's configuration can deliver leads: a token from Entra ID, the
 * application user (WhoAmI), the lead table, the privileges to create and read leads, and the
 * columns Leadbridge writes: with a mapping, every column it writes against the org's metadata;
 * without, the length of each default text column. Never throws: a failed step is in the report
 * with its likely cause, and steps that need it are skipped. Prints nothing.
 */
export async function runCheck(deps: CheckDeps, options: CheckOptions = {}): Promise<CheckReport> {
  const { config, dataverse } = deps;
  const { credential } = config;
  const ids = {
    ...(config.tenantId !== undefined ? { tenantId: config.tenantId } : {}),
    ...(config.clientId !== undefined ? { clientId: config.clientId } : {}),
  };
  const report: CheckReport = {
    ...ids,
    dataverseUrl: config.dataverseUrl,
    authorityHost: config.authorityHost,
    credential: credential.kind,
    credentialDetail: credentialDetail(credential),
    ...(deps.proxy !== undefined ? { proxy: deps.proxy } : {}),
    ...(options.destination !== undefined ? { destination: options.destination } : {}),
    steps: [],
    passed: false,
  };
  // What the advice may name; the secret is not among it.
  const settings: Omit<CauseContext, 'step'> = {
    ...ids,
    credential: credential.kind,
    dataverseUrl: config.dataverseUrl,
    authorityHost: config.authorityHost,
    ...(credential.kind === 'managed-identity' ? { endpoint: credential.endpoint } : {}),
    ...(credential.kind === 'workload-identity' ? { tokenFile: credential.tokenFile } : {}),
  };
  const secret = credential.kind === 'secret' ? credential.clientSecret : undefined;
  // Nothing here should ever quote the secret; this makes sure of it.
  const scrub = (text: string) => (secret ? text.split(secret).join('[redacted]') : text);

  const pass = (name: CheckStepName, detail: string) =>
    report.steps.push({ name, status: 'passed', detail: scrub(detail) });
  const fail = (name: CheckStepName, detail: string, cause: LikelyCause) =>
    report.steps.push({ name, status: 'failed', detail: scrub(detail), cause });
  /** Marks the steps that did not run as skipped (`reason` says what they needed). */
  const finish = (reason = ''): CheckReport => {
    const done = new Set(report.steps.map((step) => step.name));
    for (const name of CHECK_STEPS) {
      if (!done.has(name)) report.steps.push({ name, status: 'skipped', detail: reason });
    }
    report.passed = report.steps.every((step) => step.status === 'passed');
    return report;
  };

  /** Runs one step's work; on a throw, records the step as failed and returns undefined. */
  async function attempt<T>(
    name: CheckStepName,
    from: Counterpart,
    work: () => Promise<T>,
  ): Promise<T | undefined> {
    try {
      return await work();
    } catch (error) {
      let failure = observeFailure(error, from);
      if (failure.kind === 'msal') failure = (await deps.probeAuthority()) ?? failure;
      const federated = presentedIdentity(credential);
      const context = { ...settings, ...(federated ? { federated } : {}), step: name };
      fail(name, failure.summary, likelyCause(failure, context));
      return undefined;
    }
  }

  // The token itself is never shown: the check only reads whom it was issued to.
  const issuer = credential.kind === 'managed-identity' ? 'identity' : 'authority';
  const token = await attempt('token', issuer, () => deps.tokens.getToken());
  if (token === undefined) return finish('needs a token');
  const appId = appIdOf(token);
  if (appId !== undefined) {
    report.signedInAs = appId;
    settings.signedInAs = appId;
  }
  pass(
    'token',
    `obtained from ${tokenSource(credential)}${appId !== undefined ? ` for client id ${appId}` : ''}`,
  );

  const me = await attempt('whoami', 'org', () => dataverse.whoAmI());
  if (me === undefined) return finish('needs WhoAmI');
  report.whoAmI = me;
  pass('whoami', `application user ${me.UserId}, organization ${me.OrganizationId}`);

  const table = await attempt('leadTable', 'org', () => readLeadTable(dataverse));
  if (table !== undefined) {
    report.entitySetName = table.entitySetName;
    pass('leadTable', `found (entity set ${table.entitySetName})`);
  }

  const privileges = await attempt('privileges', 'org', () =>
    readUserPrivileges(dataverse, me.UserId),
  );
  if (privileges !== undefined) {
    const held = new Set(privileges.map((privilege) => privilege.name));
    const missing = LEAD_PRIVILEGES.filter((name) => !held.has(name));
    report.privileges = { create: held.has('prvCreateLead'), read: held.has('prvReadLead') };
    if (missing.length === 0) pass('privileges', 'create and read leads');
    else fail('privileges', `missing ${missing.join(' and ')}`, missingPrivilegeCause(missing));
  }

  if (options.bulkWrites) {
    const available = await dataverse.hasCreateMultiple().catch(() => undefined);
    report.bulkWrites = {
      enabled: options.bulkWrites.mode === 'auto',
      backlog: options.bulkWrites.backlog,
      ...(available !== undefined ? { available } : {}),
    };
  }

  if (table === undefined) return finish('needs the lead table');
  const { mapping } = options;
  const outcome = await attempt('columns', 'org', async () => {
    if (mapping) {
      report.mapping = compareMapping(mapping.columns, await readLeadAttributes(dataverse));
      return mappingOutcome(report.mapping);
    }
    report.columns = compareColumns(await readLeadTextColumnLengths(dataverse));
    return lengthsOutcome(report.columns);
  });
  if (outcome?.status === 'passed') pass('columns', outcome.detail);
  else if (outcome) fail('columns', outcome.detail, outcome.cause);
  return finish();
}
