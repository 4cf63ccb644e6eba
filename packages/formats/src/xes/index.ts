export { readXesEventLogFile, type XesReadOptions } from './read-xes-event-log.ts';
