export {
  CALENDARS,
  MAINLAND_CHINA,
  MONDAY_TO_FRIDAY,
  type WorkingCalendar,
  type WorkingSpan,
  withDays,
  workingDayMs,
} from './working-calendar.ts';
export { createWorkingTime, type WorkingTime } from './working-time.ts';
