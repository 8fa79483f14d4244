import { DomainError } from '../shared/domain-error';
import type { ExpectedRevision } from './event-store.port';

/** The stream was not at the revision the writer expected: re-read, re-decide, retry once, then report 409. */
export class WrongExpectedRevisionError extends DomainError<'WRONG_EXPECTED_REVISION'> {
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    readonly actual: bigint | 'no_stream',
  ) {
    super('WRONG_EXPECTED_REVISION', `stream ${streamId} expected at ${String(expected)} but is at ${String(actual)}`, {
      streamId,
      expected: String(expected),
      actual: String(actual),
    });
  }
}

/** Some of the event ids of an append are already stored, but not as exactly this append: a client bug. */
export class EventIdConflictError extends DomainError<'EVENT_ID_CONFLICT'> {
  constructor(
    readonly streamId: string,
    readonly eventIds: readonly string[],
  ) {
    super('EVENT_ID_CONFLICT', `event ids already stored elsewhere or partially: ${eventIds.join(', ')}`, {
      streamId,
      eventIds,
    });
  }
}

export type InvalidEventCode = 'EVENT_TOO_LARGE' | 'EVENT_DATA_NOT_JSON' | 'INVALID_EVENT';

/** An event the store refuses before writing anything: too large, data that is not JSON, a malformed id or type. */
export class InvalidEventError extends DomainError<InvalidEventCode> {}

/** A subscription asked to start after a position the store has never reached (a checkpoint from another store). */
export class PositionBeyondEndError extends DomainError<'POSITION_BEYOND_END'> {
  constructor(position: string, end: string) {
    super('POSITION_BEYOND_END', `position ${position} is beyond the end of the store (${end})`, { position, end });
  }
}
