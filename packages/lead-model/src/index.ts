export * from './types';
export { marketplaceLeadSchema } from './schema';
export { parseLead, type ParseLeadResult } from './normalize';
export { parseLeadSource, type ParsedLeadSource } from './lead-source';
export { isMicrosoftTestLead } from './test-lead';
export { describeOrigin } from './origin';
export { leadIdFor, canonicalJson } from './lead-id';
export * from './queue';
