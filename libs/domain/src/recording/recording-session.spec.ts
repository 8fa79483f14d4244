import {
  decideRecording,
  initialRecordingState,
  nextRecordingDueAt,
  type CameraRecordingEvent,
  type CameraRecordingState,
  type RecordingCommand,
} from './recording-session';

type Like = Readonly<{ type: CameraRecordingEvent['type']; data?: Readonly<Record<string, unknown>> }>;

const CAMERA = 'cam-1';
const T = 1_800_000_000_000;

/** Given commands already decided, when one more command, then these events. */
const given = (history: readonly RecordingCommand[]) => {
  const state = history.reduce<CameraRecordingState>(
    (current, command) => decideRecording(current, command).state,
    initialRecordingState(CAMERA),
  );
  return {
    state,
    when: (command: RecordingCommand) => {
      const decision = decideRecording(state, command);
      return {
        ...decision,
        then: (events: readonly CameraRecordingEvent[]) => expect(decision.events).toEqual(events),
        /** The events, each compared on the fields given. */
        thenLike: (events: readonly Like[]) => expect(decision.events).toMatchObject(events),
      };
    },
  };
};

const start = (sessionId: string, at: number, preBufferSeconds = 3): RecordingCommand => ({
  type: 'StartRecording',
  sessionId,
  triggeredAt: at,
  preBufferSeconds,
  recordingId: `rec-${sessionId}`,
  now: at,
});
const stop = (sessionId: string, at: number, delaySeconds = 0): RecordingCommand => ({
  type: 'StopRecording',
  sessionId,
  stopAt: at + delaySeconds * 1000,
  now: at,
});
const tick = (now: number): RecordingCommand => ({ type: 'Tick', now });

describe('recording sessions of a camera', () => {
  it('starts a recording that keeps everything from trigger − pre-buffer', () =>
    given([])
      .when(start('s1', T))
      .then([
        {
          type: 'RecordingStarted',
          data: { cameraId: CAMERA, recordingId: 'rec-s1', sessionIds: ['s1'], from: T - 3000, triggeredAt: T, at: T },
        },
      ]));

  it('stops immediately when its only session stops', () =>
    given([start('s1', T)])
      .when(stop('s1', T + 10_000))
      .then([
        {
          type: 'RecordingStopped',
          data: {
            cameraId: CAMERA,
            recordingId: 'rec-s1',
            sessionIds: ['s1'],
            from: T - 3000,
            to: T + 10_000,
            at: T + 10_000,
          },
        },
      ]));

  it('stops N seconds after the stop when the rule says so', () => {
    const stopping = given([start('s1', T), stop('s1', T + 10_000, 3)]);
    expect(nextRecordingDueAt(stopping.state)).toBe(T + 13_000);
    stopping.when(tick(T + 12_999)).then([]);
    stopping.when(tick(T + 13_000)).thenLike([{ type: 'RecordingStopped', data: { to: T + 13_000 } }]);
  });

  it('keeps one recording through overlapping sessions until the last stop', () => {
    const both = given([start('s1', T), start('s2', T + 2_000, 5)]);
    // the second start joins: no second RecordingStarted, and its earlier pre-buffer widens the recording
    expect(both.state.recording).toMatchObject({ recordingId: 'rec-s1', from: T - 3000, sessionIds: ['s1', 's2'] });
    const oneStopped = both.when(stop('s1', T + 5_000));
    expect(oneStopped.events).toEqual([]);
    given([start('s1', T), start('s2', T + 2_000, 5), stop('s1', T + 5_000)])
      .when(stop('s2', T + 8_000))
      .thenLike([{ type: 'RecordingStopped', data: { sessionIds: ['s1', 's2'], from: T - 3000, to: T + 8_000 } }]);
  });

  it('ends at the latest stop asked for, even when a later stop is shorter', () =>
    given([start('s1', T), start('s2', T), stop('s1', T + 1_000, 30)])
      .when(stop('s2', T + 2_000))
      .then([]));

  it('ignores a stop without its start, a repeated start and a start after its own stop', () => {
    given([]).when(stop('nobody', T)).then([]);
    given([start('s1', T)])
      .when(start('s1', T + 1))
      .then([]);
    given([start('s1', T), stop('s1', T + 1)])
      .when(start('s1', T + 2))
      .then([]);
  });

  it('starts a new recording after the previous one ended', () =>
    given([start('s1', T), stop('s1', T + 1_000)])
      .when(start('s2', T + 60_000))
      .thenLike([{ type: 'RecordingStarted', data: { recordingId: 'rec-s2' } }]));

  it('resumes a recording after a restart of the worker, held by its sessions until their stops', () => {
    const resume: RecordingCommand = {
      type: 'ResumeRecording',
      recordingId: 'rec-s1',
      from: T - 3000,
      holders: [
        { sessionId: 's1', kind: 'rule' },
        { sessionId: 's2', kind: 'rule' },
      ],
      now: T + 60_000,
    };
    given([]).when(resume).then([]);
    // a recording whose sessions had all stopped before the restart ends at once, at its last stop
    given([])
      .when({ ...resume, holders: [{ sessionId: 's1', kind: 'rule', stopAt: T + 1_000 }] })
      .thenLike([{ type: 'RecordingStopped', data: { recordingId: 'rec-s1', to: T + 1_000 } }]);
    given([resume])
      .when(stop('s1', T + 61_000))
      .then([]);
    given([resume, stop('s1', T + 61_000)])
      .when(stop('s2', T + 62_000))
      .thenLike([
        {
          type: 'RecordingStopped',
          data: { recordingId: 'rec-s1', sessionIds: ['s1', 's2'], from: T - 3000, to: T + 62_000 },
        },
      ]);
  });

  describe('manual recording', () => {
    const manual = (sessionId: string, now: number, autoStopAt?: number): RecordingCommand => ({
      type: 'StartManualRecording',
      sessionId,
      userId: 'u1',
      recordingId: `rec-${sessionId}`,
      now,
      ...(autoStopAt === undefined ? {} : { autoStopAt }),
    });
    const stopManual = (
      sessionId: string,
      stopAt: number,
      reason: 'user' | 'auto-stop' = 'user',
      now = stopAt,
    ): RecordingCommand => ({ type: 'StopManualRecording', sessionId, reason, stopAt, now });

    it('has its own events and reports when its auto-stop is due', () =>
      given([])
        .when(manual('m1', T, T + 300_000))
        .thenLike([
          {
            type: 'ManualRecordingStarted',
            data: { cameraId: CAMERA, sessionId: 'm1', userId: 'u1', autoStopAt: T + 300_000, at: T },
          },
          { type: 'RecordingStarted', data: { sessionIds: ['m1'], from: T, triggeredAt: T } },
        ]));

    it('waits for its stop: time passing alone ends nothing (the auto-stop is a delayed job)', () => {
      const started = given([manual('m1', T, T + 300_000)]);
      expect(nextRecordingDueAt(started.state)).toBeUndefined();
      started.when(tick(T + 86_400_000)).then([]);
    });

    it('stops at the auto-stop instant with the reason auto-stop, even when the job runs late', () =>
      given([manual('m1', T, T + 300_000)])
        .when(stopManual('m1', T + 300_000, 'auto-stop', T + 302_000))
        .thenLike([
          {
            type: 'ManualRecordingStopped',
            data: { cameraId: CAMERA, sessionId: 'm1', reason: 'auto-stop', at: T + 300_000 },
          },
          { type: 'RecordingStopped', data: { recordingId: 'rec-m1', from: T, to: T + 300_000 } },
        ]));

    it('reports its stop once: the auto-stop after the operator stopped changes nothing, and the reverse', () => {
      given([manual('m1', T, T + 60_000), stopManual('m1', T + 5_000)])
        .when(stopManual('m1', T + 60_000, 'auto-stop'))
        .then([]);
      given([manual('m1', T, T + 60_000), stopManual('m1', T + 60_000, 'auto-stop')])
        .when(stopManual('m1', T + 61_000))
        .then([]);
      given([manual('m1', T, T + 60_000), stopManual('m1', T + 5_000)])
        .when(manual('m1', T + 6_000, T + 66_000))
        .then([]);
    });

    it('fires even when rules record, and rule recording goes on after it stops', () => {
      const both = given([start('s1', T)]).when(manual('m1', T + 1_000, T + 61_000));
      expect(both.events.map((event) => event.type)).toEqual(['ManualRecordingStarted']);
      given([start('s1', T), manual('m1', T + 1_000, T + 61_000)])
        .when(stopManual('m1', T + 2_000))
        .then([
          {
            type: 'ManualRecordingStopped',
            data: { cameraId: CAMERA, sessionId: 'm1', reason: 'user', at: T + 2_000 },
          },
        ]);
      given([start('s1', T), manual('m1', T + 1_000, T + 61_000), stopManual('m1', T + 2_000)])
        .when(stop('s1', T + 3_000))
        .thenLike([
          { type: 'RecordingStopped', data: { recordingId: 'rec-s1', sessionIds: ['s1', 'm1'], to: T + 3_000 } },
        ]);
    });

    it('keeps recording until a rule that started meanwhile stops, when the manual stop comes first', () =>
      given([manual('m1', T, T + 60_000), start('s1', T + 1_000), stopManual('m1', T + 2_000)])
        .when(stop('s1', T + 10_000))
        .thenLike([{ type: 'RecordingStopped', data: { recordingId: 'rec-m1', to: T + 10_000 } }]));

    it('after a restart, a manual holder noted with its stop is not reported again', () =>
      given([
        {
          type: 'ResumeRecording',
          recordingId: 'rec-s1',
          from: T,
          holders: [
            { sessionId: 's1', kind: 'rule' },
            { sessionId: 'm1', kind: 'manual', stopAt: T + 5_000 },
          ],
          now: T + 10_000,
        },
      ])
        .when(stopManual('m1', T + 60_000, 'auto-stop'))
        .then([]));
  });
});
