import { DEFAULT_RECORDING_SETTINGS } from '../cameras/camera';
import { parseRecorderJob } from '../jobs/recorder-jobs';
import { evaluateEvent, initialEngineState } from '../rule-engine/rule-evaluation';
import { indexOf, input, noProfiles, rule } from '../rule-engine/testing/rule-engine.fixtures';
import {
  decideManualRecordingStart,
  decideManualRecordingStop,
  lastReportedManualSession,
  manualRecordingView,
  type ManualRecordingStartInput,
  type ManualSession,
} from './manual-recording';

const CAMERA = 'c0ffee00-0000-4000-8000-000000000001';
const T = 1_800_000_000_000;
const camera = { cameraId: CAMERA, enabled: true, recording: DEFAULT_RECORDING_SETTINGS };
const startInput = (overrides: Partial<ManualRecordingStartInput> = {}): ManualRecordingStartInput => ({
  camera,
  last: undefined,
  lastSequence: 0,
  userId: 'u1',
  correlationId: 'req-1',
  now: T,
  ...overrides,
});
const active: ManualSession = {
  sessionId: `manual-${CAMERA}-3`,
  sequence: 3,
  userId: 'u1',
  startedAt: T - 10_000,
  autoStopAt: T + 290_000,
  stopped: false,
};

describe('manual recording decisions', () => {
  describe('start', () => {
    it('given an idle camera with the default settings, then it issues a start and an auto-stop delayed 5 minutes', () => {
      const decision = decideManualRecordingStart(startInput({ lastSequence: 3 }));
      const sessionId = `manual-${CAMERA}-4`;
      expect(decision).toEqual({
        outcome: 'start',
        session: { sessionId, sequence: 4, userId: 'u1', requestedAt: T, autoStopAt: T + 300_000, stopped: false },
        jobs: [
          {
            job: {
              name: 'StartManualRecording',
              data: { deviceId: CAMERA, sessionId, correlationId: 'req-1', userId: 'u1', autoStopAt: T + 300_000 },
            },
            jobId: `manual|${encodeURIComponent(sessionId)}|start`,
            issuedAt: T,
            delayMs: 0,
          },
          {
            job: {
              name: 'StopManualRecording',
              data: { deviceId: CAMERA, sessionId, correlationId: 'req-1', reason: 'auto-stop' },
            },
            jobId: `manual|${encodeURIComponent(sessionId)}|auto-stop`,
            issuedAt: T,
            delayMs: 300_000,
          },
        ],
      });
    });

    it('given a start decision, then its jobs keep their contract (parsed as the recorder parses them)', () => {
      const decision = decideManualRecordingStart(startInput());
      if (decision.outcome !== 'start') {
        throw new Error(`expected a start, got ${decision.outcome}`);
      }
      for (const { job } of decision.jobs) {
        expect(parseRecorderJob(job.name, JSON.parse(JSON.stringify(job.data)))).toEqual(job);
      }
    });

    it('given a shorter duration, then the auto-stop comes sooner; longer than the camera allows is refused', () => {
      const short = decideManualRecordingStart(startInput({ durationSeconds: 30 }));
      expect(short).toMatchObject({ outcome: 'start', session: { autoStopAt: T + 30_000 } });
      expect(short.outcome === 'start' && short.jobs[1]?.delayMs).toBe(30_000);
      for (const durationSeconds of [0, 301, 1.5]) {
        expect(decideManualRecordingStart(startInput({ durationSeconds }))).toMatchObject({
          outcome: 'refused',
          code: 'MANUAL_RECORDING_DURATION_INVALID',
        });
      }
    });

    it('given the camera allows 10 minutes, then that is the default and the limit', () => {
      const recording = { ...DEFAULT_RECORDING_SETTINGS, stopManualRecordingAfter: { enabled: true, minutes: 10 } };
      expect(decideManualRecordingStart(startInput({ camera: { ...camera, recording } }))).toMatchObject({
        session: { autoStopAt: T + 600_000 },
      });
      expect(
        decideManualRecordingStart(startInput({ camera: { ...camera, recording }, durationSeconds: 601 })),
      ).toMatchObject({ outcome: 'refused', code: 'MANUAL_RECORDING_DURATION_INVALID' });
    });

    it('given the auto-stop is off, then it records until stopped, or for a duration of up to a day', () => {
      const recording = { ...DEFAULT_RECORDING_SETTINGS, stopManualRecordingAfter: { enabled: false, minutes: 5 } };
      const endless = decideManualRecordingStart(startInput({ camera: { ...camera, recording } }));
      expect(endless.outcome === 'start' && endless.jobs.map(({ job }) => job.name)).toEqual(['StartManualRecording']);
      expect(endless.outcome === 'start' && endless.session.autoStopAt).toBeUndefined();
      expect(
        decideManualRecordingStart(startInput({ camera: { ...camera, recording }, durationSeconds: 86_400 })),
      ).toMatchObject({ outcome: 'start', session: { autoStopAt: T + 86_400_000 } });
      expect(
        decideManualRecordingStart(startInput({ camera: { ...camera, recording }, durationSeconds: 86_401 })),
      ).toMatchObject({ outcome: 'refused' });
    });

    it('given a disabled camera or recording off, then it is refused with its code', () => {
      expect(decideManualRecordingStart(startInput({ camera: { ...camera, enabled: false } }))).toMatchObject({
        outcome: 'refused',
        code: 'CAMERA_DISABLED',
      });
      const off = { ...DEFAULT_RECORDING_SETTINGS, enabled: false };
      expect(decideManualRecordingStart(startInput({ camera: { ...camera, recording: off } }))).toMatchObject({
        outcome: 'refused',
        code: 'CAMERA_RECORDING_DISABLED',
      });
    });

    it('given a manual recording running, then the answer is that session and nothing is issued', () => {
      expect(decideManualRecordingStart(startInput({ last: active, lastSequence: 3 }))).toEqual({
        outcome: 'recording',
        session: active,
      });
    });

    it('given the last session stopped or past its auto-stop, then a new session starts', () => {
      for (const last of [
        { ...active, stopped: true },
        { ...active, autoStopAt: T },
      ]) {
        expect(decideManualRecordingStart(startInput({ last, lastSequence: 3 }))).toMatchObject({
          outcome: 'start',
          session: { sequence: 4 },
        });
      }
    });
  });

  describe('stop', () => {
    const stopInput = (current: ManualSession | undefined) => ({
      cameraId: CAMERA,
      current,
      userId: 'u2',
      correlationId: 'req-2',
      now: T,
    });

    it('given a manual recording running, then the operator stop is issued and the auto-stop cancelled', () => {
      expect(decideManualRecordingStop(stopInput(active))).toEqual({
        outcome: 'stop',
        session: { ...active, stopped: true },
        job: {
          job: {
            name: 'StopManualRecording',
            data: {
              deviceId: CAMERA,
              sessionId: active.sessionId,
              correlationId: 'req-2',
              reason: 'user',
              userId: 'u2',
            },
          },
          jobId: `manual|${encodeURIComponent(active.sessionId)}|stop`,
          issuedAt: T,
          delayMs: 0,
        },
        cancelJobId: `manual|${encodeURIComponent(active.sessionId)}|auto-stop`,
      });
    });

    it('given nothing running (never started, stopped, or past its auto-stop), then it is idle', () => {
      for (const current of [undefined, { ...active, stopped: true }, { ...active, autoStopAt: T - 1 }]) {
        expect(decideManualRecordingStop(stopInput(current))).toEqual({ outcome: 'idle' });
      }
    });
  });

  describe('the last reported session', () => {
    const started = (n: number, at: number) => ({
      type: 'ManualRecordingStarted',
      data: { cameraId: CAMERA, sessionId: `manual-${CAMERA}-${n}`, userId: 'u1', autoStopAt: at + 300_000, at },
    });
    const stopped = (n: number, at: number) => ({
      type: 'ManualRecordingStopped',
      data: { cameraId: CAMERA, sessionId: `manual-${CAMERA}-${n}`, reason: 'user', at },
    });

    it('given events newest first, then it is the newest start, stopped when its stop came after it', () => {
      const recordingStarted = { type: 'RecordingStarted', data: {} };
      expect(
        lastReportedManualSession(CAMERA, [recordingStarted, started(2, T), stopped(1, T - 1), started(1, T - 9)]),
      ).toEqual({
        sessionId: `manual-${CAMERA}-2`,
        sequence: 2,
        userId: 'u1',
        startedAt: T,
        autoStopAt: T + 300_000,
        stopped: false,
      });
      expect(lastReportedManualSession(CAMERA, [stopped(2, T + 5), started(2, T)])).toMatchObject({
        sequence: 2,
        stopped: true,
      });
    });

    it('given no manual session of this API, then there is none', () => {
      const foreign = { type: 'ManualRecordingStarted', data: { cameraId: CAMERA, sessionId: 'other', at: T } };
      expect(lastReportedManualSession(CAMERA, [foreign])).toBeUndefined();
      expect(lastReportedManualSession(CAMERA, [])).toBeUndefined();
    });
  });

  describe('the view', () => {
    it('says starting until the recorder reported the session, then recording, and idle once over', () => {
      const requested: ManualSession = { sessionId: 's', sequence: 1, userId: 'u1', requestedAt: T, stopped: false };
      expect(manualRecordingView(CAMERA, requested, T)).toEqual({
        cameraId: CAMERA,
        recording: true,
        state: 'starting',
        sessionId: 's',
        startedBy: 'u1',
      });
      expect(manualRecordingView(CAMERA, active, T)).toMatchObject({ state: 'recording', startedAt: T - 10_000 });
      expect(manualRecordingView(CAMERA, active, T + 290_000)).toEqual({
        cameraId: CAMERA,
        recording: false,
        state: 'idle',
      });
    });
  });

  describe('use in rules (S2:6474-6476)', () => {
    it('given a rule on Manual Recording Started and Stopped of all cameras, then the recorder events start and stop it on that camera', () => {
      const allCameras = { kind: 'all', deviceKinds: ['cameras'] } as const;
      const index = indexOf([
        rule({
          id: 'r-manual',
          trigger: { kind: 'event', eventType: 'ManualRecordingStarted', sources: allCameras },
          stop: {
            criterion: { kind: 'onEvent', eventType: 'ManualRecordingStopped', sources: allCameras },
            actions: [{ type: 'StopRecording', delaySeconds: 0 }],
          },
        }),
      ]);
      const sessionId = `manual-${CAMERA}-1`;
      const started = evaluateEvent(
        initialEngineState(),
        input(
          'ManualRecordingStarted',
          { cameraId: CAMERA, sessionId, userId: 'u1', at: T },
          { streamId: `recording-${CAMERA}` },
        ),
        index,
        noProfiles,
      );
      expect(started.firings.map((firing) => [firing.ruleId, firing.phase])).toEqual([['r-manual', 'start']]);
      const stopped = evaluateEvent(
        started.state,
        input(
          'ManualRecordingStopped',
          { cameraId: CAMERA, sessionId, reason: 'auto-stop', at: T + 1 },
          { streamId: `recording-${CAMERA}` },
        ),
        index,
        noProfiles,
      );
      expect(stopped.firings.map((firing) => [firing.ruleId, firing.phase])).toEqual([['r-manual', 'stop']]);
    });
  });
});
