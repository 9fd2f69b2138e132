/**
 * What a Dataverse destination does with the leads users asked Microsoft's flow to treat apart:
 * Partner Center's test leads, customers who asked not to be contacted, and repeat customers.
 */
export interface DataversePolicies {
  /** `write` (Partner Center's Validate expects to find the test lead) or acknowledge and `skip`. */
  readonly testLeads: 'write' | 'skip';
  /** `flag`: write the lead with these do-not-contact columns set; `skip`: write nothing. */
  readonly doNotContact: { readonly action: 'flag' | 'skip'; readonly columns: readonly string[] };
  /**
   * `new-lead`: one lead per event. `update-open-lead`: append the event to the open lead with the
   * same e-mail address and offer (the offer as the mapping writes it into `offerColumn`).
   */
  readonly repeatCustomers:
    | { readonly action: 'new-lead' }
    | { readonly action: 'update-open-lead'; readonly offerColumn: string };
}

export const DEFAULT_POLICIES: DataversePolicies = Object.freeze({
  testLeads: 'write',
  doNotContact: Object.freeze({
    action: 'flag',
    columns: Object.freeze(['donotemail', 'donotphone']),
  }),
  repeatCustomers: Object.freeze({ action: 'new-lead' }),
});

/** Microsoft's "do not contact" action: the customer asked not to be contacted. */
export function isDoNotContact(actionCode: string | undefined): boolean {
  return actionCode?.toUpperCase() === 'DNC';
}
