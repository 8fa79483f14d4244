// xs:duration and xs:dateTime values as ONVIF events use them (InitialTerminationTime, TerminationTime, Timeout):
// clients send a relative duration ("PT1M", "PT60S") or an absolute UTC time.

const DURATION =
  /^(-)?P(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/** Milliseconds of an xs:duration (a year counts 365 days, a month 30), or undefined when it does not parse. */
export const parseXsDuration = (text: string): number | undefined => {
  const match = DURATION.exec(text.trim());
  if (!match || text.trim().endsWith('T') || /^-?P$/.test(text.trim())) {
    return undefined;
  }
  const part = (index: number): number => Number(match[index] ?? 0);
  const seconds =
    part(2) * 365 * 86_400 + part(3) * 30 * 86_400 + part(4) * 86_400 + part(5) * 3600 + part(6) * 60 + part(7);
  return Math.round(seconds * 1000) * (match[1] ? -1 : 1);
};

/** An absolute termination time: now plus a duration, or the xs:dateTime itself; undefined when neither parses. */
export const parseTerminationTime = (text: string, now: Date): Date | undefined => {
  const duration = parseXsDuration(text);
  if (duration !== undefined) {
    return new Date(now.getTime() + duration);
  }
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(text.trim())) {
    return new Date(text.trim());
  }
  return undefined;
};

/** An xs:duration for a whole number of milliseconds, e.g. PT1M30S -> "PT90S" style (seconds only). */
export const formatXsDuration = (ms: number): string => `PT${ms / 1000}S`;
