/** Contact details as Microsoft sends them under `UserDetails`. Every value may be missing. */
export interface UserDetails {
  FirstName?: string;
  LastName?: string;
  Email?: string;
  Phone?: string;
  Country?: string;
  Company?: string;
  Title?: string;
}

/**
 * A marketplace lead after normalisation: keys in Microsoft's documented casing, strings trimmed,
 * empty values dropped. Fields Leadbridge does not know are kept, as sent, in `Extra`.
 */
export interface Lead {
  ActionCode?: string;
  OfferTitle?: string;
  LeadSource?: string;
  Description?: string;
  UserDetails: UserDetails;
  /** Unknown fields, keyed as sent. Unknown `UserDetails` fields appear as `UserDetails.<key>`. */
  Extra: Record<string, unknown>;
}

/** What Leadbridge derives from a lead: where it came from and what the customer did. */
export interface LeadOrigin {
  /** `AzureMarketplace`, `AzurePortal`, `AppSource (SPZA)`, … */
  source?: string;
  /** `INS`, `PLT`, `DNC`, `Create`, `StartTestDrive`, or any code Microsoft adds later. */
  actionCode?: string;
  /** `publisherid.offerid`, when the lead source carries it. */
  offerId?: string;
  publisherId?: string;
  /** Partner Center's validation leads (`MSFT_TEST_…`). */
  isTestLead: boolean;
}

/** One problem with a submitted lead, addressed by the field's path as Microsoft names it. */
export interface LeadProblem {
  field: string;
  message: string;
}
