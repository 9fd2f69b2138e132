export * from './types';
export { marketplaceLeadSchema } from './schema';
export { MAX_NESTING_DEPTH, parseLead, type ParseLeadResult } from './normalize';
export { parseLeadSource, type ParsedLeadSource } from './lead-source';
export { isMicrosoftTestLead } from './test-lead';
export { describeOrigin } from './origin';
export { canonicalJson, contentKeyFor, newLeadId } from './content-key';
export * from './queue';
export {
  GUID_PATTERN,
  checkDestinationJobData,
  checkLeadJobData,
  isGuid,
  type JobDataCheck,
} from './job-data';
export { withoutPersonalData } from './personal-data';
export { actionName } from './action-names';
export { leadTopic } from './lead-topic';
export {
  LEAD_FIELDS,
  isLeadField,
  leadFieldValue,
  leadFieldValues,
  resolveLeadField,
  type LeadFieldSource,
  type LeadFieldValue,
  type LeadFieldValues,
} from './lead-fields';
export {
  escapeHtml,
  parseTemplate,
  renderTemplate,
  type ParseTemplateResult,
  type Template,
} from './template';
export { matchesLead, type MatchSpec } from './match';
export { didYouMean, editDistance } from './util/closest-name';
export { isRecord } from './util/is-record';
export {
  PERSONAL_DATA_KINDS,
  PERSONAL_DATA_KIND_NAMES,
  personalDataKindOf,
  type PersonalDataKind,
} from './personal-fields';
