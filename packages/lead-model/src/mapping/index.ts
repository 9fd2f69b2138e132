// `@leadbridge/lead-model/mapping`: how a lead becomes a Dataverse record. Kept apart from the
// lead contract the API and worker share.
export { compileMapping } from './compile-mapping';
export {
  LEAD_COLUMN_LENGTHS,
  type DataverseLeadColumns,
  type LeadTextColumn,
} from './dataverse-columns';
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
} from './mapping-spec';
