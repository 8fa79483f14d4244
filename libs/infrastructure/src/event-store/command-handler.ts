import { randomUUID } from 'node:crypto';
import {
  WrongExpectedRevisionError,
  type EventMetadata,
  type EventStore,
  type ExpectedRevision,
  type GlobalPosition,
} from '@vigil/domain';

/** What the command handler needs of a decider: the shapes of STYLE.md section 5. */
export type CommandDecider<S, C, E extends { type: string; data: object }> = Readonly<{
  decide: (command: C, state: S) => E[];
  evolve: (state: S, event: E) => S;
  initialState: () => S;
}>;

/** The state of a stream folded by a decider, and the revision to expect when appending after it. */
export const readState = async <S, E extends { type: string; data: object }>(
  store: EventStore,
  streamId: string,
  decider: Pick<CommandDecider<S, unknown, E>, 'evolve' | 'initialState'>,
): Promise<{ state: S; expected: ExpectedRevision }> => {
  let state = decider.initialState();
  let expected: ExpectedRevision = 'no_stream';
  for await (const stored of store.readStream(streamId)) {
    state = decider.evolve(state, { type: stored.type, data: stored.data } as E);
    expected = stored.revision;
  }
  return { state, expected };
};

const MAX_ATTEMPTS = 3;

/** The decided events, and where they landed in the global order (to wait for a read model to catch up). */
export type CommandOutcome<E> = Readonly<{ events: readonly E[]; position?: GlobalPosition }>;

/**
 * Read the stream → fold the state → decide → append at the revision just read. A concurrent writer makes the
 * append fail with WrongExpectedRevisionError: re-read and re-decide (up to three attempts), then let the error reach
 * the edge (409).
 * Stored events are trusted as the decider's own (the one cast; upcasting would go here).
 */
export const handleCommand = async <S, C, E extends { type: string; data: object }>(
  store: EventStore,
  streamId: string,
  decider: CommandDecider<S, C, E>,
  command: C,
  metadata: EventMetadata = {},
  /**
   * The id of the i-th decided event (random by default). Derive it from the cause when the same command may be
   * handled again (a replayed trigger), so that a retried append is recognised as the same event.
   */
  eventIdOf: (index: number) => string = () => randomUUID(),
): Promise<CommandOutcome<E>> => {
  for (let attempt = 1; ; attempt += 1) {
    const { state, expected } = await readState(store, streamId, decider);
    const events = decider.decide(command, state);
    if (events.length === 0) {
      return { events };
    }
    try {
      const { position } = await store.append(
        streamId,
        events.map((event, index) => ({ id: eventIdOf(index), type: event.type, data: event.data, metadata })),
        expected,
      );
      return { events, position };
    } catch (error) {
      if (!(error instanceof WrongExpectedRevisionError) || attempt >= MAX_ATTEMPTS) {
        throw error;
      }
    }
  }
};

export const isWrongRevision = (error: unknown): boolean => error instanceof WrongExpectedRevisionError;
