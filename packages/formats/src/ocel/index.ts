export { type OcelReadOptions, readOcelEventLogFile } from './read-ocel-event-log.ts';
