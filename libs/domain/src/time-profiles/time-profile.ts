import { parseLocalDate, parseLocalDateTime, parseTimeOfDay } from './local-date';
import { isValidTimeZone } from './time-zone';

/**
 * Time profiles (FEATURES section 3): named periods of time used by rules, alarm definitions and roles. Every time
 * in a profile is a wall-clock time in the profile's IANA `timeZone` (FEATURES 3.7: "time profiles always apply in
 * local time"). Profiles are immutable values: evaluation caches derived data per profile object.
 */

/** 0 = Sunday, 1 = Monday ... 6 = Saturday (as Date#getDay). */
export type WeekdayNumber = 0 | 1 | 2 | 3 | 4 | 5 | 6;

/**
 * "Add Single Time" (S2:7752-7762): from `start` (inclusive) to `end` (exclusive), as 'YYYY-MM-DDTHH:mm'. With
 * `allDay` ("All day event"), `start` and `end` are dates 'YYYY-MM-DD' and the end date is included.
 */
export type SinglePeriod = Readonly<{ type: 'single'; start: string; end: string; allDay?: boolean }>;

/** Outlook's "Monthly" choices: "Day 15 of every 3 months", or "the last Friday of every month". */
export type MonthlyDay =
  /** Day 1 to 31; in a shorter month, the month's last day (as Outlook does). */
  | Readonly<{ kind: 'dayOfMonth'; day: number }>
  | Readonly<{ kind: 'weekdayOfMonth'; ordinal: 1 | 2 | 3 | 4 | 'last'; weekday: WeekdayNumber }>;

/**
 * Recurrence pattern. Intervals count from the range's start date: the first day, the week (Monday to Sunday, ISO
 * 8601) or the month containing `range.startDate` is the first one, then every N-th.
 */
export type RecurrencePattern =
  | Readonly<{ kind: 'daily'; everyNDays: number }>
  | Readonly<{ kind: 'weekly'; everyNWeeks: number; weekdays: readonly WeekdayNumber[] }>
  | Readonly<{ kind: 'monthly'; everyNMonths: number; on: MonthlyDay }>;

/** "Range of recurrence": occurrences start on or after `startDate`; `by` includes its date. */
export type RecurrenceEnd =
  | Readonly<{ kind: 'never' }>
  | Readonly<{ kind: 'after'; occurrences: number }>
  | Readonly<{ kind: 'by'; date: string }>;

export type RecurrenceRange = Readonly<{ startDate: string; end: RecurrenceEnd }>;

/**
 * "Add Recurring Time" (S2:7764-7775): each occurrence starts at `startTime` ('HH:mm') on a day the pattern selects,
 * and ends at `endTime` the same day, or the next day when `endTime` <= `startTime` (so 22:00-06:00 crosses midnight
 * and 00:00-00:00 is a whole day).
 */
export type RecurringPeriod = Readonly<{
  type: 'recurring';
  startTime: string;
  endTime: string;
  pattern: RecurrencePattern;
  range: RecurrenceRange;
}>;

export type ScheduleEntry = SinglePeriod | RecurringPeriod;

type TimeProfileBase = Readonly<{
  id: string;
  name: string;
  description: string;
  /** IANA time zone, e.g. 'Europe/Copenhagen': every local time in the profile is read in it. */
  timeZone: string;
}>;

export type AlwaysTimeProfile = TimeProfileBase & Readonly<{ kind: 'always' }>;

/** Within when at least one entry is (a union of periods). */
export type ScheduleTimeProfile = TimeProfileBase & Readonly<{ kind: 'schedule'; entries: readonly ScheduleEntry[] }>;

/**
 * Day length (FEATURES 3.9): within from sunrise + sunriseOffsetMinutes to sunset + sunsetOffsetMinutes of each
 * local day (sun's upper limb at the horizon, with refraction, as computed by suncalc). Polar day (the sun never
 * sets) is within for the whole local day, offsets ignored; polar night is never within. A day whose offsets make
 * the window end before it starts has no window.
 */
export type DayLengthTimeProfile = TimeProfileBase &
  Readonly<{
    kind: 'dayLength';
    latitude: number;
    longitude: number;
    sunriseOffsetMinutes: number;
    sunsetOffsetMinutes: number;
  }>;

export type TimeProfile = AlwaysTimeProfile | ScheduleTimeProfile | DayLengthTimeProfile;
export type TimeProfileKind = TimeProfile['kind'];

export const ALWAYS_TIME_PROFILE_ID = 'always'; // persisted: do not rename

/** Built in (FEATURES 3.2): no time-based limits. A code constant that refuses every command. */
export const ALWAYS_TIME_PROFILE: AlwaysTimeProfile = {
  id: ALWAYS_TIME_PROFILE_ID,
  name: 'Always',
  description: 'No time-based limits',
  timeZone: 'UTC',
  kind: 'always',
};

export const TIME_PROFILE_NAME_MAX_LENGTH = 100;
export const TIME_PROFILE_DESCRIPTION_MAX_LENGTH = 1_000;
export const TIME_PROFILE_MAX_ENTRIES = 100;
export const TIME_PROFILE_MAX_OFFSET_MINUTES = 720;
const MAX_INTERVAL = 999;

const isWholeIn = (value: unknown, min: number, max: number): boolean =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= min && value <= max;

const isWeekday = (value: unknown): value is WeekdayNumber => isWholeIn(value, 0, 6);

const singlePeriodProblems = (period: SinglePeriod, at: string): string[] => {
  if (period.allDay === true) {
    const [start, end] = [parseLocalDate(period.start), parseLocalDate(period.end)];
    if (start === undefined || end === undefined) {
      return [`${at}: an all-day period needs start and end dates 'YYYY-MM-DD'`];
    }
    return end < start ? [`${at}: end date is before start date`] : [];
  }
  const [start, end] = [parseLocalDateTime(period.start), parseLocalDateTime(period.end)];
  if (start === undefined || end === undefined) {
    return [`${at}: start and end must be local date-times 'YYYY-MM-DDTHH:mm'`];
  }
  return end <= start ? [`${at}: end must be after start`] : [];
};

const patternProblems = (pattern: RecurrencePattern, at: string): string[] => {
  switch (pattern.kind) {
    case 'daily':
      return isWholeIn(pattern.everyNDays, 1, MAX_INTERVAL) ? [] : [`${at}: everyNDays must be 1 to ${MAX_INTERVAL}`];
    case 'weekly': {
      const problems = isWholeIn(pattern.everyNWeeks, 1, MAX_INTERVAL)
        ? []
        : [`${at}: everyNWeeks must be 1 to ${MAX_INTERVAL}`];
      if (!Array.isArray(pattern.weekdays) || pattern.weekdays.length === 0) {
        problems.push(`${at}: a weekly pattern needs at least one weekday`);
      } else if (!pattern.weekdays.every(isWeekday) || new Set(pattern.weekdays).size !== pattern.weekdays.length) {
        problems.push(`${at}: weekdays must be distinct numbers 0 (Sunday) to 6 (Saturday)`);
      }
      return problems;
    }
    case 'monthly': {
      const problems = isWholeIn(pattern.everyNMonths, 1, MAX_INTERVAL)
        ? []
        : [`${at}: everyNMonths must be 1 to ${MAX_INTERVAL}`];
      const on: MonthlyDay | undefined = pattern.on; // may be missing in data from outside
      if (on?.kind === 'dayOfMonth') {
        if (!isWholeIn(on.day, 1, 31)) {
          problems.push(`${at}: day of month must be 1 to 31`);
        }
      } else if (on?.kind === 'weekdayOfMonth') {
        if (!(isWholeIn(on.ordinal, 1, 4) || on.ordinal === 'last') || !isWeekday(on.weekday)) {
          problems.push(`${at}: the Nth weekday needs ordinal 1 to 4 or 'last', and weekday 0 to 6`);
        }
      } else {
        problems.push(`${at}: a monthly pattern needs a day of month or an Nth weekday`);
      }
      return problems;
    }
    default:
      return [`${at}: unknown recurrence pattern '${String((pattern as { kind: unknown }).kind)}'`];
  }
};

const rangeProblems = (range: RecurrenceRange, at: string): string[] => {
  const start = parseLocalDate(range.startDate);
  const problems = start === undefined ? [`${at}: range start date must be 'YYYY-MM-DD'`] : [];
  const end: RecurrenceEnd | undefined = range.end; // may be missing in data from outside
  switch (end?.kind) {
    case 'never':
      break;
    case 'after':
      if (!isWholeIn(end.occurrences, 1, MAX_INTERVAL)) {
        problems.push(`${at}: occurrences must be 1 to ${MAX_INTERVAL}`);
      }
      break;
    case 'by': {
      const by = parseLocalDate(end.date);
      if (by === undefined) {
        problems.push(`${at}: range end date must be 'YYYY-MM-DD'`);
      } else if (start !== undefined && by < start) {
        problems.push(`${at}: range ends before it starts`);
      }
      break;
    }
    case undefined:
    default:
      problems.push(`${at}: range end must be never, after N occurrences, or by a date`);
  }
  return problems;
};

const recurringPeriodProblems = (period: RecurringPeriod, at: string): string[] => [
  ...(parseTimeOfDay(period.startTime) === undefined || parseTimeOfDay(period.endTime) === undefined
    ? [`${at}: startTime and endTime must be 'HH:mm' from 00:00 to 23:59`]
    : []),
  ...(typeof period.pattern === 'object' && period.pattern !== null
    ? patternProblems(period.pattern, at)
    : [`${at}: a recurrence pattern is required`]),
  ...(typeof period.range === 'object' && period.range !== null
    ? rangeProblems(period.range, at)
    : [`${at}: a range of recurrence is required`]),
];

const entryProblems = (entry: ScheduleEntry, index: number): string[] => {
  const at = `entries[${index}]`;
  if (typeof entry !== 'object' || entry === null) {
    return [`${at}: a period must be an object`];
  }
  switch (entry.type) {
    case 'single':
      return singlePeriodProblems(entry, at);
    case 'recurring':
      return recurringPeriodProblems(entry, at);
    default:
      return [`${at}: unknown period type '${String((entry as { type: unknown }).type)}'`];
  }
};

const kindProblems = (profile: TimeProfile): string[] => {
  switch (profile.kind) {
    case 'always':
      return [];
    case 'schedule':
      if (!Array.isArray(profile.entries) || profile.entries.length === 0) {
        return ['a schedule needs at least one single or recurring period'];
      }
      if (profile.entries.length > TIME_PROFILE_MAX_ENTRIES) {
        return [`a schedule has at most ${TIME_PROFILE_MAX_ENTRIES} periods`];
      }
      return profile.entries.flatMap(entryProblems);
    case 'dayLength': {
      const problems: string[] = [];
      const { latitude, longitude, sunriseOffsetMinutes, sunsetOffsetMinutes } = profile;
      if (typeof latitude !== 'number' || !(latitude >= -90 && latitude <= 90)) {
        problems.push('latitude must be from -90 to 90');
      }
      if (typeof longitude !== 'number' || !(longitude >= -180 && longitude <= 180)) {
        problems.push('longitude must be from -180 to 180');
      }
      const max = TIME_PROFILE_MAX_OFFSET_MINUTES;
      if (!isWholeIn(sunriseOffsetMinutes, -max, max) || !isWholeIn(sunsetOffsetMinutes, -max, max)) {
        problems.push(`sunrise and sunset offsets must be whole minutes from -${max} to ${max}`);
      }
      return problems;
    }
    default:
      return [`unknown time profile kind '${String((profile as { kind: unknown }).kind)}'`];
  }
};

/** Why a profile is invalid; empty when it is valid. Data from outside is checked field by field. */
export const timeProfileProblems = (profile: TimeProfile): string[] => {
  const problems: string[] = [];
  if (typeof profile.id !== 'string' || profile.id.trim() === '') {
    problems.push('id is required');
  }
  const name = typeof profile.name === 'string' ? profile.name.trim() : '';
  if (name.length === 0 || name.length > TIME_PROFILE_NAME_MAX_LENGTH) {
    problems.push(`name must have 1 to ${TIME_PROFILE_NAME_MAX_LENGTH} characters`);
  }
  if (typeof profile.description !== 'string' || profile.description.length > TIME_PROFILE_DESCRIPTION_MAX_LENGTH) {
    problems.push(`description must be text of at most ${TIME_PROFILE_DESCRIPTION_MAX_LENGTH} characters`);
  }
  if (typeof profile.timeZone !== 'string' || !isValidTimeZone(profile.timeZone)) {
    problems.push(`unknown time zone '${String(profile.timeZone)}'`);
  }
  return [...problems, ...kindProblems(profile)];
};
