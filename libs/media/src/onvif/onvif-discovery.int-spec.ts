// The ONVIF adapter against simulated cameras over real HTTP: what it discovers, and how it fails.
import { createServer, type Server } from 'node:http';
import { createServer as createTcpServer, type Socket } from 'node:net';
import { freePort } from '../../../infrastructure/src/testing/wait.fixtures';
import { SimulatedCamera } from '../simulator/simulated.camera';
import { discoverOnvifCamera } from './onvif-discovery';

const CREDENTIALS = { username: 'admin', password: 's3cret-Pass' };
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xd9]);

describe('discoverOnvifCamera', () => {
  let camera: SimulatedCamera;

  beforeAll(async () => {
    camera = await SimulatedCamera.start({
      name: 'lobby-cam',
      credentials: CREDENTIALS,
      width: 640,
      height: 360,
      fps: 25,
      rtspUri: 'rtsp://127.0.0.1:8554/lobby-cam',
      snapshot: JPEG,
      digitalInputs: 1,
      relayOutputs: 2,
    });
  });
  afterAll(async () => {
    await camera.close();
  });

  it('reads the device, its profile with stream and snapshot URIs, PTZ presets, inputs and outputs', async () => {
    // when the adapter discovers the camera at its host:port
    const discovered = await discoverOnvifCamera({ address: `127.0.0.1:${camera.port}`, ...CREDENTIALS });

    // then it found everything the camera has
    expect(discovered).toEqual({
      address: `http://127.0.0.1:${camera.port}/onvif/device_service`,
      name: 'lobby-cam',
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
          snapshotUri: camera.snapshotUri,
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
      inputs: ['DigitalInput_1'],
      outputs: ['RelayOutput_1', 'RelayOutput_2'],
    });
  });

  it('says CAMERA_AUTH_FAILED for a wrong password, without echoing it', async () => {
    const failure = discoverOnvifCamera({ address: camera.onvifUrl, username: 'admin', password: 'wr0ng-Secret' });

    await expect(failure).rejects.toMatchObject({ code: 'CAMERA_AUTH_FAILED' });
    await expect(failure).rejects.not.toThrow(/wr0ng-Secret/);
  });

  it('says CAMERA_UNREACHABLE when nothing listens at the address', async () => {
    const port = await freePort();

    await expect(discoverOnvifCamera({ address: `127.0.0.1:${port}`, ...CREDENTIALS })).rejects.toMatchObject({
      code: 'CAMERA_UNREACHABLE',
    });
  });

  it('says CAMERA_UNREACHABLE when the device accepts the connection but never answers within the deadline', async () => {
    // given a server that accepts connections and stays silent
    const sockets: Socket[] = [];
    const silent = createTcpServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as { port: number };

    try {
      // when discovery runs with a short deadline, then it gives up with the code
      await expect(
        discoverOnvifCamera({ address: `127.0.0.1:${port}`, ...CREDENTIALS, timeoutMs: 300 }),
      ).rejects.toMatchObject({ code: 'CAMERA_UNREACHABLE' });
    } finally {
      sockets.forEach((socket) => socket.destroy());
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  describe('given a web server that is not a camera', () => {
    let server: Server;
    beforeAll(async () => {
      server = createServer((_request, response) =>
        response.writeHead(200, { 'Content-Type': 'text/html' }).end('<html>hello</html>'),
      );
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    });
    afterAll(async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    });

    it('says CAMERA_NOT_ONVIF', async () => {
      const { port } = server.address() as { port: number };

      await expect(discoverOnvifCamera({ address: `127.0.0.1:${port}`, ...CREDENTIALS })).rejects.toMatchObject({
        code: 'CAMERA_NOT_ONVIF',
      });
    });
  });
});
