export { readXlsxEventLogFile, type XlsxReadOptions } from './read-xlsx-event-log.ts';
