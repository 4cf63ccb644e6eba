export {
  readStepTable,
  STEP_TABLE_COLUMNS,
  type StepTableColumn,
  type StringTable,
} from './read-step-table.ts';
export { stepTableTemplateCsv, stepTableTemplateXlsx } from './step-table-template.ts';
