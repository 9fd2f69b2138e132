import type { Logger } from '@leadbridge/service-kit';
import { auditLog } from '../audit';

/**
 * An operator's action on a lead, shaped as the lead's timeline records it (`retried` or
 * `replayed`, `by` whom). No personal data: ids, a destination's name and the actor.
 */
export interface LeadActionEvent {
  kind: 'retried' | 'replayed';
  leadId: string;
  destination?: string;
  /** The signed-in user's name, or the basic-auth role when the sign-in gave no name. */
  by: string;
  /** ISO 8601 UTC. */
  at: string;
  /** The Entra ID object id of whoever signed in with Entra ID, for the audit line. */
  byId?: string;
}

/**
 * Writes the audit line for an operator's action, then hands it to the timeline's writer when
 * one is wired. The action has happened by then, so a writer that fails is logged, not thrown:
 * the operator is still told the retry is under way.
 */
export async function recordLeadAction(
  deps: { logger: Logger; onLeadAction?: (event: LeadActionEvent) => Promise<void> },
  event: LeadActionEvent,
): Promise<void> {
  auditLog(deps.logger, {
    actor: event.by,
    ...(event.byId !== undefined ? { actorId: event.byId } : {}),
    action: event.kind === 'retried' ? 'retry' : 'replay',
    leadId: event.leadId,
    ...(event.destination !== undefined ? { destination: event.destination } : {}),
  });
  try {
    await deps.onLeadAction?.(event);
  } catch (error) {
    deps.logger.warn('the action is done but not on the lead’s timeline', {
      leadId: event.leadId,
      action: event.kind,
      error,
    });
  }
}
