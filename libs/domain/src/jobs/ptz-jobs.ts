import { InvalidJobPayloadError } from './job-payload.errors';
import { payloadReader, type PayloadReader } from './job-payload.parse';
import { assertNever } from '../shared/assert-never';

/**
 * Manual PTZ (FEATURES 8.6-8.8) on the recorder's queue `recorder-<id>`, next to the rules' RecorderJobs: the API
 * decides who controls the camera (the `ptz-<cameraId>` stream), then asks the camera's recorder to move it. Job
 * names and fields are persisted in Redis: do not rename. A worker written in another language follows the same
 * contract:
 * - `PtzManualCommand`: one command of the user's session `sessionId`, run once (attempts 1: the operator repeats a
 *   failed click, a move replayed late would surprise them). The API waits for the job: it completes once the
 *   camera accepted the command, and fails with a message starting with the code (`PTZ_PRESET_UNKNOWN: …`,
 *   `CAMERA_UNREACHABLE: …`, `PTZ_NOT_SUPPORTED: …`, `PTZ_SESSION_NOT_HELD: …`). The worker refuses a command whose
 *   session no longer holds the camera (`PTZ_SESSION_NOT_HELD`): a higher priority took it over meanwhile.
 * - `PtzSessionTimeout`: delayed until the session's `expiresAt`, job id `PtzSessionTimeout|<sessionId>|<expiresAt>`
 *   (one per extension). When due, the worker ends the session if no command extended it meanwhile
 *   (`PTZManualSessionStopped`, reason `timeout`), and stops the head when it is still moving.
 */
export type PtzMoveAction =
  /** Velocities in ONVIF's generic space: pan and tilt -1..1, zoom -1..1; the head stops after `timeoutMs`. */
  | Readonly<{ action: 'continuousMove'; x: number; y: number; zoom: number; timeoutMs: number }>
  /** Translations in ONVIF's generic space: pan and tilt -2..2, zoom -1..1. */
  | Readonly<{ action: 'relativeMove'; x: number; y: number; zoom: number }>
  /** `presetToken`: the camera's ONVIF preset token (the `token` of its discovered presets). */
  | Readonly<{ action: 'gotoPreset'; presetToken: string }>
  /** The default preset (the camera's home position). */
  | Readonly<{ action: 'gotoHome' }>
  | Readonly<{ action: 'stop' }>;

export type PtzManualJob =
  | Readonly<{
      name: 'PtzManualCommand';
      data: Readonly<{ cameraId: string; sessionId: string; userId: string }> & PtzMoveAction;
    }>
  | Readonly<{ name: 'PtzSessionTimeout'; data: Readonly<{ cameraId: string; sessionId: string; expiresAt: number }> }>;

export const PTZ_MANUAL_JOB_NAMES: readonly PtzManualJob['name'][] = ['PtzManualCommand', 'PtzSessionTimeout'];

export const isPtzManualJobName = (name: string): name is PtzManualJob['name'] =>
  (PTZ_MANUAL_JOB_NAMES as readonly string[]).includes(name);

/** The continuous move of a click or a held button: at most a minute without a new command (inferred). */
export const PTZ_CONTINUOUS_MOVE_MAX_MS = 60_000;
const PTZ_ACTIONS = ['continuousMove', 'relativeMove', 'gotoPreset', 'gotoHome', 'stop'] as const;

export const ptzSessionTimeoutJobId = (sessionId: string, expiresAt: number): string =>
  `PtzSessionTimeout|${sessionId}|${expiresAt}`;

const moveActionOf = (read: PayloadReader): PtzMoveAction => {
  const action = read.oneOf('action', PTZ_ACTIONS);
  switch (action) {
    case 'continuousMove':
      return {
        action,
        x: read.decimal('x', -1, 1),
        y: read.decimal('y', -1, 1),
        zoom: read.decimal('zoom', -1, 1),
        timeoutMs: read.integer('timeoutMs', 1, PTZ_CONTINUOUS_MOVE_MAX_MS),
      };
    case 'relativeMove':
      return { action, x: read.decimal('x', -2, 2), y: read.decimal('y', -2, 2), zoom: read.decimal('zoom', -1, 1) };
    case 'gotoPreset':
      return { action, presetToken: read.text('presetToken') };
    case 'gotoHome':
    case 'stop':
      return { action };
    default:
      return assertNever(action);
  }
};

/** Parses a manual PTZ job as it comes out of Redis; throws InvalidJobPayloadError (never retried). */
export const parsePtzManualJob = (name: string, raw: unknown): PtzManualJob => {
  const read = payloadReader(name, raw);
  switch (name) {
    case 'PtzSessionTimeout':
      return {
        name,
        data: {
          cameraId: read.text('cameraId'),
          sessionId: read.text('sessionId'),
          expiresAt: read.integer('expiresAt', 0, Number.MAX_SAFE_INTEGER),
        },
      };
    case 'PtzManualCommand':
      return {
        name,
        data: {
          cameraId: read.text('cameraId'),
          sessionId: read.text('sessionId'),
          userId: read.text('userId'),
          ...moveActionOf(read),
        },
      };
    default:
      throw new InvalidJobPayloadError(name, 'unknown job name');
  }
};
