import { join } from 'node:path';
import { readFile } from 'node:fs/promises';
import { cameraStream, type StoredEvent } from '@vigil/domain';
import { PostgresEventStore } from '@vigil/infrastructure';
import { ensureSnapshotJpeg, SimulatedCamera } from '@vigil/media';
import { createTestDatabase, type TestDatabase } from '../../../../libs/infrastructure/src/testing/test-database';
import { eventually } from '../../../../libs/infrastructure/src/testing/wait.fixtures';
import { fixedCameras, type RecorderCamera } from '../recording/recorder-cameras.port';
import { DeviceEventsService } from './device-events.service';

const CACHE_DIR = join(__dirname, '../../../../.data/media');
const CREDENTIALS = { username: 'admin', password: 'Dev1ce-Events' };

describe('device events from a camera (real ONVIF pull point, real event store)', () => {
  let database: TestDatabase;
  let store: PostgresEventStore;
  let camera: SimulatedCamera;
  let service: DeviceEventsService;

  const stored = async (): Promise<StoredEvent[]> => {
    const events: StoredEvent[] = [];
    for await (const event of store.readStream(cameraStream('cam-1'))) {
      events.push(event);
    }
    return events;
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    store = new PostgresEventStore({ connectionString: database.url, poolSize: 2 });
    camera = await SimulatedCamera.start({
      name: 'cam-events',
      credentials: CREDENTIALS,
      width: 640,
      height: 360,
      fps: 25,
      rtspUri: 'rtsp://127.0.0.1:1/unused',
      snapshot: await readFile(await ensureSnapshotJpeg(CACHE_DIR, { width: 640, height: 360 })),
      rebootMs: 300,
    });
    const recorded: RecorderCamera = {
      cameraId: 'cam-1',
      rtspUri: 'rtsp://127.0.0.1:1/unused',
      ...CREDENTIALS,
      onvif: {
        address: `127.0.0.1:${camera.port}`,
        inputs: [{ deviceId: 'cam-1-door', token: 'DigitalInput_1' }],
      },
    };
    service = new DeviceEventsService(store, fixedCameras([recorded]));
    await service.onApplicationBootstrap();
  });

  afterAll(async () => {
    await service.onApplicationShutdown();
    await camera.close();
    await store.close();
    await database.drop();
  });

  it('given a subscribed camera, when motion starts and stops and an input goes active, then the device events are stored with the camera as source', async () => {
    // Given the worker's pull-point subscription
    await eventually(() => camera.subscriptionCount() > 0, 'the pull-point subscription');

    // When
    camera.startMotion();
    await eventually(async () => (await stored()).length >= 1, 'MotionStarted stored');
    camera.stopMotion();
    camera.setDigitalInput('DigitalInput_1', true);

    // Then
    await eventually(async () => (await stored()).length >= 3, 'three device events stored');
    const events = await stored();
    expect(events.map((event) => [event.type, { ...(event.data as object), at: 'an instant' }])).toEqual([
      ['MotionStarted', { cameraId: 'cam-1', at: 'an instant' }],
      ['MotionStopped', { cameraId: 'cam-1', at: 'an instant' }],
      ['InputActivated', { deviceId: 'cam-1-door', cameraId: 'cam-1', at: 'an instant' }],
    ]);
    expect(events.every((event) => typeof (event.data as { at?: unknown }).at === 'number')).toBe(true);
  });

  it('given a camera that reboots, then it is subscribed again and its motion still arrives', async () => {
    const before = (await stored()).length;

    await camera.reboot(300);
    await eventually(() => camera.subscriptionCount() > 0, 'a new subscription after the reboot');
    camera.startMotion();

    await eventually(
      async () => (await stored()).slice(before).some((event) => event.type === 'MotionStarted'),
      'motion after the reboot',
      60_000,
    );
  });
});
