// One simulated camera: its state (CameraDevice), its ONVIF HTTP server and its RTSP mount, behind the control
// API tests use (motion, digital inputs, relay outputs, PTZ position, reboot, stopping the stream). The same API
// is served as JSON under /simulator/ on the camera's port, for processes that did not start the camera.
import { CameraDevice, UnknownTokenError, type RelayState } from './camera.device';
import { SERVICE_PATHS, SNAPSHOT_PATH } from './onvif.namespaces';
import { OnvifServer, type ControlHandler } from './onvif.server';
import type { PtzPreset, PtzVector } from './ptz.state';
import type { Credentials } from './ws-security.auth';

/** Starts and stops the camera's stream (its RTSP mount). */
export type StreamControl = Readonly<{
  stop: () => Promise<void>;
  start: () => Promise<void>;
  isRunning: () => boolean;
}>;

export type SimulatedCameraOptions = Readonly<{
  name: string;
  credentials: Credentials;
  /** Listen address (default 127.0.0.1). */
  host?: string;
  /** Host in the addresses the camera advertises (default host). */
  advertisedHost?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  width: number;
  height: number;
  fps: number;
  rtspUri: string;
  stream?: StreamControl;
  snapshot: Buffer;
  relayOutputs?: number;
  digitalInputs?: number;
  presets?: readonly PtzPreset[];
  /** How long a reboot keeps the camera unreachable (default 2000 ms). */
  rebootMs?: number;
  log?: (line: string) => void;
}>;

export type CameraState = Readonly<{
  name: string;
  motion: boolean;
  digitalInputs: Readonly<Record<string, boolean>>;
  relayOutputs: Readonly<Record<string, RelayState>>;
  ptz: PtzVector & Readonly<{ moving: boolean }>;
  subscriptions: number;
  streaming: boolean;
  rebooting: boolean;
}>;

const NO_STREAM: StreamControl = {
  stop: () => Promise.resolve(),
  start: () => Promise.resolve(),
  isRunning: () => false,
};

export class SimulatedCamera {
  readonly name: string;
  readonly credentials: Credentials;
  readonly rtspUri: string;
  private readonly device: CameraDevice;
  private readonly stream: StreamControl;
  private readonly rebootMs: number;
  private rebooting: Promise<void> | undefined;

  private constructor(
    options: SimulatedCameraOptions,
    device: CameraDevice,
    private readonly server: OnvifServer,
  ) {
    this.name = options.name;
    this.credentials = options.credentials;
    this.rtspUri = options.rtspUri;
    this.device = device;
    this.stream = options.stream ?? NO_STREAM;
    this.rebootMs = options.rebootMs ?? 2000;
  }

  static async start(options: SimulatedCameraOptions): Promise<SimulatedCamera> {
    const device = new CameraDevice(options);
    // The server's callbacks need the camera, which needs the server: they close over this holder.
    const holder: { camera?: SimulatedCamera } = {};
    const server = await OnvifServer.start({
      device,
      credentials: options.credentials,
      host: options.host ?? '127.0.0.1',
      port: options.port ?? 0,
      ...(options.advertisedHost ? { advertisedHost: options.advertisedHost } : {}),
      rtspUri: options.rtspUri,
      snapshot: options.snapshot,
      control: (method, path, body) =>
        holder.camera ? holder.camera.control(method, path, body) : Promise.reject(new Error('starting')),
      onSystemReboot: () => void holder.camera?.reboot(),
      ...(options.log ? { log: options.log } : {}),
    });
    holder.camera = new SimulatedCamera(options, device, server);
    return holder.camera;
  }

  get port(): number {
    return this.server.port;
  }

  /** The device service address an ONVIF client connects to. */
  get onvifUrl(): string {
    return `${this.server.baseUrl}${SERVICE_PATHS.device}`;
  }

  get snapshotUri(): string {
    return `${this.server.baseUrl}${SNAPSHOT_PATH}`;
  }

  startMotion(): void {
    this.device.setMotion(true);
  }

  stopMotion(): void {
    this.device.setMotion(false);
  }

  /** Throws UnknownTokenError for a token the camera does not have (DigitalInput_1, DigitalInput_2 by default). */
  setDigitalInput(token: string, active: boolean): void {
    this.device.setDigitalInput(token, active);
  }

  relayOutputs(): Readonly<Record<string, RelayState>> {
    return Object.fromEntries(this.device.relayOutputs());
  }

  ptzPosition(): PtzVector {
    return this.device.ptz.position();
  }

  subscriptionCount(): number {
    return this.device.subscriptions.count();
  }

  state(): CameraState {
    return {
      name: this.name,
      motion: this.device.isMotion(),
      digitalInputs: Object.fromEntries(this.device.digitalInputs()),
      relayOutputs: this.relayOutputs(),
      ptz: { ...this.ptzPosition(), moving: this.device.ptz.isMoving() },
      subscriptions: this.subscriptionCount(),
      streaming: this.stream.isRunning(),
      rebooting: this.rebooting !== undefined,
    };
  }

  /**
   * Reboots: pull-point subscriptions are forgotten, the ONVIF port refuses connections and the stream stops for
   * downMs, then both come back. Resolves when the camera is back.
   */
  reboot(downMs = this.rebootMs): Promise<void> {
    this.rebooting ??= (async () => {
      const streaming = this.stream.isRunning();
      try {
        this.device.subscriptions.clear();
        await Promise.all([this.server.reboot(downMs), streaming ? this.stream.stop() : undefined]);
      } finally {
        if (streaming) {
          await this.stream.start();
        }
        this.rebooting = undefined;
      }
    })();
    return this.rebooting;
  }

  isRebooting(): boolean {
    return this.rebooting !== undefined;
  }

  /** The camera stops sending video: RTSP clients are cut off and refused until startStream. */
  stopStream(): Promise<void> {
    return this.stream.stop();
  }

  startStream(): Promise<void> {
    return this.stream.start();
  }

  async close(): Promise<void> {
    await this.rebooting;
    this.device.subscriptions.clear();
    await this.server.close();
  }

  private control: ControlHandler = async (method, path, body) => {
    const input = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
    const active = input.active === true;
    try {
      if (method === 'GET' && path === '/state') {
        return { status: 200, json: this.state() };
      }
      if (method === 'POST' && path === '/motion') {
        this.device.setMotion(active);
      } else if (method === 'POST' && path.startsWith('/inputs/')) {
        this.setDigitalInput(decodeURIComponent(path.slice('/inputs/'.length)), active);
      } else if (method === 'POST' && path === '/stream') {
        await (input.running === false ? this.stopStream() : this.startStream());
      } else if (method === 'POST' && path === '/reboot') {
        // Not awaited: the reboot closes the connection this request came on.
        setImmediate(() => void this.reboot(typeof input.downMs === 'number' ? input.downMs : undefined));
        return { status: 202, json: { rebooting: true } };
      } else {
        return { status: 404, json: { error: `no control route ${method} ${path}` } };
      }
      return { status: 200, json: this.state() };
    } catch (error) {
      if (error instanceof UnknownTokenError) {
        return { status: 404, json: { error: error.message } };
      }
      throw error;
    }
  };
}
