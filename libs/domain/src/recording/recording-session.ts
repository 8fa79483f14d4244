import type { EpochMs } from '../access/access.types';
import { assertNever } from '../shared/assert-never';
import type {
  ManualRecordingStarted,
  ManualRecordingStopped,
  RecordingStarted,
  RecordingStopped,
} from './recording.events';

/** How many ended session ids a camera remembers, so that a retried start of an ended session starts nothing. */
const ENDED_SESSIONS_KEPT = 256;

/** One reason to record: a rule's start (its `sessionId` pairs it with its stop) or an operator's manual start. */
export type RecordingHolder = Readonly<{
  sessionId: string;
  kind: 'rule' | 'manual';
  /** The earliest instant this holder wants kept (trigger − pre-buffer; manual: its start). */
  from: EpochMs;
  /** Set by the stop (a manual holder's: the operator's or the auto-stop): the instant recording may end for it. */
  stopAt?: EpochMs;
  /** Manual holders: ManualRecordingStopped was emitted (by the operator's stop or the auto-stop). */
  stopReported?: boolean;
  userId?: string;
}>;

export type ActiveRecording = Readonly<{
  recordingId: string;
  from: EpochMs;
  startedAt: EpochMs;
  /** Every session that held this recording, in arrival order. */
  sessionIds: readonly string[];
}>;

/** What one camera is recording and why. Pure data: the worker keeps one per camera. */
export type CameraRecordingState = Readonly<{
  cameraId: string;
  holders: readonly RecordingHolder[];
  recording?: ActiveRecording;
  endedSessionIds: readonly string[];
  /** The storage is full since then: holders are kept, nothing is recorded until StorageAvailable. */
  storageFullSince?: EpochMs;
}>;

export type RecordingCommand =
  | Readonly<{
      type: 'StartRecording';
      sessionId: string;
      triggeredAt: EpochMs;
      preBufferSeconds: number;
      /** The id a new recording gets (the caller derives it, so a replay gives the same id). */
      recordingId: string;
      now: EpochMs;
    }>
  /** `stopAt`: now for "stop immediately", or the stop's trigger + N seconds for "stop N seconds after". */
  | Readonly<{ type: 'StopRecording'; sessionId: string; stopAt: EpochMs; now: EpochMs }>
  | Readonly<{
      type: 'StartManualRecording';
      sessionId: string;
      userId?: string;
      /**
       * When the session's auto-stop is due (reported in ManualRecordingStarted), absent when "Stop manual recording
       * after" is off. The auto-stop itself is a StopManualRecording ('auto-stop') the caller issues at that instant
       * (a durable delayed job), so that it survives a restart of the worker.
       */
      autoStopAt?: EpochMs;
      recordingId: string;
      now: EpochMs;
    }>
  /** `stopAt`: now for the operator's stop, the due instant for the auto-stop (a job run late still ends there). */
  | Readonly<{
      type: 'StopManualRecording';
      sessionId: string;
      reason: ManualRecordingStopped['data']['reason'];
      stopAt: EpochMs;
      now: EpochMs;
    }>
  /**
   * After a restart of the worker: a recording whose RecordingStarted has no RecordingStopped goes on, held again
   * by the sessions that held it (their stops are still to come). Appends nothing.
   */
  | Readonly<{
      type: 'ResumeRecording';
      recordingId: string;
      from: EpochMs;
      holders: readonly Readonly<{ sessionId: string; kind: RecordingHolder['kind']; stopAt?: EpochMs }>[];
      now: EpochMs;
    }>
  /**
   * The storage has no room (FEATURES 6.4.5: "the system stops recording"): the recording in progress stops now;
   * its holders keep the camera, and starts meanwhile only join them.
   */
  | Readonly<{ type: 'StorageFull'; now: EpochMs }>
  /** Room again: the holders still there record again, as a new recording from now. */
  | Readonly<{ type: 'StorageAvailable'; recordingId: string; now: EpochMs }>
  /** Time passed: stops whose instant has come take effect. */
  | Readonly<{ type: 'Tick'; now: EpochMs }>;

export type CameraRecordingEvent =
  RecordingStarted | RecordingStopped | ManualRecordingStarted | ManualRecordingStopped;

export type RecordingDecision = Readonly<{ state: CameraRecordingState; events: readonly CameraRecordingEvent[] }>;

export const initialRecordingState = (cameraId: string): CameraRecordingState => ({
  cameraId,
  holders: [],
  endedSessionIds: [],
});

const isKnown = (state: CameraRecordingState, sessionId: string): boolean =>
  state.holders.some((holder) => holder.sessionId === sessionId) || state.endedSessionIds.includes(sessionId);

/** Adds a holder; starts the recording when none runs, else joins it (its `from` may move earlier). */
const hold = (
  state: CameraRecordingState,
  holder: RecordingHolder,
  recordingId: string,
  triggeredAt: EpochMs,
  now: EpochMs,
): RecordingDecision => {
  const holders = [...state.holders, holder];
  if (state.storageFullSince !== undefined) {
    return { state: { ...state, holders }, events: [] }; // recorded once the storage has room again
  }
  if (state.recording === undefined) {
    const recording: ActiveRecording = {
      recordingId,
      from: holder.from,
      startedAt: now,
      sessionIds: [holder.sessionId],
    };
    const started: RecordingStarted = {
      type: 'RecordingStarted',
      data: {
        cameraId: state.cameraId,
        recordingId,
        sessionIds: [holder.sessionId],
        from: holder.from,
        triggeredAt,
        at: now,
      },
    };
    return { state: { ...state, holders, recording }, events: [started] };
  }
  const recording: ActiveRecording = {
    ...state.recording,
    from: Math.min(state.recording.from, holder.from),
    sessionIds: [...state.recording.sessionIds, holder.sessionId],
  };
  return { state: { ...state, holders, recording }, events: [] };
};

const setStop = (state: CameraRecordingState, sessionId: string, stopAt: EpochMs): CameraRecordingState => ({
  ...state,
  holders: state.holders.map((holder) =>
    holder.sessionId === sessionId ? { ...holder, stopAt: Math.min(holder.stopAt ?? stopAt, stopAt) } : holder,
  ),
});

/**
 * Applies the stops that are due at `now`: when every holder has stopped, the recording ends at the latest stop asked
 * for (RecordingStopped). A holder whose stop is due while others still hold the camera waits for them, so a
 * recording ends only after its last stop.
 */
const tick = (state: CameraRecordingState, now: EpochMs): RecordingDecision => {
  const { holders, recording } = state;
  const allDue = holders.length > 0 && holders.every((holder) => holder.stopAt !== undefined && holder.stopAt <= now);
  if (!allDue) {
    return { state, events: [] };
  }
  const ended: CameraRecordingState = {
    cameraId: state.cameraId,
    holders: [],
    endedSessionIds: [...state.endedSessionIds, ...holders.map((holder) => holder.sessionId)].slice(
      -ENDED_SESSIONS_KEPT,
    ),
    ...(state.storageFullSince === undefined ? {} : { storageFullSince: state.storageFullSince }),
  };
  if (recording === undefined) {
    return { state: ended, events: [] }; // stopped while the storage was full: nothing was being recorded
  }
  const stopped: RecordingStopped = {
    type: 'RecordingStopped',
    data: {
      cameraId: state.cameraId,
      recordingId: recording.recordingId,
      sessionIds: recording.sessionIds,
      from: recording.from,
      to: Math.max(...holders.map((holder) => holder.stopAt ?? now)),
      at: now,
    },
  };
  return { state: ended, events: [stopped] };
};

const storageFull = (state: CameraRecordingState, now: EpochMs): RecordingDecision => {
  if (state.storageFullSince !== undefined) {
    return { state, events: [] };
  }
  const { recording, ...rest } = state;
  if (recording === undefined) {
    return { state: { ...rest, storageFullSince: now }, events: [] };
  }
  const stopped: RecordingStopped = {
    type: 'RecordingStopped',
    data: {
      cameraId: state.cameraId,
      recordingId: recording.recordingId,
      sessionIds: recording.sessionIds,
      from: recording.from,
      to: now,
      at: now,
    },
  };
  return { state: { ...rest, storageFullSince: now }, events: [stopped] };
};

const storageAvailable = (state: CameraRecordingState, recordingId: string, now: EpochMs): RecordingDecision => {
  if (state.storageFullSince === undefined) {
    return { state, events: [] };
  }
  const { storageFullSince: _, ...rest } = state;
  if (rest.holders.length === 0) {
    return { state: rest, events: [] };
  }
  const sessionIds = rest.holders.map((holder) => holder.sessionId);
  const recording: ActiveRecording = { recordingId, from: now, startedAt: now, sessionIds };
  const started: RecordingStarted = {
    type: 'RecordingStarted',
    data: { cameraId: state.cameraId, recordingId, sessionIds, from: now, triggeredAt: now, at: now },
  };
  return { state: { ...rest, recording }, events: [started] };
};

const apply = (state: CameraRecordingState, command: RecordingCommand): RecordingDecision => {
  switch (command.type) {
    case 'StartRecording': {
      if (isKnown(state, command.sessionId)) {
        return { state, events: [] }; // a retried start, or a start after its own stop: nothing more to do
      }
      const from = command.triggeredAt - Math.max(0, command.preBufferSeconds) * 1000;
      return hold(
        state,
        { sessionId: command.sessionId, kind: 'rule', from },
        command.recordingId,
        command.triggeredAt,
        command.now,
      );
    }
    case 'StopRecording':
      if (!state.holders.some((holder) => holder.sessionId === command.sessionId && holder.kind === 'rule')) {
        return { state, events: [] }; // a stop without its start (or repeated) is a no-op
      }
      return { state: setStop(state, command.sessionId, command.stopAt), events: [] };
    case 'StartManualRecording': {
      if (isKnown(state, command.sessionId)) {
        return { state, events: [] };
      }
      const { autoStopAt } = command;
      const holder: RecordingHolder = {
        sessionId: command.sessionId,
        kind: 'manual',
        from: command.now,
        ...(command.userId === undefined ? {} : { userId: command.userId }),
      };
      const held = hold(state, holder, command.recordingId, command.now, command.now);
      const started: ManualRecordingStarted = {
        type: 'ManualRecordingStarted',
        data: {
          cameraId: state.cameraId,
          sessionId: command.sessionId,
          ...(command.userId === undefined ? {} : { userId: command.userId }),
          ...(autoStopAt === undefined ? {} : { autoStopAt }),
          at: command.now,
        },
      };
      return { state: held.state, events: [started, ...held.events] };
    }
    case 'StopManualRecording': {
      const holder = state.holders.find((each) => each.sessionId === command.sessionId && each.kind === 'manual');
      if (holder === undefined || holder.stopReported === true) {
        return { state, events: [] };
      }
      // the operator's stop and the auto-stop race: whichever comes first ends the session, the other is a no-op
      const stopped: ManualRecordingStopped = {
        type: 'ManualRecordingStopped',
        data: { cameraId: state.cameraId, sessionId: command.sessionId, reason: command.reason, at: command.stopAt },
      };
      const next: CameraRecordingState = {
        ...state,
        holders: state.holders.map((each) =>
          each === holder ? { ...each, stopAt: command.stopAt, stopReported: true } : each,
        ),
      };
      return { state: next, events: [stopped] };
    }
    case 'ResumeRecording': {
      if (state.recording !== undefined || command.holders.length === 0) {
        return { state, events: [] };
      }
      const holders = command.holders.map((holder): RecordingHolder => ({
        sessionId: holder.sessionId,
        kind: holder.kind,
        from: command.from,
        // a manual holder noted with its stop was stopped (and reported) before the restart
        ...(holder.stopAt === undefined
          ? {}
          : { stopAt: holder.stopAt, ...(holder.kind === 'manual' ? { stopReported: true } : {}) }),
      }));
      const recording: ActiveRecording = {
        recordingId: command.recordingId,
        from: command.from,
        startedAt: command.now,
        sessionIds: holders.map((holder) => holder.sessionId),
      };
      return { state: { ...state, holders, recording }, events: [] };
    }
    case 'StorageFull':
      return storageFull(state, command.now);
    case 'StorageAvailable':
      return storageAvailable(state, command.recordingId, command.now);
    case 'Tick':
      return { state, events: [] };
    default:
      return assertNever(command);
  }
};

/**
 * Decides one command for one camera: stops already due at `command.now` are applied first, then the command, then
 * the stops it made due. Events come out in the order they happen.
 */
export const decideRecording = (state: CameraRecordingState, command: RecordingCommand): RecordingDecision => {
  const before = tick(state, command.now);
  const applied = apply(before.state, command);
  const after = tick(applied.state, command.now);
  return { state: after.state, events: [...before.events, ...applied.events, ...after.events] };
};

/** The next instant at which a Tick changes something (the last holder's stop comes due), if any. */
export const nextRecordingDueAt = (state: CameraRecordingState): EpochMs | undefined => {
  const stops = state.holders.map((holder) => holder.stopAt);
  return stops.length > 0 && stops.every((stopAt) => stopAt !== undefined) ? Math.max(...stops) : undefined;
};
