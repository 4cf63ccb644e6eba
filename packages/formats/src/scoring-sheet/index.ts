export {
  describeScoringSheetError,
  neutralizeFormula,
  readScoringSheet,
  restoreNeutralized,
  type ScoringSheetError,
  type ScoringSheetErrorReason,
  scoringColumnLabel,
  scoringSheetXlsx,
} from './scoring-sheet.ts';
