// A thin adapter over the `onvif` package's PTZ service: presets, go to a preset, home (the default preset), continuous
// and relative moves, stop and status, on the camera's first profile with a PTZ configuration. Each use connects
// (a camera that rebooted meanwhile is simply connected again) and fails with a typed, classified error.
import type { Cam, CamProfile } from 'onvif';
import {
  classifyOnvifError,
  connectOnvifCamera,
  parseOnvifAddress,
  type OnvifDiscoveryOptions,
} from './onvif-discovery';
import { OnvifControlError } from './onvif-control.errors';
import { onvifRequest, presetsOfOnvifAnswer, xmlText, type PtzPresetRef } from './onvif-request';

export type OnvifTarget = Pick<OnvifDiscoveryOptions, 'address' | 'username' | 'password'> &
  Readonly<{
    /** Each request's timeout (default 10 s). */
    timeoutMs?: number;
  }>;

export type { PtzPresetRef } from './onvif-request';
/** Pan and tilt -1..1, zoom 0..1 (positions), or units per second (continuous velocities), ONVIF's generic spaces. */
export type PtzAxes = Readonly<{ x: number; y: number; zoom: number }>;
export type PtzStatus = Readonly<{ position: PtzAxes; moving: boolean }>;

type Callback<T> = (error: Error | null, value?: T) => void;
const call = <T>(start: (callback: Callback<T>) => void): Promise<T> =>
  new Promise((resolve, reject) => start((error, value) => (error ? reject(error) : resolve(value as T))));

const tokenOf = (profile: CamProfile): string | undefined => {
  const token = (profile.$ as { token?: unknown } | undefined)?.token ?? profile.token;
  return typeof token === 'string' && token !== '' ? token : undefined;
};

const numberOf = (value: unknown): number => {
  const number = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(number) ? number : 0;
};

/** The PTZ service of one connected camera, on its PTZ profile. */
export class OnvifPtz {
  constructor(
    private readonly cam: Cam,
    private readonly profileToken: string,
  ) {}

  async presets(): Promise<PtzPresetRef[]> {
    const answer = await call<Record<string, { $?: { token?: unknown }; name?: unknown }>>((cb) =>
      this.cam.getPresets({ profileToken: this.profileToken }, cb),
    );
    return presetsOfOnvifAnswer(answer);
  }

  /** Fails with PTZ_PRESET_UNKNOWN (not retried) when the camera has no preset with this token. */
  async gotoPreset(presetToken: string): Promise<void> {
    if (!(await this.presets()).some((preset) => preset.token === presetToken)) {
      throw new OnvifControlError('PTZ_PRESET_UNKNOWN', `the camera has no PTZ preset ${JSON.stringify(presetToken)}`);
    }
    // Our own body: the package puts the token into the XML unescaped.
    await onvifRequest(
      this.cam,
      '<GotoPreset xmlns="http://www.onvif.org/ver20/ptz/wsdl">' +
        `<ProfileToken>${xmlText(this.profileToken)}</ProfileToken><PresetToken>${xmlText(presetToken)}</PresetToken>` +
        '</GotoPreset>',
      'ptz',
    );
  }

  /** The camera's home position: this system's default preset (FEATURES 8.2). */
  async gotoHome(): Promise<void> {
    await call((cb) => this.cam.gotoHomePosition({ profileToken: this.profileToken }, cb));
  }

  /** Moves at `velocity` until stop() or `timeoutMs` (the camera stops by itself then). */
  async continuousMove(velocity: PtzAxes, timeoutMs?: number): Promise<void> {
    await call((cb) =>
      this.cam.continuousMove(
        { profileToken: this.profileToken, ...velocity, ...(timeoutMs === undefined ? {} : { timeout: timeoutMs }) },
        cb,
      ),
    );
  }

  async relativeMove(translation: PtzAxes): Promise<void> {
    await call((cb) => this.cam.relativeMove({ profileToken: this.profileToken, ...translation }, cb));
  }

  async stop(): Promise<void> {
    await call((cb) => this.cam.stop({ profileToken: this.profileToken, panTilt: true, zoom: true }, cb));
  }

  async status(): Promise<PtzStatus> {
    const status = await call<{
      position?: { x?: unknown; y?: unknown; zoom?: unknown };
      moveStatus?: { panTilt?: unknown; zoom?: unknown };
    }>((cb) => this.cam.getStatus({ profileToken: this.profileToken }, cb));
    const moving = [status.moveStatus?.panTilt, status.moveStatus?.zoom].some((state) => state === 'MOVING');
    return {
      position: {
        x: numberOf(status.position?.x),
        y: numberOf(status.position?.y),
        zoom: numberOf(status.position?.zoom),
      },
      moving,
    };
  }
}

const ptzProfileToken = async (cam: Cam): Promise<string | undefined> => {
  const profiles = cam.profiles ?? (await call<CamProfile[]>((cb) => cam.getProfiles(cb)));
  const uri = (cam.uri ?? {}) as Record<string, unknown>;
  if (uri.ptz === undefined && uri.PTZ === undefined) {
    return undefined;
  }
  const profile = profiles.find((candidate) => candidate.PTZConfiguration !== undefined);
  return profile === undefined ? undefined : tokenOf(profile);
};

/**
 * Connects to the camera and runs `work` with its PTZ service. Fails with an OnvifControlError: CAMERA_UNREACHABLE
 * (retryable), CAMERA_AUTH_FAILED, CAMERA_NOT_ONVIF, CAMERA_ADDRESS_INVALID, PTZ_NOT_SUPPORTED, PTZ_PRESET_UNKNOWN.
 */
export const withOnvifPtz = async <T>(target: OnvifTarget, work: (ptz: OnvifPtz) => Promise<T>): Promise<T> => {
  let cam: Cam | undefined;
  let address = target.address;
  try {
    const parsed = parseOnvifAddress(target.address);
    address = parsed.url;
    cam = await connectOnvifCamera(parsed, target, target.timeoutMs ?? 10_000);
    const profileToken = await ptzProfileToken(cam);
    if (profileToken === undefined) {
      throw new OnvifControlError('PTZ_NOT_SUPPORTED', `the camera at ${address} has no PTZ`);
    }
    return await work(new OnvifPtz(cam, profileToken));
  } catch (error) {
    throw OnvifControlError.of(error instanceof OnvifControlError ? error : classifyOnvifError(error, address));
  } finally {
    cam?.removeAllListeners();
  }
};
