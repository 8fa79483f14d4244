// The PTZ and relay output adapters against a simulated camera over real HTTP (WS-Security, SOAP).
import { eventually, freePort } from '../../../infrastructure/src/testing/wait.fixtures';
import { SimulatedCamera } from '../simulator/simulated.camera';
import { withOnvifPtz } from './onvif-ptz';
import { setRelayOutputState } from './onvif-relay-outputs';

const CREDENTIALS = { username: 'admin', password: 'Ptz-s3cret' };

describe('ONVIF PTZ and relay outputs', () => {
  let camera: SimulatedCamera;
  let target: { address: string; username: string; password: string };

  beforeAll(async () => {
    camera = await SimulatedCamera.start({
      name: 'ptz-cam',
      credentials: CREDENTIALS,
      width: 640,
      height: 360,
      fps: 25,
      rtspUri: 'rtsp://127.0.0.1:8554/ptz-cam',
      snapshot: Buffer.from([0xff, 0xd8, 0xff, 0xd9]),
      relayOutputs: 2,
    });
    target = { address: camera.onvifUrl, ...CREDENTIALS };
  });
  afterAll(async () => {
    await camera.close();
  });

  it('lists the presets and goes to one: the head ends at its position', async () => {
    // when the adapter goes to preset 2 (Parking)
    const presets = await withOnvifPtz(target, async (ptz) => {
      await ptz.gotoPreset('2');
      return ptz.presets();
    });

    // then the camera's head is at Parking, and the presets are the camera's
    expect(presets).toEqual([
      { token: '1', name: 'Entrance' },
      { token: '2', name: 'Parking' },
      { token: '3', name: 'Gate' },
    ]);
    expect(camera.ptzPosition()).toEqual({ x: 0.5, y: -0.1, zoom: 0.5 });
    await expect(withOnvifPtz(target, (ptz) => ptz.status())).resolves.toEqual({
      position: { x: 0.5, y: -0.1, zoom: 0.5 },
      moving: false,
    });
  });

  it('goes home (the default preset) and moves relatively from there', async () => {
    // given the head at Gate
    await withOnvifPtz(target, (ptz) => ptz.gotoPreset('3'));

    // when it goes home, then moves by (0.25, -0.5, 0.5)
    await withOnvifPtz(target, async (ptz) => {
      await ptz.gotoHome();
      await ptz.relativeMove({ x: 0.25, y: -0.5, zoom: 0.5 });
    });

    // then it is there
    expect(camera.ptzPosition()).toEqual({ x: 0.25, y: -0.5, zoom: 0.5 });
  });

  it('moves continuously until stopped', async () => {
    // given the head at home
    await withOnvifPtz(target, (ptz) => ptz.gotoHome());

    // when it pans right, then stops once it has left home
    await withOnvifPtz(target, (ptz) => ptz.continuousMove({ x: 0.5, y: 0, zoom: 0 }));
    expect(await withOnvifPtz(target, (ptz) => ptz.status())).toMatchObject({ moving: true });
    await eventually(() => camera.ptzPosition().x > 0, 'the head to the right of home');
    await withOnvifPtz(target, (ptz) => ptz.stop());

    // then it rests where it got to, to the right of home
    const stopped = await withOnvifPtz(target, (ptz) => ptz.status());
    expect(stopped.moving).toBe(false);
    expect(stopped.position.x).toBeGreaterThan(0);
    expect(stopped.position.y).toBe(0);
  });

  it('refuses an unknown preset with PTZ_PRESET_UNKNOWN, not retryable, and leaves the head where it is', async () => {
    await withOnvifPtz(target, (ptz) => ptz.gotoPreset('1'));

    const failure = withOnvifPtz(target, (ptz) => ptz.gotoPreset('42</PresetToken><x>'));

    await expect(failure).rejects.toMatchObject({ code: 'PTZ_PRESET_UNKNOWN', retryable: false });
    expect(camera.ptzPosition()).toEqual({ x: -0.5, y: 0.2, zoom: 0 });
  });

  it('activates and deactivates a relay output', async () => {
    await setRelayOutputState(target, 'RelayOutput_2', 'active');
    expect(camera.relayOutputs()).toEqual({ RelayOutput_1: 'inactive', RelayOutput_2: 'active' });

    await setRelayOutputState(target, 'RelayOutput_2', 'inactive');
    expect(camera.relayOutputs()).toEqual({ RelayOutput_1: 'inactive', RelayOutput_2: 'inactive' });
  });

  it('refuses an unknown relay output with RELAY_OUTPUT_UNKNOWN', async () => {
    await expect(setRelayOutputState(target, 'RelayOutput_9', 'active')).rejects.toMatchObject({
      code: 'RELAY_OUTPUT_UNKNOWN',
      retryable: false,
    });
  });

  it('says CAMERA_AUTH_FAILED, not retryable, for wrong credentials', async () => {
    await expect(
      withOnvifPtz({ ...target, password: 'wr0ng-Secret' }, (ptz) => ptz.gotoPreset('1')),
    ).rejects.toMatchObject({ code: 'CAMERA_AUTH_FAILED', retryable: false });
  });

  it('says CAMERA_UNREACHABLE, retryable, when nothing answers', async () => {
    const port = await freePort();

    await expect(
      setRelayOutputState({ ...target, address: `127.0.0.1:${port}` }, 'RelayOutput_1', 'active'),
    ).rejects.toMatchObject({ code: 'CAMERA_UNREACHABLE', retryable: true });
    await expect(
      withOnvifPtz({ ...target, address: `127.0.0.1:${port}` }, (ptz) => ptz.gotoHome()),
    ).rejects.toMatchObject({ code: 'CAMERA_UNREACHABLE', retryable: true });
  });
});
