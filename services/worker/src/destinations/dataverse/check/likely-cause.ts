import type { CauseContext } from './cause-context';
import type { LikelyCause } from './check-report';
import { dataverseCause, orgNoAnswerCause } from './dataverse-causes';
import { entraCause, tokenSetupCause } from './entra-causes';
import { managedIdentityCause, tokenFileCause } from './identity-causes';
import type { ObservedFailure } from './observe-failure';

/**
 * The likely cause of a failed step, and what to do, from what the step saw: Entra ID's AADSTS
 * number, Dataverse's status and error code, or why no answer came (and from whom).
 */
export function likelyCause(failure: ObservedFailure, context: CauseContext): LikelyCause {
  switch (failure.kind) {
    case 'entra':
      return entraCause(failure, context);
    case 'dataverse':
      return dataverseCause(failure, context);
    case 'no-answer':
      if (failure.from === 'identity') return managedIdentityCause(failure, context);
      return failure.from === 'org'
        ? orgNoAnswerCause(failure, context)
        : tokenSetupCause(failure, context);
    case 'identity-refused':
      return managedIdentityCause(failure, context);
    case 'token-file':
      return tokenFileCause(failure, context);
    case 'not-entra':
    case 'certificate':
    case 'msal':
      return tokenSetupCause(failure, context);
    case 'proxy':
      return {
        kind: 'proxy-refused',
        explanation:
          failure.status === 407
            ? 'the proxy wants a user and password it was not given, or not these'
            : 'the outbound proxy would not carry the connection',
        remedy: failure.advice,
      };
    case 'unknown':
      return {
        kind: 'unexpected',
        explanation: 'an unexpected failure',
        remedy: 'run the check again; if it persists, report the line above',
      };
  }
}
