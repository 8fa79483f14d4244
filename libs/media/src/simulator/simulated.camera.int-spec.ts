// The `onvif` package, as the recorder worker will use it, drives a simulated camera over real HTTP: connection
// with WS-Security, profiles and URIs, PTZ presets, relay outputs, pull-point events, wrong credentials, reboot.
import { readFile } from 'node:fs/promises';
import { get } from 'node:http';
import { join } from 'node:path';
import { Cam } from 'onvif';
import { eventually } from '../../../infrastructure/src/testing/wait.fixtures';
import { TOPICS } from './onvif.namespaces';
import { ensureSnapshotJpeg } from './media-loop.cache';
import { SimulatedCamera } from './simulated.camera';

const CACHE_DIR = join(__dirname, '../../../../.data/media');
const CREDENTIALS = { username: 'admin', password: 's3cret-Pass' };
const RTSP_URI = 'rtsp://127.0.0.1:8554/cam-test';

type Callback<T> = (error: Error | null, value?: T) => void;
/** Calls a callback-style Cam method and resolves with its result. */
const call = <T = unknown>(start: (callback: Callback<T>) => void): Promise<T> =>
  new Promise((resolve, reject) => start((error, value) => (error ? reject(error) : resolve(value as T))));

const connect = (camera: SimulatedCamera, password = CREDENTIALS.password): Promise<Cam> =>
  new Promise((resolve, reject) => {
    const cam: Cam = new Cam(
      { hostname: '127.0.0.1', port: camera.port, username: CREDENTIALS.username, password, timeout: 20_000 },
      (error) => (error ? reject(error) : resolve(cam)),
    );
  });

/** The onvif package's linerase'd notification, reduced to what the tests look at. */
type Notification = { topic: string; operation: string; source: Record<string, string>; data: Record<string, string> };
const items = (node: unknown): Record<string, string> => {
  const list = (node as { simpleItem?: unknown } | undefined)?.simpleItem;
  const array = (Array.isArray(list) ? list : list === undefined ? [] : [list]) as {
    $: { Name: string; Value: unknown };
  }[];
  return Object.fromEntries(array.map((item) => [item.$.Name, String(item.$.Value)]));
};
const toNotification = (raw: unknown): Notification => {
  const message = raw as {
    topic: { _: string };
    message: { message: { $: { PropertyOperation: string }; source?: unknown; data?: unknown } };
  };
  return {
    topic: message.topic._,
    operation: message.message.message.$.PropertyOperation,
    source: items(message.message.message.source),
    data: items(message.message.message.data),
  };
};

describe('SimulatedCamera driven by the onvif package', () => {
  let camera: SimulatedCamera;
  let snapshot: Buffer;
  const cams: Cam[] = [];

  beforeAll(async () => {
    snapshot = await readFile(await ensureSnapshotJpeg(CACHE_DIR, { width: 640, height: 360 }));
    camera = await SimulatedCamera.start({
      name: 'cam-test',
      credentials: CREDENTIALS,
      width: 640,
      height: 360,
      fps: 25,
      rtspUri: RTSP_URI,
      snapshot,
      rebootMs: 300,
    });
  });

  afterEach(() => {
    for (const cam of cams.splice(0)) {
      cam.removeAllListeners('event'); // ends the package's pull loop
    }
  });

  afterAll(async () => {
    await camera.close();
  });

  const connected = async (): Promise<Cam> => {
    const cam = await connect(camera);
    cams.push(cam);
    return cam;
  };

  it('connects with WS-Security and reads device information, the profile and the stream and snapshot URIs', async () => {
    // given a camera; when the package connects
    const cam = await connected();

    // then it found the profile with the configured encoder, and the URIs of this camera
    expect(cam.activeSource).toMatchObject({ profileToken: 'Profile_1', encoding: 'H264', width: 640, height: 360 });
    const info = await call<{ manufacturer?: string; serialNumber?: string }>((cb) => cam.getDeviceInformation(cb));
    expect(info).toMatchObject({ manufacturer: 'Vigil', serialNumber: 'SIM-cam-test' });
    const stream = await call<{ uri: string }>((cb) => cam.getStreamUri({ protocol: 'RTSP' }, cb));
    expect(stream.uri).toBe(RTSP_URI);
    const snap = await call<{ uri: string }>((cb) => cam.getSnapshotUri(cb));
    expect(snap.uri).toBe(camera.snapshotUri);
    const scopes = await call<unknown[]>((cb) => cam.getScopes(cb));
    expect(JSON.stringify(scopes)).toContain('onvif://www.onvif.org/name/cam-test');
  });

  it('serves the snapshot URI as a real JPEG', async () => {
    // when the snapshot URI is fetched
    const body = await new Promise<Buffer>((resolve, reject) => {
      get(camera.snapshotUri, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve(Buffer.concat(chunks)));
      }).on('error', reject);
    });

    // then it is a JPEG (SOI marker)
    expect(body.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
    expect(body.length).toBe(snapshot.length);
  });

  it('lists presets, and GotoPreset moves the simulated head there', async () => {
    // given a connected client
    const cam = await connected();
    const presets = await call<Record<string, { $: { token: string } }>>((cb) => cam.getPresets(cb));
    expect(Object.keys(presets)).toEqual(['Entrance', 'Parking', 'Gate']);

    // when it goes to preset "Parking"
    await call((cb) => cam.gotoPreset({ preset: presets.Parking!.$.token }, cb));

    // then the camera is there, and GetStatus says so
    expect(camera.ptzPosition()).toEqual({ x: 0.5, y: -0.1, zoom: 0.5 });
    const status = await call<{ position: { x: number; y: number; zoom: number } }>((cb) => cam.getStatus(cb));
    expect(status.position).toEqual({ x: 0.5, y: -0.1, zoom: 0.5 });

    // and home, absolute moves, a new preset and an unknown preset behave like a camera's
    await call((cb) => cam.gotoHomePosition({}, cb));
    expect(camera.ptzPosition()).toEqual({ x: 0, y: 0, zoom: 0 });
    await call((cb) => cam.absoluteMove({ x: 0.25, y: 0.5, zoom: 0.75 }, cb));
    const token = await call<unknown>((cb) => cam.setPreset({ presetName: 'Door' }, cb));
    expect(JSON.stringify(token)).toContain('4');
    await expect(call((cb) => cam.gotoPreset({ preset: 'nope' }, cb))).rejects.toThrow(/ONVIF SOAP Fault/);
    await call((cb) => cam.gotoPreset({ preset: '1' }, cb));
    await call((cb) => cam.gotoPreset({ preset: '4' }, cb));
    expect(camera.ptzPosition()).toEqual({ x: 0.25, y: 0.5, zoom: 0.75 });
  });

  it('moves continuously until Stop', async () => {
    // given the head at home
    const cam = await connected();
    await call((cb) => cam.gotoHomePosition({}, cb));

    // when it pans right, and the position has changed
    await call((cb) => cam.continuousMove({ x: 0.5, y: 0, zoom: 0 }, cb));
    const moved = await eventually(() => camera.ptzPosition().x > 0.01, 'the head to pan');

    // then Stop freezes it
    await call((cb) => cam.stop({ panTilt: true, zoom: true }, cb));
    const stopped = camera.ptzPosition();
    expect(moved).toBe(true);
    expect(camera.state().ptz.moving).toBe(false);
    expect(camera.ptzPosition()).toEqual(stopped);
  });

  it('reads the PTZ node and configuration', async () => {
    const cam = await connected();
    const nodes = await call<Record<string, unknown>>((cb) => cam.getNodes(cb));
    expect(Object.keys(nodes)).toEqual(['PTZNode_1']);
    const configurations = await call<Record<string, { token: string; nodeToken: string }>>((cb) =>
      cam.getConfigurations(cb),
    );
    expect(configurations.PTZConfig).toMatchObject({ token: 'PTZConfig_1', nodeToken: 'PTZNode_1' });
  });

  it('sets relay outputs (the onvif package has no method: a raw SOAP request through its transport)', async () => {
    // given a connected client
    const cam = await connected();
    const request = (
      cam as unknown as { _request: (options: { body: string; service?: string }, cb: Callback<unknown>) => void }
    )._request.bind(cam);
    const envelope = (body: string): string =>
      (cam as unknown as { _envelopeHeader: () => string })._envelopeHeader() +
      body +
      (cam as unknown as { _envelopeFooter: () => string })._envelopeFooter();

    // when it activates RelayOutput_2
    await call((cb) =>
      request(
        {
          service: 'deviceIO',
          body: envelope(
            '<SetRelayOutputState xmlns="http://www.onvif.org/ver10/deviceIO/wsdl"><RelayOutputToken>RelayOutput_2</RelayOutputToken>' +
              '<LogicalState>active</LogicalState></SetRelayOutputState>',
          ),
        },
        cb,
      ),
    );

    // then the camera's relay is active, and GetRelayOutputs lists both
    expect(camera.relayOutputs()).toEqual({ RelayOutput_1: 'inactive', RelayOutput_2: 'active' });
    const listed = await call<unknown>((cb) =>
      request({ body: envelope('<GetRelayOutputs xmlns="http://www.onvif.org/ver10/device/wsdl"/>') }, cb),
    );
    expect(JSON.stringify(listed)).toContain('RelayOutput_2');
    await expect(
      call((cb) =>
        request(
          {
            body: envelope(
              '<SetRelayOutputState xmlns="http://www.onvif.org/ver10/device/wsdl"><RelayOutputToken>Relay9</RelayOutputToken>' +
                '<LogicalState>active</LogicalState></SetRelayOutputState>',
            ),
          },
          cb,
        ),
      ),
    ).rejects.toThrow(/ONVIF SOAP Fault/);
  });

  it('delivers motion start and stop and digital input changes through the pull point', async () => {
    // given a client listening for events (the package subscribes and pulls)
    const cam = await connected();
    const received: Notification[] = [];
    cam.on('event', (message: unknown) => received.push(toNotification(message)));
    await eventually(() => received.some((event) => event.operation === 'Initialized'), 'the initial state');
    expect(received).toContainEqual(
      expect.objectContaining({ topic: TOPICS.motion, operation: 'Initialized', data: { IsMotion: 'false' } }),
    );

    // when motion starts and stops, and an input goes active
    camera.startMotion();
    await eventually(() => received.some((event) => event.data.IsMotion === 'true'), 'motion start');
    camera.stopMotion();
    camera.setDigitalInput('DigitalInput_1', true);

    // then the client receives each change, in order
    await eventually(
      () => received.some((event) => event.topic === TOPICS.digitalInput && event.operation === 'Changed'),
      'the digital input change',
    );
    const changes = received.filter((event) => event.operation === 'Changed');
    expect(changes).toEqual([
      expect.objectContaining({ topic: TOPICS.motion, data: { IsMotion: 'true' } }),
      expect.objectContaining({ topic: TOPICS.motion, data: { IsMotion: 'false' } }),
      {
        topic: TOPICS.digitalInput,
        operation: 'Changed',
        source: { InputToken: 'DigitalInput_1' },
        data: { LogicalState: 'true' },
      },
    ]);
    expect(changes[0]?.source).toMatchObject({ VideoSourceConfigurationToken: 'VideoSourceConfig_1' });
    camera.setDigitalInput('DigitalInput_1', false);
  });

  it('describes its event topics and ends a subscription on Unsubscribe', async () => {
    // given a connected client
    const cam = await connected();
    const properties = await call<{ topicSet: Record<string, unknown> }>((cb) => cam.getEventProperties(cb));
    expect(Object.keys(properties.topicSet)).toEqual(expect.arrayContaining(['ruleEngine', 'device']));

    // when it subscribes and unsubscribes, then the camera holds no subscription
    await call((cb) => cam.createPullPointSubscription(cb));
    expect(camera.subscriptionCount()).toBe(1);
    await call((cb) => cam.unsubscribe(cb));
    expect(camera.subscriptionCount()).toBe(0);
  });

  it('refuses wrong credentials with a NotAuthorized fault', async () => {
    // when a client connects with a wrong password, then it is refused
    await expect(connect(camera, 'wrong')).rejects.toThrow(/Sender not authorized/);
  });

  it('answers a request without credentials with 401 and a Digest challenge, and accepts HTTP Digest', async () => {
    // given a client that uses HTTP Digest instead of WS-Security
    const cam = await new Promise<Cam>((resolve, reject) => {
      const client: Cam = new Cam(
        { hostname: '127.0.0.1', port: camera.port, ...CREDENTIALS, useWSSecurity: false, timeout: 20_000 },
        (error) => (error ? reject(error) : resolve(client)),
      );
    });

    // then it connected through the challenge, and reads protected data
    const stream = await call<{ uri: string }>((cb) => cam.getStreamUri({ protocol: 'RTSP' }, cb));
    expect(stream.uri).toBe(RTSP_URI);
  });

  it('forgets pull-point subscriptions and refuses connections while it reboots', async () => {
    // given a subscription
    const cam = await connected();
    await call((cb) => cam.createPullPointSubscription(cb));
    expect(camera.subscriptionCount()).toBe(1);

    // when the camera reboots
    const rebooted = camera.reboot(1500);
    expect(camera.isRebooting()).toBe(true);
    await expect(call((cb) => cam.getSystemDateAndTime(cb))).rejects.toThrow(/ECONNREFUSED/);
    await rebooted;

    // then it answers again, but the old subscription is gone
    expect(camera.subscriptionCount()).toBe(0);
    await expect(call((cb) => cam.pullMessages({}, cb))).rejects.toThrow(/no such subscription/);
  });

  it('a listening client resubscribes after a reboot and keeps receiving events', async () => {
    // given a client listening for events
    const cam = await connected();
    const received: Notification[] = [];
    const errors: unknown[] = [];
    cam.on('eventsError', (error: unknown) => errors.push(error));
    cam.on('event', (message: unknown) => received.push(toNotification(message)));
    await eventually(() => camera.subscriptionCount() === 1 && received.length > 0, 'the subscription');

    // when the camera reboots, and motion starts once it is back
    await camera.reboot(300);
    await eventually(() => camera.subscriptionCount() === 1, 'a new subscription');
    camera.startMotion();

    // then the client saw the error and still received the motion start
    await eventually(() => received.some((event) => event.data.IsMotion === 'true'), 'motion after the reboot');
    expect(errors.length).toBeGreaterThan(0);
    camera.stopMotion();
  });
});
