import { CHECK_ORG_URL, type CauseContext } from './cause-context';
import type { LikelyCause } from './check-report';
import type { ObservedFailure } from './observe-failure';

// Dataverse's error codes that name the cause outright.
const NOT_A_MEMBER = '0x80072560';
const MISSING_PRIVILEGE = '0x80040220';

/** The cause behind a Dataverse error answer, by status, code and the step that got it. */
export function dataverseCause(
  failure: Extract<ObservedFailure, { kind: 'dataverse' }>,
  context: CauseContext,
): LikelyCause {
  const { status, code } = failure;
  // A secretless credential's client id may be known only from its token: say which it is.
  const secretless =
    context.credential === 'managed-identity' || context.credential === 'workload-identity';
  if (status === 403 && code === NOT_A_MEMBER && secretless && context.signedInAs !== undefined) {
    const who = context.credential === 'managed-identity' ? 'managed identity' : 'app';
    return {
      kind: 'app-user-missing',
      explanation: `the ${who} with client id ${context.signedInAs} has no application user in this Dynamics 365 org`,
      remedy:
        `add an application user for client id ${context.signedInAs} in the Power Platform admin center (Environments → ` +
        'your environment → Settings → Users + permissions → Application users → New app user; a managed ' +
        'identity is listed under its client id) and give it a security role',
    };
  }
  if (status === 403 && code === NOT_A_MEMBER) {
    return {
      kind: 'app-user-missing',
      explanation: 'the app has no application user in this Dynamics 365 org',
      remedy:
        'add the app as an application user in the Power Platform admin center (Environments → ' +
        'your environment → Settings → Users + permissions → Application users) and give it a ' +
        'security role',
    };
  }
  if (status === 403 && code === MISSING_PRIVILEGE) {
    return {
      kind: 'missing-privilege',
      explanation: "the application user's security roles lack a privilege Leadbridge needs",
      remedy:
        'give the application user a security role with Create and Read on Lead (e.g. ' +
        'Salesperson) in the Power Platform admin center',
    };
  }
  if (status === 401) {
    return {
      kind: 'token-refused',
      explanation:
        'Dataverse refused a fresh token from Entra ID: the org is probably in another tenant',
      remedy: `check that AZURE_TENANT_ID is the tenant of the org at ${context.dataverseUrl}`,
    };
  }
  if (status === 404 && context.step === 'whoami') {
    return {
      kind: 'wrong-org-url',
      explanation: `${context.dataverseUrl} answers, but serves no Dataverse Web API`,
      remedy: CHECK_ORG_URL,
    };
  }
  if (status === 404 && context.step === 'leadTable') {
    return {
      kind: 'lead-table-missing',
      explanation: 'this org has no lead table',
      remedy:
        'install Dynamics 365 Sales (or another app that brings the Lead table) in this ' +
        'environment, or point DATAVERSE_URL at the org meant for leads',
    };
  }
  if (status === 429) {
    return {
      kind: 'throttled',
      explanation: "Dataverse's service protection limits are holding this application user back",
      remedy: 'wait a few minutes and run the check again',
    };
  }
  if (status >= 500 || status === 408) {
    return {
      kind: 'dataverse-unavailable',
      explanation: 'Dataverse failed to answer, which usually passes',
      remedy:
        'run the check again in a few minutes; the Power Platform admin center shows service health',
    };
  }
  return {
    kind: 'unexpected',
    explanation: 'Dataverse refused the request',
    remedy:
      status === 403
        ? 'check in the Power Platform admin center that the application user is enabled and has ' +
          'a security role'
        : 'see what Dataverse said above',
  };
}

/** The cause when the org gave no answer at all: the URL, as a rule. */
export function orgNoAnswerCause(
  failure: Extract<ObservedFailure, { kind: 'no-answer' }>,
  context: CauseContext,
): LikelyCause {
  const host = new URL(context.dataverseUrl).host;
  const explanations = {
    dns: `no server is named ${host}`,
    refused: `nothing accepts connections at ${host}`,
    tls: `the server at ${host} did not prove it is ${host} with a certificate trusted here`,
    timeout: `no answer from ${host} in time`,
    other: `no answer from ${host}`,
  };
  const remedies = {
    dns: CHECK_ORG_URL,
    refused: CHECK_ORG_URL,
    tls: `${CHECK_ORG_URL}; behind a proxy that inspects TLS, add its CA with NODE_EXTRA_CA_CERTS`,
    timeout: `${CHECK_ORG_URL}, and that this machine can reach it (proxy, firewall)`,
    other: `${CHECK_ORG_URL}, and that this machine can reach it (proxy, firewall)`,
  };
  return {
    kind: 'wrong-org-url',
    explanation: explanations[failure.reason],
    remedy: remedies[failure.reason],
  };
}
