// End to end, all in one process but each app as it runs in production: the API (cameras API, default rules), the
// rule engine and the recorder worker, on one database and one queue prefix, with a simulated camera (real ONVIF
// events, real RTSP, real ffmpeg). Record on Motion: motion on the camera records from 3 s before the motion to 3 s
// after it stopped.
import type { INestApplication } from '@nestjs/common';
import {
  cameraStream,
  communicationStream,
  recordingStream,
  type RecordingStarted,
  type RecordingStopped,
  type StoredEvent,
} from '@vigil/domain';
import { readAllOf } from '../../../libs/infrastructure/src/testing/event-store.fixtures';
import { eventually } from '../../../libs/infrastructure/src/testing/wait.fixtures';
import { RecordingService } from './recording/recording.service';
import { startCameraSite, type CameraSite } from './testing/camera-site.test-bed';

const CREDENTIALS = { username: 'admin', password: 'M0tion-Pass' };
const GOP_MS = 1_000; // the simulator's stream: an IDR every second
const SLACK_MS = 250; // arrival jitter of a keyframe

describe('Record on Motion end to end (API, rule engine, recorder worker, simulated camera)', () => {
  let site: CameraSite;
  let recorder: INestApplication;
  let cameraId: string;

  const eventsOf = (stream: string): Promise<StoredEvent[]> => readAllOf(site.store.readStream(stream));
  const waitFor = <T>(stream: string, type: string, what = `${type} on ${stream}`): Promise<T> =>
    eventually(
      async () => (await eventsOf(stream)).find((event) => event.type === type)?.data as T | undefined,
      what,
      60_000,
    );

  beforeAll(async () => {
    // Given a camera added through the API, the rule engine (default rules) and the default recorder
    site = await startCameraSite(CREDENTIALS);
    cameraId = site.cameraId;
    await site.startRuleEngine();
    recorder = await site.startRecorder({ PRE_BUFFER_SECONDS: '6', COMMUNICATION_ERROR_DEBOUNCE_SECONDS: '1' });
  });

  afterAll(async () => {
    await site?.close();
  });

  it('given Record on Motion, when motion starts and stops on the camera, then the recording runs from 3 s before the motion to 3 s after it stopped', async () => {
    // Given the camera streaming to its recorder with more than 3 s of pre-buffer, and its events followed
    const camera = site.camera;
    await waitFor(communicationStream(cameraId), 'CommunicationStarted');
    await eventually(() => camera.subscriptionCount() > 0, 'the pull-point subscription');
    await eventually(() => {
      const since = recorder.get(RecordingService).recorderOf(cameraId)?.bufferedSince;
      return since !== undefined && since < Date.now() - 4_500;
    }, 'a 4.5 s pre-buffer');

    // When motion starts, and stops once the recording runs
    camera.startMotion();
    const motionStarted = await waitFor<{ at: number }>(cameraStream(cameraId), 'MotionStarted');
    const started = await waitFor<RecordingStarted['data']>(recordingStream(cameraId), 'RecordingStarted');
    camera.stopMotion();
    const motionStopped = await eventually(
      async () =>
        (await eventsOf(cameraStream(cameraId))).find((event) => event.type === 'MotionStopped')?.data as
          { at: number } | undefined,
      'MotionStopped',
    );
    const stopped = await waitFor<RecordingStopped['data']>(recordingStream(cameraId), 'RecordingStopped');

    // Then the recording covers [motion − 3 s, motion stopped + 3 s], its media from at most one GOP earlier
    expect(started.from).toBe(started.triggeredAt - 3_000);
    expect(started.triggeredAt).toBe(motionStarted.at);
    expect(stopped.to).toBeGreaterThanOrEqual(motionStopped.at + 3_000);
    expect(stopped.media?.from).toBeLessThanOrEqual(motionStarted.at - 3_000 + SLACK_MS);
    expect(stopped.media?.from).toBeGreaterThanOrEqual(motionStarted.at - 3_000 - GOP_MS - SLACK_MS);
    expect(stopped.media?.to).toBeGreaterThanOrEqual(motionStopped.at + 3_000 - SLACK_MS);
  });
});
