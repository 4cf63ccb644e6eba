export {
  type CaseFilter,
  type FilterResult,
  type FilterStep,
  filterCases,
} from './filter-cases.ts';
