import { InvalidJobPayloadError } from './job-payload.errors';

/**
 * Small readers for job payloads arriving from Redis: each checks one field and names it when it is wrong, so a
 * worker in any language gets the same contract and a bad payload is reported precisely.
 */
export type PayloadReader = Readonly<{
  text: (key: string) => string;
  optionalText: (key: string) => string | undefined;
  integer: (key: string, min: number, max: number) => number;
  optionalInteger: (key: string, min: number, max: number) => number | undefined;
  /** A finite number, fractions allowed (PTZ velocities and translations). */
  decimal: (key: string, min: number, max: number) => number;
  textList: (key: string) => readonly string[];
  oneOf: <T extends string>(key: string, values: readonly T[]) => T;
}>;

export const payloadReader = (jobName: string, raw: unknown): PayloadReader => {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new InvalidJobPayloadError(jobName, 'the data is not an object');
  }
  const data = raw as Record<string, unknown>;
  const fail = (key: string, expected: string): never => {
    throw new InvalidJobPayloadError(jobName, `${key} must be ${expected}`);
  };
  const optionalText = (key: string): string | undefined => {
    const value = data[key];
    if (value === undefined) {
      return undefined;
    }
    return typeof value === 'string' && value.length > 0 ? value : fail(key, 'a non-empty string');
  };
  const optionalInteger = (key: string, min: number, max: number): number | undefined => {
    const value = data[key];
    if (value === undefined) {
      return undefined;
    }
    return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max
      ? value
      : fail(key, `an integer from ${min} to ${max}`);
  };
  return {
    optionalText,
    optionalInteger,
    text: (key) => optionalText(key) ?? fail(key, 'a non-empty string'),
    integer: (key, min, max) => optionalInteger(key, min, max) ?? fail(key, `an integer from ${min} to ${max}`),
    decimal: (key, min, max) => {
      const value = data[key];
      return typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max
        ? value
        : fail(key, `a number from ${min} to ${max}`);
    },
    textList: (key) => {
      const value = data[key];
      return Array.isArray(value) && value.every((item) => typeof item === 'string' && item.length > 0)
        ? (value as string[])
        : fail(key, 'a list of non-empty strings');
    },
    oneOf: <T extends string>(key: string, values: readonly T[]): T => {
      const value = data[key];
      return typeof value === 'string' && (values as readonly string[]).includes(value)
        ? (value as T)
        : fail(key, `one of ${values.join(', ')}`);
    },
  };
};
