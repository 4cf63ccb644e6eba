export {
  type ColumnMapping,
  type ColumnOverrides,
  type ColumnPreset,
  type ColumnRole,
  findHeader,
  findKnownColumn,
  type MappingResult,
  type RowFilter,
  recognizeColumns,
} from './recognize-columns.ts';
