export {
  describeScoringSheetError,
  neutralizeFormula,
  readScoringSheet,
  restoreNeutralized,
  type ScoringSheetError,
  type ScoringSheetErrorReason,
  scoringSheetXlsx,
} from './scoring-sheet.ts';
