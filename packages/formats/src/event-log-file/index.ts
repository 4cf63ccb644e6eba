export {
  chooseFormat,
  type EventLogFileOptions,
  type EventLogFormat,
  readEventLogFile,
} from './read-event-log-file.ts';
