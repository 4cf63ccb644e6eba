export { readXlsxEventLogFile, type XlsxReadOptions } from './read-xlsx-event-log.ts';
export { readXlsxTable, type SheetTable } from './read-xlsx-table.ts';
