import { randomUUID } from 'node:crypto';
import { cameraPasswordPurpose, cameraStream, DEFAULT_RECORDING_SETTINGS } from '@vigil/domain';
import { PostgresEventStore, SecretBox } from '@vigil/infrastructure';
import { createTestDatabase, type TestDatabase } from '../../../../libs/infrastructure/src/testing/test-database';
import { eventually } from '../../../../libs/infrastructure/src/testing/wait.fixtures';
import { RegistryCameraSource } from './registry-camera.source';

describe('the recorder cameras from the camera registry', () => {
  let database: TestDatabase;
  let store: PostgresEventStore;
  const secrets = SecretBox.fromKeyMaterial('a-test-secrets-key-of-at-least-32-chars');

  const add = async (cameraId: string, password: string, more: { type: string; data: object }[] = []) => {
    const events = [
      {
        type: 'CameraAdded',
        data: {
          name: cameraId,
          address: `http://${cameraId}.local/onvif/device_service`,
          username: 'operator',
          encryptedPassword: secrets.encrypt(password, cameraPasswordPurpose(cameraId)),
          capabilities: {
            profiles: [
              {
                token: 'main',
                name: 'Main',
                encoding: 'H264',
                width: 1920,
                height: 1080,
                streamUri: `rtsp://${cameraId}.local/main`,
              },
              {
                token: 'sub',
                name: 'Sub',
                encoding: 'H264',
                width: 640,
                height: 360,
                streamUri: `rtsp://${cameraId}.local/sub`,
              },
            ],
            ptz: { supported: false, presets: [] },
            inputs: [],
            outputs: [],
          },
          recording: DEFAULT_RECORDING_SETTINGS,
        },
      },
      ...more,
    ];
    await store.append(
      cameraStream(cameraId),
      events.map((event) => ({
        id: randomUUID(),
        type: event.type,
        data: { cameraId, byUserId: 'admin', at: 1, ...event.data },
      })),
      'any',
    );
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    store = new PostgresEventStore({ connectionString: database.url, poolSize: 2 });
  });
  afterAll(async () => {
    await store.close();
    await database.drop();
  });

  it('given cameras in the registry, then a recorder gets its own with the primary stream and the password, and nothing else', async () => {
    // Given lobby (assigned to none), dock (recorder-2), gate (recorder-2, with motion in its stream), and yard
    // (recorder-2, pre-buffer 10 s on disk)
    await add('lobby', 'lobby-secret');
    await add('dock', 'dock-secret', [{ type: 'CameraAssignedToRecorder', data: { recorderId: 'recorder-2' } }]);
    await add('gate', 'gate-secret', [{ type: 'CameraAssignedToRecorder', data: { recorderId: 'recorder-2' } }]);
    await store.append(
      cameraStream('gate'),
      [{ id: randomUUID(), type: 'MotionStarted', data: { cameraId: 'gate', at: 2 } }],
      'any',
    );
    await add('yard', 'yard-secret', [
      { type: 'CameraAssignedToRecorder', data: { recorderId: 'recorder-2' } },
      {
        type: 'CameraRecordingSettingsChanged',
        data: { recording: { enabled: true, preBuffer: { enabled: true, location: 'disk', seconds: 10 } } },
      },
    ]);

    // When recorder-2 and the default recorder ask
    const second = await new RegistryCameraSource(store, secrets, 'recorder-2', 'recorder-1').cameras();
    const first = await new RegistryCameraSource(store, secrets, 'recorder-1', 'recorder-1').cameras();

    // Then
    expect(second.map((camera) => camera.cameraId).sort()).toEqual(['dock', 'gate', 'yard']);
    expect(second.find((camera) => camera.cameraId === 'dock')).toEqual({
      cameraId: 'dock',
      rtspUri: 'rtsp://dock.local/main',
      username: 'operator',
      password: 'dock-secret',
      preBufferSeconds: 3,
      preBufferLocation: 'memory',
      onvif: { address: 'http://dock.local/onvif/device_service', inputs: [], outputs: [] },
    });
    expect(second.find((camera) => camera.cameraId === 'yard')).toMatchObject({
      preBufferSeconds: 10,
      preBufferLocation: 'disk',
    });
    expect(first.map((camera) => camera.cameraId)).toEqual(['lobby']);
  });

  it('given a password sealed with another key, then that camera is left out rather than failing the worker', async () => {
    const other = SecretBox.fromKeyMaterial('another-secrets-key-of-at-least-32-chars!');
    await store.append(
      cameraStream('attic'),
      [
        {
          id: randomUUID(),
          type: 'CameraAdded',
          data: {
            cameraId: 'attic',
            name: 'attic',
            address: 'http://attic.local/onvif/device_service',
            username: 'operator',
            encryptedPassword: other.encrypt('attic-secret', cameraPasswordPurpose('attic')),
            capabilities: {
              profiles: [
                {
                  token: 'main',
                  name: 'Main',
                  encoding: 'H264',
                  width: 640,
                  height: 360,
                  streamUri: 'rtsp://attic.local/main',
                },
              ],
              ptz: { supported: false, presets: [] },
              inputs: [],
              outputs: [],
            },
            recording: DEFAULT_RECORDING_SETTINGS,
            byUserId: 'admin',
            at: 1,
          },
        },
      ],
      'no_stream',
    );

    const cameras = await new RegistryCameraSource(store, secrets, 'recorder-1', 'recorder-1').cameras();

    expect(cameras.map((camera) => camera.cameraId)).not.toContain('attic');
  });

  it('given more cameras assigned than the recorder takes, then it records the oldest ones up to its capacity', async () => {
    // Given three cameras assigned to recorder-9, added one after the other
    for (const cameraId of ['first', 'second', 'third']) {
      await add(cameraId, `${cameraId}-secret`, [
        { type: 'CameraAssignedToRecorder', data: { recorderId: 'recorder-9' } },
      ]);
    }
    // When recorder-9 takes at most two
    const cameras = await new RegistryCameraSource(store, secrets, 'recorder-9', 'recorder-1', 2).cameras();
    // Then it records the first two added
    expect(cameras.map((camera) => camera.cameraId)).toEqual(['first', 'second']);
  });

  it('given a recorder following the registry, when a camera is assigned to it, then it is told the new set', async () => {
    // Given recorder-5 following the registry, with no camera
    const sets: string[][] = [];
    const follow = await new RegistryCameraSource(store, secrets, 'recorder-5', 'recorder-1').follow((cameras) => {
      sets.push(cameras.map((camera) => camera.cameraId));
      return Promise.resolve();
    });
    try {
      expect(sets).toEqual([[]]);
      // When a camera is added and assigned to it, then the set with it arrives
      await add('porch', 'porch-secret', [{ type: 'CameraAssignedToRecorder', data: { recorderId: 'recorder-5' } }]);
      await eventually(() => sets.at(-1)?.includes('porch'), 'the new set');
      // and an event that changes nothing for it (motion) tells nothing
      const told = sets.length;
      await store.append(
        cameraStream('porch'),
        [{ id: randomUUID(), type: 'MotionStarted', data: { cameraId: 'porch', at: 2 } }],
        'any',
      );
      await add('elsewhere', 'elsewhere-secret', [
        { type: 'CameraAssignedToRecorder', data: { recorderId: 'recorder-6' } },
      ]);
      await store.append(
        cameraStream('porch'),
        [{ id: randomUUID(), type: 'CameraDisabled', data: { cameraId: 'porch', byUserId: 'admin', at: 3 } }],
        'any',
      );
      // When it is disabled, then the set without it arrives, and nothing came in between
      await eventually(() => sets.length > told, 'the set without the disabled camera');
      expect(sets.slice(told)).toEqual([[]]);
    } finally {
      await follow.close();
    }
  });
});
