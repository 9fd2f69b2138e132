export * from './types';
export { marketplaceLeadSchema } from './schema';
export { MAX_NESTING_DEPTH, parseLead, type ParseLeadResult } from './normalize';
export { parseLeadSource, type ParsedLeadSource } from './lead-source';
export { isMicrosoftTestLead } from './test-lead';
export { describeOrigin } from './origin';
export { leadIdFor, canonicalJson } from './lead-id';
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
export {
  LEAD_COLUMN_LENGTHS,
  type DataverseLeadColumns,
  type LeadTextColumn,
} from './dataverse-columns';
export { leadTopic } from './lead-topic';
export { mapLeadToDataverse, type MappedLead } from './map-to-dataverse';
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
export { compileMapping } from './mapping/compile-mapping';
export { DEFAULT_COLUMN_FIELDS } from './mapping/default-mapping';
export type {
  ColumnKind,
  ColumnValueSpec,
  CompileMappingOptions,
  CompiledColumn,
  CompiledMapping,
  MappedRecord,
  MappingInput,
  MappingProblem,
  MappingSpec,
} from './mapping/mapping-spec';
export { matchesLead, type MatchSpec } from './match';
export { editDistance } from './closest-name';
