import {
  EventIdConflictError,
  WrongExpectedRevisionError,
  type AppendResult,
  type StreamAppend,
  type StreamAppendOutcome,
} from '@vigil/domain';

/**
 * One stream's append as an outcome of `appendToStreams`: its result, or the concurrency error it was refused with
 * (reported, so the other streams' outcomes are not lost). Anything else - the database away - is thrown.
 */
export const outcomeOf = async (streamId: string, append: Promise<AppendResult>): Promise<StreamAppendOutcome> => {
  try {
    return { streamId, appended: await append };
  } catch (error) {
    if (error instanceof WrongExpectedRevisionError || error instanceof EventIdConflictError) {
      return { streamId, refused: error };
    }
    throw error;
  }
};

/** `appendToStreams` for a store that appends stream by stream: each part as its own `append`, all at once. */
export const appendEachStream = (
  append: (part: StreamAppend) => Promise<AppendResult>,
  appends: readonly StreamAppend[],
): Promise<StreamAppendOutcome[]> => Promise.all(appends.map((part) => outcomeOf(part.streamId, append(part))));
