import {
  civilDateOf,
  dayNumberOf,
  daysInMonth,
  mondayOf,
  parseLocalDate,
  parseTimeOfDay,
  weekdayOf,
} from './local-date';
import type { MonthlyDay, RecurrencePattern, RecurringPeriod } from './time-profile';

/**
 * Which local days a recurring period starts an occurrence on. Every check is O(1) arithmetic on day numbers, except
 * weekly counting for "end after N occurrences", which is O(weekdays). Internal to the time-profiles area.
 */

export type CompiledRecurrence = Readonly<{
  startMinute: number;
  endMinute: number;
  /** end <= start: the occurrence ends on the next local day. */
  crossesMidnight: boolean;
  pattern: RecurrencePattern;
  firstDay: number;
  lastDay: number;
  maxOccurrences: number;
}>;

/** Assumes a valid period (timeProfileProblems is empty). */
export const compileRecurrence = (period: RecurringPeriod): CompiledRecurrence => {
  const startMinute = parseTimeOfDay(period.startTime) ?? 0;
  const endMinute = parseTimeOfDay(period.endTime) ?? 0;
  const { end } = period.range;
  return {
    startMinute,
    endMinute,
    crossesMidnight: endMinute <= startMinute,
    pattern: period.pattern,
    firstDay: parseLocalDate(period.range.startDate) ?? 0,
    lastDay: end.kind === 'by' ? (parseLocalDate(end.date) ?? 0) : Number.POSITIVE_INFINITY,
    maxOccurrences: end.kind === 'after' ? end.occurrences : Number.POSITIVE_INFINITY,
  };
};

/** The day of the month (year, month 1-12) that a monthly pattern selects. */
const monthlyDayIn = (year: number, month: number, on: MonthlyDay): number => {
  if (on.kind === 'dayOfMonth') {
    return dayNumberOf(year, month, Math.min(on.day, daysInMonth(year, month)));
  }
  if (on.ordinal === 'last') {
    const last = dayNumberOf(year, month, daysInMonth(year, month));
    return last - ((weekdayOf(last) - on.weekday + 7) % 7);
  }
  const first = dayNumberOf(year, month, 1);
  return first + ((on.weekday - weekdayOf(first) + 7) % 7) + (on.ordinal - 1) * 7;
};

/** How many of the weekdays fall in [from, to) of the week starting on `monday`. */
const weekdaysBetween = (weekdays: readonly number[], monday: number, from: number, to: number): number =>
  weekdays.filter((weekday) => {
    const day = monday + ((weekday + 6) % 7);
    return day >= from && day < to;
  }).length;

/** Whether the pattern selects the day (on or after the range start), ignoring the range's end. O(1). */
const patternSelects = (recurrence: CompiledRecurrence, day: number): boolean => {
  const { pattern, firstDay } = recurrence;
  switch (pattern.kind) {
    case 'daily':
      return (day - firstDay) % pattern.everyNDays === 0;
    case 'weekly':
      return (
        ((mondayOf(day) - mondayOf(firstDay)) / 7) % pattern.everyNWeeks === 0 &&
        (pattern.weekdays as readonly number[]).includes(weekdayOf(day))
      );
    case 'monthly':
      return occurrenceIndex(recurrence, day) !== undefined;
    default:
      return false;
  }
};

/**
 * The 0-based index of the occurrence starting on `day` (counting from the range start), or undefined when the
 * pattern selects no occurrence on that day. Ignores the range's end.
 */
export const occurrenceIndex = (recurrence: CompiledRecurrence, day: number): number | undefined => {
  const { pattern, firstDay } = recurrence;
  if (day < firstDay) {
    return undefined;
  }
  switch (pattern.kind) {
    case 'daily': {
      const elapsed = day - firstDay;
      return elapsed % pattern.everyNDays === 0 ? elapsed / pattern.everyNDays : undefined;
    }
    case 'weekly': {
      const firstMonday = mondayOf(firstDay);
      const monday = mondayOf(day);
      const week = (monday - firstMonday) / 7;
      if (week % pattern.everyNWeeks !== 0 || !(pattern.weekdays as readonly number[]).includes(weekdayOf(day))) {
        return undefined;
      }
      if (week === 0) {
        return weekdaysBetween(pattern.weekdays, firstMonday, firstDay, day);
      }
      const inFirstWeek = weekdaysBetween(pattern.weekdays, firstMonday, firstDay, firstMonday + 7);
      const fullWeeksBetween = week / pattern.everyNWeeks - 1;
      return (
        inFirstWeek +
        fullWeeksBetween * pattern.weekdays.length +
        weekdaysBetween(pattern.weekdays, monday, monday, day)
      );
    }
    case 'monthly': {
      const first = civilDateOf(firstDay);
      const { year, month } = civilDateOf(day);
      const months = year * 12 + month - (first.year * 12 + first.month);
      if (months % pattern.everyNMonths !== 0 || monthlyDayIn(year, month, pattern.on) !== day) {
        return undefined;
      }
      const firstMonthMissed = monthlyDayIn(first.year, first.month, pattern.on) < firstDay ? 1 : 0;
      return months / pattern.everyNMonths - firstMonthMissed;
    }
    default:
      return undefined;
  }
};

/** Whether an occurrence starts on the local day, within the range of recurrence. O(1) (weekly: O(weekdays)). */
export const occursOn = (recurrence: CompiledRecurrence, day: number): boolean => {
  if (day < recurrence.firstDay || day > recurrence.lastDay) {
    return false;
  }
  if (recurrence.maxOccurrences === Number.POSITIVE_INFINITY) {
    return patternSelects(recurrence, day);
  }
  const index = occurrenceIndex(recurrence, day);
  return index !== undefined && index < recurrence.maxOccurrences;
};
