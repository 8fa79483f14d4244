import { DAY_MS } from './local-date';

/**
 * Conversions between instants (epoch ms, UTC) and the wall clock of an IANA time zone, with Intl.DateTimeFormat
 * only. A wall-clock time is written as "wall-clock ms": the local date-time encoded as if it were UTC.
 *
 * DST policy (one rule for both directions): a wall-clock time maps to the EARLIEST instant at which the zone's
 * clock reads that time or later.
 * - Spring-forward gap (the local time does not exist, e.g. 02:30 in Europe/Copenhagen on 2026-03-29): the instant
 *   the gap ends, i.e. the transition itself (03:00 CEST = 01:00Z).
 * - Fall-back overlap (the local time happens twice, e.g. 02:30 in Europe/Copenhagen on 2026-10-25): the first
 *   occurrence, on the summer offset (02:30 CEST = 00:30Z).
 * The mapping is monotonic (a later wall-clock time never maps to an earlier instant), so a period [start, end) in
 * local time becomes one contiguous interval of instants, possibly empty.
 *
 * Performance: one formatter per zone (cached), and offsets cached per zone and UTC day, or UTC hour on the days of
 * a transition. A span's offset is cached only when it is the same at both ends of the span (tzdb never changes an
 * offset and back within a day), so a lookup is one or two Map accesses after warm-up. Caches are bounded and hold
 * only derived, deterministic data.
 */

const HOUR_MS = 3_600_000;
const MAX_CACHED_DAYS = 100_000;
const MAX_CACHED_HOURS = 10_000;

/** Offsets per UTC day (null: a transition that day), and per UTC hour on transition days. */
type OffsetCache = { byDay: Map<number, number | null>; byHour: Map<number, number> };

const formatters = new Map<string, Intl.DateTimeFormat>();
const offsetCaches = new Map<string, OffsetCache>();

/** Whether Intl knows the zone (IANA names such as 'Europe/Copenhagen', and 'UTC'). */
export const isValidTimeZone = (timeZone: string): boolean => {
  if (timeZone.trim() === '') {
    return false;
  }
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
};

const formatterFor = (timeZone: string): Intl.DateTimeFormat => {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
};

/** The zone's UTC offset at an instant, computed with the formatter (no cache). */
const computeOffsetMs = (timeZone: string, epochMs: number): number => {
  let year = 1970;
  let month = 1;
  let day = 1;
  let hour = 0;
  let minute = 0;
  let second = 0;
  for (const part of formatterFor(timeZone).formatToParts(epochMs)) {
    switch (part.type) {
      case 'year':
        year = Number(part.value);
        break;
      case 'month':
        month = Number(part.value);
        break;
      case 'day':
        day = Number(part.value);
        break;
      case 'hour':
        hour = Number(part.value) % 24; // some engines print midnight as 24
        break;
      case 'minute':
        minute = Number(part.value);
        break;
      case 'second':
        second = Number(part.value);
        break;
      default:
        break;
    }
  }
  const wholeSecond = Math.floor(epochMs / 1000) * 1000;
  return Date.UTC(year, month - 1, day, hour, minute, second) - wholeSecond;
};

const cacheFor = (timeZone: string): OffsetCache => {
  let cache = offsetCaches.get(timeZone);
  if (cache === undefined) {
    cache = { byDay: new Map(), byHour: new Map() };
    offsetCaches.set(timeZone, cache);
  }
  return cache;
};

/** The offset over [start, start + length), if the same at both ends (so, for tzdb, constant), else undefined. */
const constantOffset = (timeZone: string, start: number, length: number): number | undefined => {
  const atStart = computeOffsetMs(timeZone, start);
  return atStart === computeOffsetMs(timeZone, start + length - 1) ? atStart : undefined;
};

/**
 * The zone's UTC offset (ms, east positive) at an instant. O(1) amortised: cached per UTC day, or per UTC hour on a
 * day with a transition. Throws RangeError for an unknown zone.
 */
export const timeZoneOffsetMs = (timeZone: string, epochMs: number): number => {
  const cache = cacheFor(timeZone);
  const day = Math.floor(epochMs / DAY_MS);
  const ofDay = cache.byDay.get(day);
  if (typeof ofDay === 'number') {
    return ofDay;
  }
  if (ofDay === undefined) {
    if (cache.byDay.size >= MAX_CACHED_DAYS) {
      cache.byDay.clear();
    }
    const offset = constantOffset(timeZone, day * DAY_MS, DAY_MS);
    cache.byDay.set(day, offset ?? null);
    if (offset !== undefined) {
      return offset;
    }
  }
  const hour = Math.floor(epochMs / HOUR_MS);
  const ofHour = cache.byHour.get(hour);
  if (ofHour !== undefined) {
    return ofHour;
  }
  const offset = constantOffset(timeZone, hour * HOUR_MS, HOUR_MS);
  if (offset === undefined) {
    return computeOffsetMs(timeZone, epochMs); // a transition inside this hour: never cached
  }
  if (cache.byHour.size >= MAX_CACHED_HOURS) {
    cache.byHour.clear();
  }
  cache.byHour.set(hour, offset);
  return offset;
};

/** What the zone's clock reads at an instant, as wall-clock ms. */
export const wallClockAt = (timeZone: string, epochMs: number): number => epochMs + timeZoneOffsetMs(timeZone, epochMs);

/** The local day number (days since 1970-01-01) at an instant. */
export const localDayAt = (timeZone: string, epochMs: number): number =>
  Math.floor(wallClockAt(timeZone, epochMs) / DAY_MS);

/**
 * The earliest instant at which the zone's clock reads `wallClockMs` or later (see the DST policy above): the one
 * instant for an ordinary time, the first of two in a fall-back overlap, the end of the gap in a spring-forward gap.
 */
export const instantOfWallClock = (timeZone: string, wallClockMs: number): number => {
  const before = timeZoneOffsetMs(timeZone, wallClockMs - DAY_MS);
  if (before === timeZoneOffsetMs(timeZone, wallClockMs + DAY_MS)) {
    const candidate = wallClockMs - before;
    if (timeZoneOffsetMs(timeZone, candidate) === before) {
      return candidate; // the common case: no transition nearby
    }
  }
  const sampled = [wallClockMs - DAY_MS, wallClockMs, wallClockMs + DAY_MS].map((at) => timeZoneOffsetMs(timeZone, at));
  const offsets = new Set(sampled);
  for (const offset of sampled) {
    offsets.add(timeZoneOffsetMs(timeZone, wallClockMs - offset));
  }
  let earliest = Number.POSITIVE_INFINITY;
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const offset of offsets) {
    const candidate = wallClockMs - offset;
    lo = Math.min(lo, candidate);
    hi = Math.max(hi, candidate);
    if (timeZoneOffsetMs(timeZone, candidate) === offset) {
      earliest = Math.min(earliest, candidate);
    }
  }
  if (earliest !== Number.POSITIVE_INFINITY) {
    return earliest;
  }
  // In a gap: the clock jumps over wallClockMs somewhere in (lo, hi]. Find the jump (transitions fall on whole
  // seconds, and so do lo and hi, since offsets are whole seconds), in about 12 steps for a one-hour gap.
  while (hi - lo > 1000) {
    const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
    if (wallClockAt(timeZone, mid) >= wallClockMs) {
      hi = mid;
    } else {
      lo = mid;
    }
  }
  return hi;
};
