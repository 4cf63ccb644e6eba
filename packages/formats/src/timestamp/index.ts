export { parseTimestampBytes, parseTimestampText, TIMESTAMP_FORMATS } from './parse-timestamp.ts';
