import { randomUUID } from 'node:crypto';
import type { Alert } from '../src/alerts/alert';

/** A lead that failed for good at the `crm` destination, as the worker raises it. */
export function failedDeliveryAlert(): Alert {
  return {
    kind: 'delivery-failed',
    destination: 'crm',
    leadId: randomUUID(),
    reason: 'Dataverse answered 500',
    at: new Date().toISOString(),
  };
}
