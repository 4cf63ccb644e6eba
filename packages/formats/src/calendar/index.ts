export { type HolidayList, readHolidayFile } from './read-holiday-file.ts';
