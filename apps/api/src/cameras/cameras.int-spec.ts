// Cameras and device groups through the API, against simulated ONVIF cameras over real HTTP.
import { cameraPasswordPurpose, OPERATOR_ROLE_ID } from '@vigil/domain';
import { SecretBox } from '@vigil/infrastructure';
import { SimulatedCamera } from '@vigil/media';
import { Client } from 'pg';
import { freePort } from '../../../../libs/infrastructure/src/testing/wait.fixtures';
import { bearer, login, OWNER_PASSWORD, startApiTestApp, type ApiTestApp, type Session } from '../testing/api-test-app';
import type { CameraView } from './cameras.dto';

const SECRETS_KEY = 's'.repeat(40);
const CAMERA_PASSWORD = 'Cam-s3cret-Pass!';
const CREDENTIALS = { username: 'admin', password: CAMERA_PASSWORD };
const PASSWORD = 'Str0ng-Passw0rd!';

const problemsOf = (body: unknown): string[] => (body as { details: { problems: string[] } }).details.problems;

describe('cameras API', () => {
  let api: ApiTestApp;
  let owner: Session;
  let lobby: SimulatedCamera;
  let gate: SimulatedCamera;
  let database: Client;

  const as = <T extends { set: (name: string, value: string) => T }>(call: T, session = owner): T =>
    call.set('Authorization', bearer(session));

  const startCamera = (name: string): Promise<SimulatedCamera> =>
    SimulatedCamera.start({
      name,
      credentials: CREDENTIALS,
      width: 640,
      height: 360,
      fps: 25,
      rtspUri: `rtsp://127.0.0.1:8554/${name}`,
      snapshot: Buffer.from([0xff, 0xd8, 0xff, 0xd9]),
      digitalInputs: 1,
      relayOutputs: 1,
    });

  const add = async (camera: SimulatedCamera, extra: object = {}): Promise<string> => {
    const response = await as(api.http().post('/api/cameras'))
      .send({ address: `127.0.0.1:${camera.port}`, ...CREDENTIALS, ...extra })
      .expect(201);
    return (response.body as { cameraId: string }).cameraId;
  };
  const view = async (cameraId: string): Promise<CameraView> =>
    (await as(api.http().get(`/api/cameras/${cameraId}`)).expect(200)).body as CameraView;

  beforeAll(async () => {
    [lobby, gate] = await Promise.all([startCamera('lobby-cam'), startCamera('gate-cam')]);
    api = await startApiTestApp({ VIGIL_SECRETS_KEY: SECRETS_KEY });
    owner = await login(api, 'owner', OWNER_PASSWORD);
    database = new Client({ connectionString: api.databaseUrl });
    await database.connect();
  });
  afterAll(async () => {
    await database.end();
    await api.close();
    await Promise.all([lobby.close(), gate.close()]);
  });

  it('adds a camera by address and credentials with what discovery found and the defaults, never showing the password', async () => {
    // When the owner adds the lobby camera by host:port
    const cameraId = await add(lobby);

    // Then it is enabled, named as the camera names itself, with its profile, PTZ presets, input and output,
    // recording on with a 3 s pre-buffer in memory, on no recorder, and only `hasPassword` says there is a password
    const camera = await view(cameraId);
    expect(camera).toEqual({
      cameraId,
      name: 'lobby-cam',
      enabled: true,
      address: `http://127.0.0.1:${lobby.port}/onvif/device_service`,
      username: 'admin',
      hasPassword: true,
      capabilities: {
        manufacturer: 'Vigil',
        model: expect.any(String) as string,
        firmwareVersion: expect.any(String) as string,
        serialNumber: 'SIM-lobby-cam',
        profiles: [
          {
            token: 'Profile_1',
            name: 'MainStream',
            encoding: 'H264',
            width: 640,
            height: 360,
            fps: 25,
            streamUri: 'rtsp://127.0.0.1:8554/lobby-cam',
            snapshotUri: lobby.snapshotUri,
          },
        ],
        ptz: {
          supported: true,
          presets: [
            { token: '1', name: 'Entrance' },
            { token: '2', name: 'Parking' },
            { token: '3', name: 'Gate' },
          ],
        },
        inputs: [{ deviceId: expect.any(String) as string, token: 'DigitalInput_1' }],
        outputs: [{ deviceId: expect.any(String) as string, token: 'RelayOutput_1' }],
      },
      recording: { enabled: true, preBuffer: { enabled: true, location: 'memory', seconds: 3 } },
      recorderId: null,
      createdAt: expect.any(String) as string,
      updatedAt: expect.any(String) as string,
    });
    const listed = (await as(api.http().get('/api/cameras')).expect(200)).body as CameraView[];
    expect(listed.map((one) => one.cameraId)).toContain(cameraId);
    expect(JSON.stringify(listed)).not.toContain(CAMERA_PASSWORD);
    expect(JSON.stringify(listed)).not.toMatch(/encryptedPassword|"password"/);

    // And adding the same address again is refused
    const again = await as(api.http().post('/api/cameras'))
      .send({ address: lobby.onvifUrl, ...CREDENTIALS })
      .expect(409);
    expect(again.body).toMatchObject({ code: 'CAMERA_ALREADY_ADDED' });
  });

  it('stores the password encrypted, in the event and in the table, so that only the secrets key opens it', async () => {
    // Given a camera
    const cameraId = await add(gate, { name: 'Gate' });

    // When the stored event and row are read
    const events = await database.query<{ type: string; data: { encryptedPassword?: string } }>(
      'SELECT type, data FROM event_store.events WHERE stream_id = $1 ORDER BY revision',
      [`camera-${cameraId}`],
    );
    const rows = await database.query<{ encrypted_password: string }>(
      'SELECT encrypted_password FROM config.cameras WHERE camera_id = $1',
      [cameraId],
    );
    const everything = await database.query<{ text: string }>(
      `SELECT string_agg(data::text, ' ') AS text FROM event_store.events`,
    );

    // Then the plain password is nowhere, and the ciphertext opens with the key, for this camera only
    expect(events.rows.map((row) => row.type)).toEqual(['CameraAdded']);
    const sealed = events.rows[0]?.data.encryptedPassword ?? '';
    expect(rows.rows[0]?.encrypted_password).toBe(sealed);
    expect(everything.rows[0]?.text).not.toContain(CAMERA_PASSWORD);
    expect(JSON.stringify(rows.rows)).not.toContain(CAMERA_PASSWORD);
    const box = SecretBox.fromKeyMaterial(SECRETS_KEY);
    expect(box.decrypt(sealed, cameraPasswordPurpose(cameraId))).toBe(CAMERA_PASSWORD);
    expect(() => box.decrypt(sealed, cameraPasswordPurpose('another'))).toThrow('cannot be decrypted');

    await as(api.http().delete(`/api/cameras/${cameraId}`)).expect(204);
  });

  it('refuses wrong credentials and an unreachable address with their codes, storing nothing', async () => {
    // Given an address where nothing listens
    const deadPort = await freePort();

    // When a camera is added with a wrong password, and at that address
    const refused = await as(api.http().post('/api/cameras'))
      .send({ address: gate.onvifUrl, username: 'admin', password: 'wr0ng-Pass' })
      .expect(422);
    const unreachable = await as(api.http().post('/api/cameras'))
      .send({ address: `127.0.0.1:${deadPort}`, ...CREDENTIALS })
      .expect(422);
    const invalid = await as(api.http().post('/api/cameras'))
      .send({ address: 'ftp://camera', ...CREDENTIALS })
      .expect(422);

    // Then each says why, without the password, and no camera was added
    expect(refused.body).toMatchObject({ code: 'CAMERA_AUTH_FAILED' });
    expect(JSON.stringify(refused.body)).not.toContain('wr0ng-Pass');
    expect(unreachable.body).toMatchObject({ code: 'CAMERA_UNREACHABLE' });
    expect(invalid.body).toMatchObject({ code: 'CAMERA_ADDRESS_INVALID' });
    const stored = await database.query('SELECT 1 FROM config.cameras WHERE address LIKE $1', [`%:${deadPort}/%`]);
    expect(stored.rowCount).toBe(0);
  });

  it('renames, disables, changes recording settings within the pre-buffer limits, assigns a recorder, rediscovers and removes', async () => {
    // Given a camera
    const cameraId = await add(gate, { name: 'Gate 2' });

    // When it is renamed and disabled, and its recording settings and recorder change
    await as(api.http().put(`/api/cameras/${cameraId}`))
      .send({ name: 'Back gate', enabled: false })
      .expect(204);
    const tooLong = await as(api.http().put(`/api/cameras/${cameraId}/recording`))
      .send({ preBuffer: { seconds: 16 } })
      .expect(422);
    await as(api.http().put(`/api/cameras/${cameraId}/recording`))
      .send({ enabled: false, preBuffer: { location: 'disk', seconds: 60 } })
      .expect(204);
    const onDisk = await view(cameraId);
    await as(api.http().put(`/api/cameras/${cameraId}/recording`))
      .send({ preBuffer: { location: 'memory' } })
      .expect(204);
    await as(api.http().put(`/api/cameras/${cameraId}/recorder`))
      .send({ recorderId: 'recorder-1' })
      .expect(204);
    await as(api.http().put(`/api/cameras/${cameraId}/recorder`))
      .send({ recorderId: 'no spaces' })
      .expect(422);
    await as(api.http().put(`/api/cameras/${cameraId}/recorder`))
      .send({})
      .expect(400);

    // Then each change shows, and a too long pre-buffer in memory was refused with its reason
    expect(problemsOf(tooLong.body)).toEqual([
      'PRE_BUFFER_MEMORY_LIMIT: a pre-buffer in memory holds at most 15 seconds; choose disk for more',
    ]);
    expect(onDisk.recording).toEqual({ enabled: false, preBuffer: { enabled: true, location: 'disk', seconds: 60 } });
    const changed = await view(cameraId);
    expect(changed).toMatchObject({
      name: 'Back gate',
      enabled: false,
      recording: { enabled: false, preBuffer: { enabled: true, location: 'memory', seconds: 15 } },
      recorderId: 'recorder-1',
    });

    // And rediscovery with the stored credentials finds the same, while a wrong password is refused and not kept
    const rediscovered = await as(api.http().post(`/api/cameras/${cameraId}/rediscover`))
      .send({})
      .expect(200);
    expect((rediscovered.body as CameraView).capabilities).toEqual(changed.capabilities);
    const wrong = await as(api.http().post(`/api/cameras/${cameraId}/rediscover`))
      .send({ password: 'wr0ng-Pass' })
      .expect(422);
    expect(wrong.body).toMatchObject({ code: 'CAMERA_AUTH_FAILED' });
    await as(api.http().post(`/api/cameras/${cameraId}/rediscover`))
      .send({ username: 'admin', password: CAMERA_PASSWORD })
      .expect(200);
    const types = await database.query<{ type: string }>(
      'SELECT type FROM event_store.events WHERE stream_id = $1 ORDER BY revision',
      [`camera-${cameraId}`],
    );
    expect(types.rows.map((row) => row.type)).toEqual([
      'CameraAdded',
      'CameraRenamed',
      'CameraDisabled',
      'CameraRecordingSettingsChanged',
      'CameraRecordingSettingsChanged',
      'CameraAssignedToRecorder',
      'CameraCredentialsChanged',
    ]);

    // And once removed it is gone
    await as(api.http().delete(`/api/cameras/${cameraId}`)).expect(204);
    await as(api.http().get(`/api/cameras/${cameraId}`)).expect(404);
    await as(api.http().delete(`/api/cameras/${cameraId}`)).expect(404);
  });

  it('keeps device groups of cameras and their inputs and outputs, refusing unknown members', async () => {
    // Given the lobby camera, its input and output
    const camera = ((await as(api.http().get('/api/cameras')).expect(200)).body as CameraView[]).find(
      (one) => one.name === 'lobby-cam',
    );
    const cameraId = camera?.cameraId ?? '';
    const inputId = camera?.capabilities.inputs[0]?.deviceId ?? '';

    // When a group is created, changed, and one with an unknown member is attempted
    const created = await as(api.http().post('/api/device-groups'))
      .send({ name: 'Entrance', memberIds: [cameraId, inputId] })
      .expect(201);
    const deviceGroupId = (created.body as { deviceGroupId: string }).deviceGroupId;
    await as(api.http().put(`/api/device-groups/${deviceGroupId}`))
      .send({ name: 'Entrance', description: 'Lobby', memberIds: [cameraId] })
      .expect(204);
    const unknown = await as(api.http().post('/api/device-groups'))
      .send({ name: 'Ghosts', memberIds: ['cam-9'] })
      .expect(422);

    // Then the group holds its members, and the unknown device is named
    expect((await as(api.http().get(`/api/device-groups/${deviceGroupId}`)).expect(200)).body).toEqual({
      id: deviceGroupId,
      name: 'Entrance',
      description: 'Lobby',
      memberIds: [cameraId],
    });
    expect(unknown.body).toMatchObject({
      code: 'DEVICE_GROUP_INVALID',
      details: { problems: ['UNKNOWN_DEVICE: device cam-9 does not exist'] },
    });
    expect((await as(api.http().get('/api/device-groups')).expect(200)).body).toHaveLength(1);

    // And rules and alarm definitions now accept the camera, its output and the group, and still refuse the unknown
    const alarm = (relatedCameraIds: string[], groupIds: string[]) => ({
      name: 'Lobby motion',
      triggeringEvent: { eventType: 'MotionStarted', sources: { kind: 'deviceGroups', groupIds } },
      relatedCameraIds,
    });
    await as(api.http().post('/api/alarm-definitions'))
      .send(alarm([cameraId], [deviceGroupId]))
      .expect(201);
    const refused = await as(api.http().post('/api/alarm-definitions'))
      .send(alarm(['cam-9'], ['g-9']))
      .expect(422);
    expect(problemsOf(refused.body)).toEqual(expect.arrayContaining(['UNKNOWN_DEVICE: device cam-9 does not exist']));
    const rule = (deviceId: string, outputId: string) => ({
      name: `Light the lobby ${deviceId}`,
      description: '',
      active: true,
      trigger: { kind: 'event', eventType: 'MotionStarted', sources: { kind: 'devices', deviceIds: [deviceId] } },
      conditions: [],
      actions: [{ type: 'ActivateOutput', outputIds: [outputId] }],
    });
    await as(api.http().post('/api/rules'))
      .send(rule(cameraId, camera?.capabilities.outputs[0]?.deviceId ?? ''))
      .expect(201);
    const unknownRule = await as(api.http().post('/api/rules')).send(rule('cam-9', 'out-9')).expect(422);
    expect(problemsOf(unknownRule.body)).toEqual(
      expect.arrayContaining([
        'UNKNOWN_DEVICE: device cam-9 does not exist',
        'UNKNOWN_OUTPUT: output out-9 does not exist',
      ]),
    );

    // And a group is deleted for good
    await as(api.http().delete(`/api/device-groups/${deviceGroupId}`)).expect(204);
    await as(api.http().get(`/api/device-groups/${deviceGroupId}`)).expect(404);
  });

  it('lets only holders of cameras.view read cameras, and of cameras.manage change them', async () => {
    // Given an operator (no camera administration)
    await as(api.http().post('/api/users'))
      .send({ userName: 'op', displayName: 'op', password: PASSWORD, roleIds: [OPERATOR_ROLE_ID] })
      .expect(201);
    const operator = await login(api, 'op', PASSWORD);

    // Then reading and adding are refused
    await as(api.http().get('/api/cameras'), operator).expect(403);
    await as(api.http().get('/api/device-groups'), operator).expect(403);
    await as(api.http().post('/api/cameras'), operator)
      .send({ address: lobby.onvifUrl, ...CREDENTIALS })
      .expect(403);
  });
});
