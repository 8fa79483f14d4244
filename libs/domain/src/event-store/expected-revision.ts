import { WrongExpectedRevisionError } from './event-store.errors';
import type { ExpectedRevision } from './event-store.port';

/** Throws unless a stream whose last revision is `current` (undefined: no stream) satisfies `expected`. */
export const assertExpectedRevision = (
  streamId: string,
  expected: ExpectedRevision,
  current: bigint | undefined,
): void => {
  const satisfied =
    expected === 'any' ||
    (expected === 'no_stream' && current === undefined) ||
    (expected === 'stream_exists' && current !== undefined) ||
    (typeof expected === 'bigint' && current === expected);
  if (!satisfied) {
    throw new WrongExpectedRevisionError(streamId, expected, current ?? 'no_stream');
  }
};
