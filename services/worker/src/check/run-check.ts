import type { WorkerConfig } from '../config';
import type { DataverseClient } from '../dataverse/dataverse-client';
import {
  readLeadTable,
  readLeadTextColumnLengths,
  readUserPrivileges,
} from '../dataverse/org-setup-reads';
import type { TokenProvider } from '../dataverse/token-provider';
import type { AuthorityProbe } from './authority-probe';
import {
  CHECK_STEPS,
  type CheckReport,
  type CheckStepName,
  type LikelyCause,
} from './check-report';
import { compareColumns } from './compare-columns';
import { likelyCause } from './likely-cause';
import { observeFailure, type Counterpart } from './observe-failure';
import { columnMismatchCause, missingPrivilegeCause } from './setup-causes';

/** What the check talks to: the worker's own Dataverse plumbing, wired from its config. */
export interface CheckDeps {
  config: Pick<
    WorkerConfig,
    'tenantId' | 'clientId' | 'dataverseUrl' | 'authorityHost' | 'credential'
  >;
  tokens: TokenProvider;
  dataverse: DataverseClient;
  /** Finds out why msal-node could not resolve the authority, which msal does not say. */
  probeAuthority: AuthorityProbe;
}

// The privileges the worker uses: it creates leads, and its create-only upsert reads the key.
const LEAD_PRIVILEGES = ['prvCreateLead', 'prvReadLead'] as const;

/**
 * Checks that the worker's configuration can deliver leads: a token from Entra ID, the
 * application user (WhoAmI), the lead table, the privileges to create and read leads, and the
 * length of every column Leadbridge writes. Never throws: a failed step is in the report with its
 * likely cause, and steps that need it are skipped. Prints nothing.
 */
export async function runCheck(deps: CheckDeps): Promise<CheckReport> {
  const { config, dataverse } = deps;
  const report: CheckReport = {
    tenantId: config.tenantId,
    clientId: config.clientId,
    dataverseUrl: config.dataverseUrl,
    authorityHost: config.authorityHost,
    credential: config.credential.kind,
    steps: [],
    passed: false,
  };
  // What the advice may name; the secret is not among it.
  const settings = {
    credential: config.credential.kind,
    dataverseUrl: config.dataverseUrl,
    authorityHost: config.authorityHost,
    tenantId: config.tenantId,
    clientId: config.clientId,
  };
  const secret = config.credential.kind === 'secret' ? config.credential.clientSecret : undefined;
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
      fail(name, failure.summary, likelyCause(failure, { ...settings, step: name }));
      return undefined;
    }
  }

  // The token itself stays inside the token provider: the check only learns that one came.
  const gotToken = await attempt('token', 'authority', async () => {
    await deps.tokens.getToken();
    return true;
  });
  if (gotToken === undefined) return finish('needs a token');
  const credential = config.credential.kind === 'secret' ? 'client secret' : 'certificate';
  pass('token', `obtained from Entra ID (${credential})`);

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

  if (table === undefined) return finish('needs the lead table');
  const lengths = await attempt('columns', 'org', () => readLeadTextColumnLengths(dataverse));
  if (lengths !== undefined) {
    const findings = compareColumns(lengths);
    report.columns = findings;
    const wrong = findings.filter((finding) => finding.status !== 'ok');
    if (wrong.length === 0) {
      pass('columns', findings.map((f) => `${f.column} ${f.orgLength}`).join(', '));
    } else {
      const detail = wrong
        .map((f) =>
          f.status === 'missing'
            ? `${f.column} missing`
            : `${f.column} ${f.orgLength} (Leadbridge sends up to ${f.cutLength})`,
        )
        .join(', ');
      fail('columns', detail, columnMismatchCause(findings));
    }
  }
  return finish();
}
