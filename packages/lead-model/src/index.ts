export * from './types';
export { marketplaceLeadSchema } from './schema';
export { MAX_NESTING_DEPTH, parseLead, type ParseLeadResult } from './normalize';
export { parseLeadSource, type ParsedLeadSource } from './lead-source';
export { isMicrosoftTestLead } from './test-lead';
export { describeOrigin } from './origin';
export { leadIdFor, canonicalJson } from './lead-id';
export * from './queue';
export { actionName } from './action-names';
export {
  LEAD_COLUMN_LENGTHS,
  type DataverseLeadColumns,
  type LeadTextColumn,
} from './dataverse-columns';
export { leadTopic, mapLeadToDataverse, type MappedLead } from './map-to-dataverse';
