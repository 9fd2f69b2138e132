import type { ColumnPlan } from './column-plan';
import { fieldValue } from './column-value';
import { defaultDescriptionPlan } from './default-description';

/** Which lead field fills which Dataverse `lead` column unless the mapping says otherwise. */
const DEFAULT_COLUMN_FIELDS: Readonly<Record<string, string>> = Object.freeze({
  subject: 'Topic',
  firstname: 'UserDetails.FirstName',
  lastname: 'UserDetails.LastName',
  emailaddress1: 'UserDetails.Email',
  telephone1: 'UserDetails.Phone',
  companyname: 'UserDetails.Company',
  jobtitle: 'UserDetails.Title',
  address1_country: 'UserDetails.Country',
});

/** The default mapping's plans, in order, the description last. */
export function defaultPlans(lengths: Readonly<Record<string, number>>): ColumnPlan[] {
  const plans: ColumnPlan[] = [];
  for (const [column, field] of Object.entries(DEFAULT_COLUMN_FIELDS)) {
    const { plan } = fieldValue(column, field);
    if (plan) plans.push(withLength(plan, lengths[column]));
  }
  plans.push(defaultDescriptionPlan(lengths.description));
  return plans;
}

/** A text plan with its column's length, when the column has one. */
export function withLength(plan: ColumnPlan, maxLength: number | undefined): ColumnPlan {
  if (maxLength === undefined || plan.info.kind !== 'text') return plan;
  return { ...plan, info: { ...plan.info, maxLength } };
}
