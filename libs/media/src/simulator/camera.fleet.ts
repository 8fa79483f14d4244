// N simulated cameras sharing one RTSP server process and one pre-encoded loop: what `npm run cameras`, the
// benchmarks and the tests start. Camera i is named cam-i, listens for ONVIF on its own port and streams at
// rtsp://host:rtspPort/cam-i.
import { readFile } from 'node:fs/promises';
import { ensureH264Loop, ensureSnapshotJpeg, type VideoFormat } from './media-loop.cache';
import { RtspServer } from './rtsp.server';
import { SimulatedCamera } from './simulated.camera';
import type { Credentials } from './ws-security.auth';

export type CameraFleetOptions = VideoFormat &
  Readonly<{
    count: number;
    /** Where the encoded loop and snapshot are kept between runs (e.g. .data/media). */
    cacheDir: string;
    credentials: Credentials;
    host?: string;
    /** ONVIF port of the first camera, the next ones follow; 0 (default) gives each a free port. */
    firstOnvifPort?: number;
    /** 0 (default) picks a free port. */
    rtspPort?: number;
    /** Length of the pre-encoded loop in seconds (default 10). */
    loopSeconds?: number;
    rebootMs?: number;
    /** Whether the RTSP streams require the cameras' credentials (RTSP Digest); default true, as cameras do. */
    rtspAuthentication?: boolean;
    log?: (line: string) => void;
  }>;

export class CameraFleet {
  private constructor(
    readonly cameras: readonly SimulatedCamera[],
    readonly rtsp: RtspServer,
  ) {}

  static async start(options: CameraFleetOptions): Promise<CameraFleet> {
    if (!Number.isInteger(options.count) || options.count < 1) {
      throw new Error('count must be a positive whole number');
    }
    const host = options.host ?? '127.0.0.1';
    const loopFile = await ensureH264Loop(options.cacheDir, { ...options, seconds: options.loopSeconds ?? 10 });
    const snapshot = await readFile(await ensureSnapshotJpeg(options.cacheDir, options));
    const rtsp = await RtspServer.start({
      loopFile,
      fps: options.fps,
      host,
      port: options.rtspPort ?? 0,
      ...(options.rtspAuthentication === false ? {} : { credentials: options.credentials }),
      ...(options.log ? { log: options.log } : {}),
    });
    const cameras: SimulatedCamera[] = [];
    try {
      for (let n = 1; n <= options.count; n += 1) {
        const name = `cam-${n}`;
        const mount = `/${name}`;
        const rtspUri = await rtsp.addMount(mount);
        cameras.push(
          await SimulatedCamera.start({
            name,
            credentials: options.credentials,
            host,
            port: options.firstOnvifPort ? options.firstOnvifPort + n - 1 : 0,
            width: options.width,
            height: options.height,
            fps: options.fps,
            rtspUri,
            snapshot,
            stream: {
              stop: () => rtsp.stopMount(mount),
              start: () => rtsp.startMount(mount),
              isRunning: () => rtsp.isRunning(mount),
            },
            ...(options.rebootMs !== undefined ? { rebootMs: options.rebootMs } : {}),
            ...(options.log ? { log: options.log } : {}),
          }),
        );
      }
    } catch (error) {
      await Promise.all(cameras.map((camera) => camera.close()));
      await rtsp.close();
      throw error;
    }
    return new CameraFleet(cameras, rtsp);
  }

  camera(name: string): SimulatedCamera {
    const camera = this.cameras.find((candidate) => candidate.name === name);
    if (!camera) {
      throw new Error(`no camera ${name}`);
    }
    return camera;
  }

  async close(): Promise<void> {
    await Promise.all(this.cameras.map((camera) => camera.close()));
    await this.rtsp.close();
  }
}
