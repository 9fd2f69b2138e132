/** Microsoft's documented top-level field names, keyed by their lower-case form. */
export const TOP_LEVEL_FIELDS = {
  actioncode: 'ActionCode',
  offertitle: 'OfferTitle',
  leadsource: 'LeadSource',
  description: 'Description',
  userdetails: 'UserDetails',
} as const;

/** Microsoft's documented `UserDetails` field names, keyed by their lower-case form. */
export const USER_DETAIL_FIELDS = {
  firstname: 'FirstName',
  lastname: 'LastName',
  email: 'Email',
  phone: 'Phone',
  country: 'Country',
  company: 'Company',
  title: 'Title',
} as const;

export type TopLevelField = (typeof TOP_LEVEL_FIELDS)[keyof typeof TOP_LEVEL_FIELDS];
export type UserDetailField = (typeof USER_DETAIL_FIELDS)[keyof typeof USER_DETAIL_FIELDS];

/** Keys that would reach an object's prototype if copied naively. */
export const UNSAFE_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);
