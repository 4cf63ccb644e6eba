export { collapseRepeats } from './collapse-repeats.ts';
export {
  type CaseAttribute,
  countCasesPerActivity,
  type EventLog,
  findCaseAttribute,
  MISSING,
  measureColumnBytes,
  type SequenceLog,
} from './event-log.ts';
export { type EventColumns, EventLogBuilder, type IndexMaps } from './event-log-builder.ts';
export { selectCases } from './select-cases.ts';
export { StringTable } from './string-table.ts';
