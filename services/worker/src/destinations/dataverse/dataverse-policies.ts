import { DEFAULT_DATAVERSE_POLICIES, type DataverseDestinationConfig } from '@leadbridge/config';

/**
 * What a Dataverse destination does with the leads users asked Microsoft's flow to treat apart:
 * Partner Center's test leads, customers who asked not to be contacted, and repeat customers.
 */
export type DataversePolicies = Pick<
  DataverseDestinationConfig,
  'testLeads' | 'doNotContact' | 'repeatCustomers'
>;

/** Those of a destination that does not say, as the configuration fills them in. */
export const DEFAULT_POLICIES: DataversePolicies = DEFAULT_DATAVERSE_POLICIES;

/** Microsoft's "do not contact" action: the customer asked not to be contacted. */
export function isDoNotContact(actionCode: string | undefined): boolean {
  return actionCode?.toUpperCase() === 'DNC';
}
