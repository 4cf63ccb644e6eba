export { ByteInterner } from './byte-interner.ts';
export { describeDelimiter, detectDelimiter, parseDelimiterOption } from './detect-delimiter.ts';
export { type CsvTextOptions, openCsvText } from './open-csv-text.ts';
export {
  type CsvEventLogOptions,
  type ImportReport,
  readCsvEventLog,
} from './read-csv-event-log.ts';
export { type CsvFileOptions, openFile, readCsvEventLogFile } from './read-csv-event-log-file.ts';
export { type CsvTable, readCsvTable } from './read-csv-table.ts';
export {
  type CsvRow,
  type CsvRowSink,
  hashBytes,
  type TokenizeOptions,
  tokenizeCsv,
} from './tokenize-csv.ts';
