import { getPosition, getTimes } from 'suncalc';
import { DAY_MS, MINUTE_MS, parseLocalDate, parseLocalDateTime } from './local-date';
import type { CompiledRecurrence } from './recurrence';
import { compileRecurrence, occursOn } from './recurrence';
import type { DayLengthTimeProfile, TimeProfile } from './time-profile';
import { timeProfileProblems } from './time-profile';
import { TimeProfileError } from './time-profile.errors';
import { instantOfWallClock, localDayAt, timeZoneOffsetMs } from './time-zone';

/**
 * Evaluation of time profiles at instants (epoch ms, UTC). Never reads a clock.
 *
 * Semantics: every period becomes a half-open interval of instants [start, end). Its local start and end times map
 * to instants by the DST policy of time-zone.ts (earliest instant whose wall clock reads that time or later), so:
 * - a spring-forward day (23 h) shortens periods that span the gap; a period entirely inside the gap
 *   (02:00-02:30 in Copenhagen on 2026-03-29) does not happen that day; a period starting in the gap starts when
 *   the gap ends (02:30-04:00 starts at 03:00 CEST);
 * - a fall-back day (25 h) lengthens periods that span the repeated hour (02:00-03:00 lasts two real hours); a
 *   boundary inside the repeated hour means its first occurrence (01:00-02:30 ends at 02:30 CEST); a period never
 *   has a hole and never starts twice.
 * A profile is within at an instant when any of its intervals contains it.
 *
 * Complexity of isWithinTimeProfile: O(S + R) for S single periods and R recurring periods; no day scanning.
 * - Away from DST changes (all but about 8 days a year), three cached offset lookups, then per recurring period
 *   O(1) wall-clock arithmetic on the instant's local day and the day before (weekly: O(weekdays)).
 * - Within two days of a DST change, each recurring period is checked on the three local days that can hold an
 *   occurrence containing the instant, converting the occurrences' local boundaries to instants (a few cached
 *   offset lookups each).
 * - Day length: the windows of the seven nearest local days, each computed once with suncalc and cached.
 * Profiles are validated and parsed once per profile object (WeakMap); offsets are cached per zone (time-zone.ts).
 */

type Interval = readonly [start: number, end: number];

type Compiled =
  | Readonly<{ kind: 'always' }>
  | Readonly<{
      kind: 'schedule';
      timeZone: string;
      singles: readonly Interval[];
      recurring: readonly CompiledRecurrence[];
    }>
  | Readonly<{ kind: 'dayLength'; profile: DayLengthTimeProfile; days: Map<number, Interval | null> }>;

/** Days before and after an instant's local day whose intervals can contain it. */
const SCHEDULE_REACH_DAYS = 1;
/** A day-length window lies within local noon ± 36.5 h (solar noon ± 12 h, sunrise ± 12 h, offset ± 12 h). */
const DAY_LENGTH_REACH_DAYS = 3;
const MAX_CACHED_DAYS = 2_000;
/** suncalc's sunrise and sunset: the upper limb on the horizon, with refraction. */
const SUNRISE_ALTITUDE_RAD = (-0.833 * Math.PI) / 180;

const compiledProfiles = new WeakMap<TimeProfile, Compiled>();

const localDayStart = (timeZone: string, day: number): number => instantOfWallClock(timeZone, day * DAY_MS);

const singleInterval = (timeZone: string, start: string, end: string, allDay: boolean): Interval => {
  if (allDay) {
    const [first, last] = [parseLocalDate(start) ?? 0, parseLocalDate(end) ?? 0];
    return [localDayStart(timeZone, first), localDayStart(timeZone, last + 1)];
  }
  return [
    instantOfWallClock(timeZone, parseLocalDateTime(start) ?? 0),
    instantOfWallClock(timeZone, parseLocalDateTime(end) ?? 0),
  ];
};

const compile = (profile: TimeProfile): Compiled => {
  const cached = compiledProfiles.get(profile);
  if (cached !== undefined) {
    return cached;
  }
  const problems = timeProfileProblems(profile);
  if (problems.length > 0) {
    throw new TimeProfileError('TIME_PROFILE_INVALID', problems.join('; '), { problems });
  }
  let compiled: Compiled;
  switch (profile.kind) {
    case 'always':
      compiled = { kind: 'always' };
      break;
    case 'schedule': {
      const { timeZone } = profile;
      const singles: Interval[] = [];
      const recurring: CompiledRecurrence[] = [];
      for (const entry of profile.entries) {
        if (entry.type === 'single') {
          singles.push(singleInterval(timeZone, entry.start, entry.end, entry.allDay === true));
        } else {
          recurring.push(compileRecurrence(entry));
        }
      }
      compiled = { kind: 'schedule', timeZone, singles, recurring };
      break;
    }
    case 'dayLength':
      compiled = { kind: 'dayLength', profile, days: new Map() };
      break;
  }
  compiledProfiles.set(profile, compiled);
  return compiled;
};

const occurrenceInterval = (timeZone: string, recurrence: CompiledRecurrence, day: number): Interval => {
  const endDay = recurrence.crossesMidnight ? day + 1 : day;
  return [
    instantOfWallClock(timeZone, day * DAY_MS + recurrence.startMinute * MINUTE_MS),
    instantOfWallClock(timeZone, endDay * DAY_MS + recurrence.endMinute * MINUTE_MS),
  ];
};

/** The day-length window of one local day; undefined in polar night or when the offsets leave no window. */
const computeDayLengthInterval = (profile: DayLengthTimeProfile, day: number): Interval | undefined => {
  const { timeZone, latitude, longitude } = profile;
  // suncalc computes the solar day whose noon is nearest to the instant given: ask at local noon.
  const times = getTimes(new Date(instantOfWallClock(timeZone, day * DAY_MS + DAY_MS / 2)), latitude, longitude);
  const sunrise = times.sunrise.getTime();
  const sunset = times.sunset.getTime();
  if (Number.isNaN(sunrise) || Number.isNaN(sunset)) {
    // No sunrise or sunset (suncalc returns Invalid Date): polar day if the sun is up at solar noon.
    const altitude = getPosition(times.solarNoon, latitude, longitude).altitude;
    return altitude > SUNRISE_ALTITUDE_RAD
      ? [localDayStart(timeZone, day), localDayStart(timeZone, day + 1)]
      : undefined;
  }
  const start = sunrise + profile.sunriseOffsetMinutes * MINUTE_MS;
  const end = sunset + profile.sunsetOffsetMinutes * MINUTE_MS;
  return start < end ? [start, end] : undefined;
};

const dayLengthInterval = (compiled: Extract<Compiled, { kind: 'dayLength' }>, day: number): Interval | undefined => {
  const cached = compiled.days.get(day);
  if (cached !== undefined) {
    return cached ?? undefined;
  }
  const interval = computeDayLengthInterval(compiled.profile, day);
  if (compiled.days.size >= MAX_CACHED_DAYS) {
    compiled.days.clear();
  }
  compiled.days.set(day, interval ?? null);
  return interval;
};

/** The intervals that occurrences starting on the local day cover (single periods excluded). */
const intervalsOfDay = (compiled: Exclude<Compiled, { kind: 'always' }>, day: number): Interval[] => {
  if (compiled.kind === 'dayLength') {
    const interval = dayLengthInterval(compiled, day);
    return interval === undefined ? [] : [interval];
  }
  return compiled.recurring
    .filter((recurrence) => occursOn(recurrence, day))
    .map((recurrence) => occurrenceInterval(compiled.timeZone, recurrence, day));
};

const timeZoneOf = (compiled: Exclude<Compiled, { kind: 'always' }>): string =>
  compiled.kind === 'dayLength' ? compiled.profile.timeZone : compiled.timeZone;

const reachOf = (compiled: Exclude<Compiled, { kind: 'always' }>): number =>
  compiled.kind === 'dayLength' ? DAY_LENGTH_REACH_DAYS : SCHEDULE_REACH_DAYS;

const contains = ([start, end]: Interval, epochMs: number): boolean => start <= epochMs && epochMs < end;

/** Whether a recurring period covers a wall-clock time (local day and minute), when no DST change is near. */
const coversWallClock = (recurrence: CompiledRecurrence, day: number, minute: number): boolean => {
  const { startMinute, endMinute } = recurrence;
  if (!recurrence.crossesMidnight) {
    return minute >= startMinute && minute < endMinute && occursOn(recurrence, day);
  }
  return (minute >= startMinute && occursOn(recurrence, day)) || (minute < endMinute && occursOn(recurrence, day - 1));
};

/**
 * Fast path: when the offset is the same two days either side of the instant (no DST change between), every
 * occurrence that can contain it is its local period shifted by that one offset, so wall-clock comparisons decide.
 * Undefined when a DST change is near; then the instants of the occurrences decide.
 */
const scheduleCoversWallClock = (
  compiled: Extract<Compiled, { kind: 'schedule' }>,
  epochMs: number,
): boolean | undefined => {
  const { timeZone } = compiled;
  const offset = timeZoneOffsetMs(timeZone, epochMs);
  if (
    offset !== timeZoneOffsetMs(timeZone, epochMs - 2 * DAY_MS) ||
    offset !== timeZoneOffsetMs(timeZone, epochMs + 2 * DAY_MS)
  ) {
    return undefined;
  }
  const wallClock = epochMs + offset;
  const day = Math.floor(wallClock / DAY_MS);
  const minute = (wallClock - day * DAY_MS) / MINUTE_MS;
  return compiled.recurring.some((recurrence) => coversWallClock(recurrence, day, minute));
};

const isWithinCompiled = (compiled: Compiled, epochMs: number): boolean => {
  if (compiled.kind === 'always') {
    return true;
  }
  if (compiled.kind === 'schedule') {
    if (compiled.singles.some((interval) => contains(interval, epochMs))) {
      return true;
    }
    if (compiled.recurring.length === 0) {
      return false;
    }
    const covered = scheduleCoversWallClock(compiled, epochMs);
    if (covered !== undefined) {
      return covered;
    }
  }
  const day = localDayAt(timeZoneOf(compiled), epochMs);
  const reach = reachOf(compiled);
  for (let candidate = day - reach; candidate <= day + reach; candidate++) {
    if (intervalsOfDay(compiled, candidate).some((interval) => contains(interval, epochMs))) {
      return true;
    }
  }
  return false;
};

/**
 * Whether the profile is within at the instant. Throws TimeProfileError TIME_PROFILE_INVALID for an invalid profile
 * (validated once per profile object).
 */
export const isWithinTimeProfile = (profile: TimeProfile, epochMs: number): boolean =>
  isWithinCompiled(compile(profile), epochMs);

export type TimeProfileTransition = Readonly<{ at: number; entering: boolean }>;

/**
 * The first instant strictly after `afterEpochMs`, and at most `horizonDays` days after it, at which membership
 * changes: `entering` is the membership from that instant on. Undefined for Always, and when nothing changes within
 * the horizon. Adjacent or overlapping periods merge (no transition where one ends as another starts).
 * Cost: O(horizonDays × R) in the worst case, stopping at the first change; meant for scheduling, not per event.
 */
export const nextTransition = (
  profile: TimeProfile,
  afterEpochMs: number,
  horizonDays = 400,
): TimeProfileTransition | undefined => {
  const compiled = compile(profile);
  if (compiled.kind === 'always') {
    return undefined;
  }
  const timeZone = timeZoneOf(compiled);
  const reach = reachOf(compiled);
  const limit = afterEpochMs + horizonDays * DAY_MS;
  const inRange = (at: number) => at > afterEpochMs && at <= limit;
  const changesAt = (at: number) => isWithinCompiled(compiled, at) !== isWithinCompiled(compiled, at - 1);

  // Candidates are interval ends; those of days >= d all lie after localDayStart(d - reach), since a day's
  // intervals lie within `reach` days of it and the local-to-instant mapping is monotonic.
  let pending: number[] = compiled.kind === 'schedule' ? compiled.singles.flat().filter(inRange) : [];
  const firstDay = localDayAt(timeZone, afterEpochMs) - reach;
  const lastDay = localDayAt(timeZone, limit) + reach;
  for (let day = firstDay; day <= lastDay; day++) {
    pending.push(...intervalsOfDay(compiled, day).flat().filter(inRange));
    const settledBefore = day === lastDay ? Number.POSITIVE_INFINITY : localDayStart(timeZone, day + 1 - reach);
    pending.sort((a, b) => a - b);
    let next = 0;
    for (; next < pending.length && (pending[next] ?? 0) < settledBefore; next++) {
      const at = pending[next] ?? 0;
      if (changesAt(at)) {
        return { at, entering: isWithinCompiled(compiled, at) };
      }
    }
    pending = pending.slice(next);
  }
  return undefined;
};
