// Manual recording end to end (FEATURES 6.1.3), all in one process but each app as it runs in production: the API
// (cameras and manual recording routes) and the recorder worker, on one database and one queue prefix, with a
// simulated camera (real ONVIF, real RTSP, real ffmpeg). The rule's recording is a StartRecording job as the rule
// engine issues it. Waits on signals (events, files), never on time.
import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import {
  communicationStream,
  manualRecordingJobId,
  recorderQueueName,
  recordingStream,
  type ManualRecordingStarted,
  type ManualRecordingStopped,
  type ManualRecordingView,
  type RecordingStarted,
  type RecordingStopped,
  type StoredEvent,
} from '@vigil/domain';
import { createBullMqConnection, type PostgresEventStore } from '@vigil/infrastructure';
import { readRecordingIndex } from '@vigil/media';
import { Queue } from 'bullmq';
import type { ApiTestApp } from '../../api/src/testing/api-test-app';
import { readAllOf } from '../../../libs/infrastructure/src/testing/event-store.fixtures';
import { eventually } from '../../../libs/infrastructure/src/testing/wait.fixtures';
import { RecordingService } from './recording/recording.service';
import { startCameraSite, type CameraSite } from './testing/camera-site.test-bed';

const CREDENTIALS = { username: 'admin', password: 'Manual-Pass1' };
const SLACK_MS = 250; // arrival jitter of a segment

describe('manual recording end to end (API, recorder worker, simulated camera)', () => {
  let site: CameraSite;
  let api: ApiTestApp;
  let recorder: INestApplication;
  let store: PostgresEventStore;
  let cameraId: string;
  let authorization: string;
  let prefix: string;
  let queue: Queue;
  let connection: ReturnType<typeof createBullMqConnection>;

  const path = (): string => `/api/cameras/${cameraId}/manual-recording`;
  const eventsOf = (): Promise<StoredEvent[]> => readAllOf(store.readStream(recordingStream(cameraId)));
  const waitFor = <E extends { type: string; data: object }>(
    type: E['type'],
    matches: (data: E['data']) => boolean,
    what: string,
  ): Promise<E['data']> =>
    eventually(
      async () =>
        (await eventsOf()).find((event) => event.type === type && matches(event.data as E['data']))?.data as
          E['data'] | undefined,
      what,
      45_000,
    );
  const countOf = async (type: string, matches: (data: Record<string, unknown>) => boolean): Promise<number> =>
    (await eventsOf()).filter((event) => event.type === type && matches(event.data as Record<string, unknown>)).length;

  /** Waits until the recording folder holds a segment that ends after `at`. */
  const recordedPast = async (recordingId: string, at: number): Promise<void> => {
    const directory = recorder.get(RecordingService).recordingDirectory(cameraId, recordingId);
    await eventually(
      () => {
        try {
          return readRecordingIndex(directory).some((segment) => segment.end > at);
        } catch {
          return false;
        }
      },
      `recorded past ${at}`,
      30_000,
    );
  };

  const startManual = async (body: object = {}): Promise<ManualRecordingView> =>
    (await api.http().post(path()).set('Authorization', authorization).send(body).expect(202))
      .body as ManualRecordingView;
  const stopManual = async (): Promise<void> => {
    await api.http().delete(path()).set('Authorization', authorization).expect(202);
  };

  /** The recorder worker app as it runs in production (it reads its cameras when it starts). */
  const startRecorder = (): Promise<INestApplication> =>
    site.startRecorder({ COMMUNICATION_ERROR_DEBOUNCE_SECONDS: '1' });

  beforeAll(async () => {
    // Given a camera added through the API (assigned to no recorder: the default recorder records it)
    site = await startCameraSite(CREDENTIALS);
    ({ api, store, cameraId, authorization, prefix } = site);
    recorder = await startRecorder();
    connection = createBullMqConnection(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    queue = new Queue(recorderQueueName('recorder-1'), { connection, prefix });
    await eventually(
      async () =>
        (await readAllOf(store.readStream(communicationStream(cameraId)))).some(
          (event) => event.type === 'CommunicationStarted',
        ),
      'the camera streaming to its recorder',
      45_000,
    );
  });

  afterAll(async () => {
    await site?.close();
    await queue?.obliterate({ force: true });
    await queue?.close();
    await connection?.quit();
  });

  it('given an operator starts a manual recording, then it records with its own events, and their stop ends it (reason user)', async () => {
    // When the recording is started through the API
    const view = await startManual();
    const sessionId = view.sessionId!;

    // Then the recorder reports ManualRecordingStarted and RecordingStarted, and writes media
    const manualStarted = await waitFor<ManualRecordingStarted>(
      'ManualRecordingStarted',
      (data) => data.sessionId === sessionId,
      'ManualRecordingStarted',
    );
    expect(manualStarted).toMatchObject({ cameraId, autoStopAt: view.autoStopAt });
    const started = await waitFor<RecordingStarted>(
      'RecordingStarted',
      (data) => data.sessionIds.includes(sessionId),
      'RecordingStarted',
    );
    await recordedPast(started.recordingId, manualStarted.at + 1_000);
    const state = (await api.http().get(path()).set('Authorization', authorization).expect(200))
      .body as ManualRecordingView;
    expect(state).toMatchObject({ recording: true, state: 'recording', sessionId, startedAt: manualStarted.at });

    // When it is stopped through the API
    const stopRequested = Date.now();
    await stopManual();

    // Then ManualRecordingStopped (user) and RecordingStopped with what was written
    const manualStopped = await waitFor<ManualRecordingStopped>(
      'ManualRecordingStopped',
      (data) => data.sessionId === sessionId,
      'ManualRecordingStopped',
    );
    expect(manualStopped.reason).toBe('user');
    expect(manualStopped.at).toBeGreaterThanOrEqual(stopRequested);
    const stopped = await waitFor<RecordingStopped>(
      'RecordingStopped',
      (data) => data.recordingId === started.recordingId,
      'RecordingStopped',
    );
    expect(stopped).toMatchObject({ sessionIds: [sessionId], to: manualStopped.at });
    expect(stopped.media?.segments).toBeGreaterThan(0);
    expect(stopped.media?.to).toBeGreaterThanOrEqual(manualStopped.at - SLACK_MS);
    expect((await api.http().get(path()).set('Authorization', authorization).expect(200)).body).toMatchObject({
      recording: false,
    });

    // When its auto-stop runs anyway (as if it could not be cancelled in time), then nothing more is appended
    const appended = (await eventsOf()).length;
    const autoStop = await queue.add(
      'StopManualRecording',
      { deviceId: cameraId, sessionId, correlationId: randomUUID(), reason: 'auto-stop' },
      { jobId: manualRecordingJobId({ name: 'StopManualRecording', data: { sessionId, reason: 'auto-stop' } }) },
    );
    await eventually(async () => (await autoStop.getState()) === 'completed', 'the late auto-stop job ran');
    expect((await eventsOf()).length).toBe(appended);
    expect(await countOf('ManualRecordingStopped', (data) => data['sessionId'] === sessionId)).toBe(1);
  });

  it('given a short duration, then the auto-stop ends it at its instant with the reason auto-stop, reported once', async () => {
    // When a manual recording of 2 seconds is started
    const view = await startManual({ durationSeconds: 2 });
    const sessionId = view.sessionId!;

    // Then it stops by itself at the auto-stop instant
    const manualStopped = await waitFor<ManualRecordingStopped>(
      'ManualRecordingStopped',
      (data) => data.sessionId === sessionId,
      'the auto-stop',
    );
    expect(manualStopped).toMatchObject({ reason: 'auto-stop', at: view.autoStopAt });
    const started = await waitFor<RecordingStarted>(
      'RecordingStarted',
      (data) => data.sessionIds.includes(sessionId),
      'RecordingStarted',
    );
    const stopped = await waitFor<RecordingStopped>(
      'RecordingStopped',
      (data) => data.recordingId === started.recordingId,
      'RecordingStopped',
    );
    expect(stopped.to).toBe(view.autoStopAt);

    // And an operator's stop after it changes nothing: the stop is reported once
    await api.http().delete(path()).set('Authorization', authorization).expect(200);
    expect(await countOf('ManualRecordingStopped', (data) => data['sessionId'] === sessionId)).toBe(1);
  });

  it('given the recorder restarts during a manual recording, then its auto-stop still ends it (a durable delayed job)', async () => {
    // Given a manual recording of 4 seconds, running
    const view = await startManual({ durationSeconds: 4 });
    const sessionId = view.sessionId!;
    await waitFor<ManualRecordingStarted>(
      'ManualRecordingStarted',
      (data) => data.sessionId === sessionId,
      'ManualRecordingStarted',
    );
    const started = await waitFor<RecordingStarted>(
      'RecordingStarted',
      (data) => data.sessionIds.includes(sessionId),
      'RecordingStarted',
    );

    // When the recorder worker stops and starts again
    await site.stopRecorder(recorder);
    recorder = await startRecorder();

    // Then the auto-stop ends the resumed recording at its instant
    const manualStopped = await waitFor<ManualRecordingStopped>(
      'ManualRecordingStopped',
      (data) => data.sessionId === sessionId,
      'the auto-stop after the restart',
    );
    expect(manualStopped).toMatchObject({ reason: 'auto-stop', at: view.autoStopAt });
    const stopped = await waitFor<RecordingStopped>(
      'RecordingStopped',
      (data) => data.recordingId === started.recordingId,
      'RecordingStopped after the restart',
    );
    expect(stopped).toMatchObject({ sessionIds: [sessionId], to: view.autoStopAt });
  });

  it('given a rule records the camera, when a manual recording starts and stops, then it has its own events and the rule recording goes on', async () => {
    // Given a rule's StartRecording (as the rule engine issues it)
    const ruleSession = `rule-${randomUUID()}`;
    const rule = { deviceId: cameraId, ruleId: 'r-1', causationId: randomUUID(), correlationId: randomUUID() };
    await queue.add('StartRecording', {
      ...rule,
      triggeredAt: Date.now(),
      sessionId: ruleSession,
      preBufferSeconds: 0,
    });
    const started = await waitFor<RecordingStarted>(
      'RecordingStarted',
      (data) => data.sessionIds.includes(ruleSession),
      "the rule's RecordingStarted",
    );

    // When a manual recording starts: ManualRecordingStarted, and no second recording
    const view = await startManual();
    const sessionId = view.sessionId!;
    await waitFor<ManualRecordingStarted>(
      'ManualRecordingStarted',
      (data) => data.sessionId === sessionId,
      'ManualRecordingStarted',
    );
    expect(await countOf('RecordingStarted', (data) => (data['sessionIds'] as string[]).includes(sessionId))).toBe(0);

    // When it stops: ManualRecordingStopped (user), and the rule's recording goes on past it
    await stopManual();
    const manualStopped = await waitFor<ManualRecordingStopped>(
      'ManualRecordingStopped',
      (data) => data.sessionId === sessionId,
      'ManualRecordingStopped',
    );
    expect(manualStopped.reason).toBe('user');
    await recordedPast(started.recordingId, manualStopped.at + 2_000);
    expect(await countOf('RecordingStopped', (data) => data['recordingId'] === started.recordingId)).toBe(0);

    // When the rule stops, then the recording ends, held by both sessions
    await queue.add('StopRecording', { ...rule, triggeredAt: Date.now(), sessionId: ruleSession });
    const stopped = await waitFor<RecordingStopped>(
      'RecordingStopped',
      (data) => data.recordingId === started.recordingId,
      'RecordingStopped',
    );
    expect(stopped.sessionIds).toEqual([ruleSession, sessionId]);
    expect(stopped.to).toBeGreaterThan(manualStopped.at + 2_000);
    expect(stopped.media?.to).toBeGreaterThan(manualStopped.at + 2_000);
  });
});
