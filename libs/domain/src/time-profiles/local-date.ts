/**
 * Calendar arithmetic on local dates and wall-clock times, with no time zone involved: a local date is a day number
 * (days since 1970-01-01 in the proleptic Gregorian calendar), and a wall-clock time is "wall-clock ms", the local
 * date-time written as if it were UTC. Internal to the time-profiles area.
 */

export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;
export const MINUTES_PER_DAY = 1_440;

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_PATTERN = /^(\d{2}):(\d{2})$/;
const DATE_TIME_PATTERN = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})$/;

/** Years outside this range are refused, which keeps Date.UTC away from its two-digit-year quirk. */
const MIN_YEAR = 1900;
const MAX_YEAR = 9999;

export type CivilDate = Readonly<{ year: number; month: number; day: number }>;

/** Day number of a civil date; month is 1 to 12. Out-of-range days roll over, as Date.UTC does. */
export const dayNumberOf = (year: number, month: number, day: number): number =>
  Math.round(Date.UTC(year, month - 1, day) / DAY_MS);

export const civilDateOf = (dayNumber: number): CivilDate => {
  const date = new Date(dayNumber * DAY_MS);
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
};

/** 0 = Sunday ... 6 = Saturday (1970-01-01 was a Thursday). */
export const weekdayOf = (dayNumber: number): number => (((dayNumber + 4) % 7) + 7) % 7;

/** The Monday that starts the ISO week containing the day. */
export const mondayOf = (dayNumber: number): number => dayNumber - ((weekdayOf(dayNumber) + 6) % 7);

export const daysInMonth = (year: number, month: number): number =>
  dayNumberOf(year, month + 1, 1) - dayNumberOf(year, month, 1);

/** 'YYYY-MM-DD' to a day number; undefined when malformed or not a real date (2026-02-30). */
export const parseLocalDate = (text: string): number | undefined => {
  const match = DATE_PATTERN.exec(text);
  if (match === null) {
    return undefined;
  }
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < MIN_YEAR || year > MAX_YEAR || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return undefined;
  }
  return dayNumberOf(year, month, day);
};

/** 'HH:mm' (00:00 to 23:59) to minutes after midnight; undefined when malformed. */
export const parseTimeOfDay = (text: string): number | undefined => {
  const match = TIME_PATTERN.exec(text);
  if (match === null) {
    return undefined;
  }
  const [hour, minute] = [Number(match[1]), Number(match[2])];
  return hour > 23 || minute > 59 ? undefined : hour * 60 + minute;
};

/** 'YYYY-MM-DDTHH:mm' to wall-clock ms; undefined when malformed. */
export const parseLocalDateTime = (text: string): number | undefined => {
  const match = DATE_TIME_PATTERN.exec(text);
  const day = match === null ? undefined : parseLocalDate(match[1] ?? '');
  const minute = match === null ? undefined : parseTimeOfDay(match[2] ?? '');
  return day === undefined || minute === undefined ? undefined : day * DAY_MS + minute * MINUTE_MS;
};
