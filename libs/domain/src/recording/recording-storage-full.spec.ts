import {
  decideRecording,
  initialRecordingState,
  type CameraRecordingEvent,
  type CameraRecordingState,
  type RecordingCommand,
} from './recording-session';

const CAMERA = 'cam-1';
const T = 1_800_000_000_000;

/** Given commands already decided, when one more command, then these events. */
const given = (history: readonly RecordingCommand[]) => {
  const state = history.reduce<CameraRecordingState>(
    (current, command) => decideRecording(current, command).state,
    initialRecordingState(CAMERA),
  );
  return {
    when: (command: RecordingCommand) => {
      const decision = decideRecording(state, command);
      return {
        ...decision,
        then: (events: readonly CameraRecordingEvent[]) => expect(decision.events).toEqual(events),
      };
    },
  };
};

const start = (sessionId: string, at: number): RecordingCommand => ({
  type: 'StartRecording',
  sessionId,
  triggeredAt: at,
  preBufferSeconds: 3,
  recordingId: `rec-${sessionId}`,
  now: at,
});
const stop = (sessionId: string, at: number): RecordingCommand => ({
  type: 'StopRecording',
  sessionId,
  stopAt: at,
  now: at,
});
const full = (at: number): RecordingCommand => ({ type: 'StorageFull', now: at });
const available = (recordingId: string, at: number): RecordingCommand => ({
  type: 'StorageAvailable',
  recordingId,
  now: at,
});

describe('recording when the storage is full', () => {
  it('given a recording, when the storage is full, then it stops now', () => {
    given([start('s1', T)])
      .when(full(T + 5_000))
      .then([
        {
          type: 'RecordingStopped',
          data: {
            cameraId: CAMERA,
            recordingId: 'rec-s1',
            sessionIds: ['s1'],
            from: T - 3_000,
            to: T + 5_000,
            at: T + 5_000,
          },
        },
      ]);
  });

  it('given a recording stopped by a full storage, when there is room again, then its sessions record again as a new recording', () => {
    given([start('s1', T), start('s2', T + 1_000), full(T + 5_000)])
      .when(available('rec-again', T + 9_000))
      .then([
        {
          type: 'RecordingStarted',
          data: {
            cameraId: CAMERA,
            recordingId: 'rec-again',
            sessionIds: ['s1', 's2'],
            from: T + 9_000,
            triggeredAt: T + 9_000,
            at: T + 9_000,
          },
        },
      ]);
  });

  it('given a full storage, when a rule starts recording, then nothing starts until there is room', () => {
    const whenFull = given([full(T)]).when(start('s1', T + 1_000));
    expect(whenFull.events).toEqual([]);

    given([full(T), start('s1', T + 1_000)])
      .when(available('rec-later', T + 4_000))
      .then([
        {
          type: 'RecordingStarted',
          data: {
            cameraId: CAMERA,
            recordingId: 'rec-later',
            sessionIds: ['s1'],
            from: T + 4_000,
            triggeredAt: T + 4_000,
            at: T + 4_000,
          },
        },
      ]);
  });

  it('given sessions that stopped while the storage was full, when there is room again, then nothing records', () => {
    given([start('s1', T), full(T + 1_000), stop('s1', T + 2_000)])
      .when(available('rec-again', T + 3_000))
      .then([]);
  });

  it('given a full storage, when it is full again, then nothing more happens; and a stop of the new recording ends it', () => {
    given([start('s1', T), full(T + 1_000)])
      .when(full(T + 2_000))
      .then([]);

    given([start('s1', T), full(T + 1_000), available('rec-again', T + 2_000)])
      .when(stop('s1', T + 3_000))
      .then([
        {
          type: 'RecordingStopped',
          data: {
            cameraId: CAMERA,
            recordingId: 'rec-again',
            sessionIds: ['s1'],
            from: T + 2_000,
            to: T + 3_000,
            at: T + 3_000,
          },
        },
      ]);
  });

  it('given a session that stopped while the storage was full, when it is started again (a retried job), then it is not held again', () => {
    given([start('s1', T), full(T + 1_000), stop('s1', T + 2_000), available('rec-again', T + 3_000)])
      .when(start('s1', T + 4_000))
      .then([]);
  });
});
