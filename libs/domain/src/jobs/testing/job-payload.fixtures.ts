import { InvalidJobPayloadError } from '../job-payload.errors';

/** The InvalidJobPayloadError `parse` throws; fails the test when it throws anything else or nothing. */
export const errorOf = (parse: () => unknown): InvalidJobPayloadError => {
  try {
    parse();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidJobPayloadError);
    return error as InvalidJobPayloadError;
  }
  throw new Error('expected the payload to be refused');
};

/** The payload without one of its fields. */
export const without = (data: Record<string, unknown>, key: string): Record<string, unknown> =>
  Object.fromEntries(Object.entries(data).filter(([k]) => k !== key));
