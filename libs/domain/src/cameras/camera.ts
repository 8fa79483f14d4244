/**
 * Cameras (hardware added by ONVIF address, FEATURES 0.3, 2.2.7, 6.1, 8): what a camera is, what discovery found on
 * it, and its recording settings. Values only; `recordingSettingsProblems` and `cameraNameProblems` validate. Field
 * names and literals are persisted inside camera events (a recorder worker in any language reads them): do not
 * rename.
 */

/** One media profile of the camera (ONVIF Media `Profiles`) with the URIs discovery asked for. */
export type CameraProfile = Readonly<{
  /** The ONVIF profile token, e.g. 'Profile_1'. */
  token: string;
  name: string;
  /** Video encoding as the camera names it: 'H264', 'H265', 'JPEG', 'MPEG4', … ('' when the profile has none). */
  encoding: string;
  width: number;
  height: number;
  /** Frame rate limit of the encoder, when the camera says. */
  fps?: number;
  /** RTSP URI of the profile's stream, without credentials (the recorder adds them). */
  streamUri: string;
  /** HTTP URI of a JPEG snapshot of the profile, when the camera has one. */
  snapshotUri?: string;
}>;

export type CameraPtzPreset = Readonly<{ token: string; name: string }>;

/**
 * A digital input or a relay output of the camera (ONVIF DeviceIO). Each is a device of its own for rules: its
 * `deviceId` is what rules, alarm definitions and device groups name (a UUID derived from the camera and the token,
 * so that rediscovery keeps it).
 */
export type CameraIoPort = Readonly<{ deviceId: string; token: string }>;

/** What discovery found on the camera. Replaced as a whole by every rediscovery. */
export type CameraCapabilities = Readonly<{
  manufacturer?: string;
  model?: string;
  firmwareVersion?: string;
  serialNumber?: string;
  /** In the camera's order; the first is the primary stream (FEATURES 6.1.8: "There must always be a primary"). */
  profiles: readonly CameraProfile[];
  /** `supported` when the camera has a PTZ service and a profile with a PTZ configuration. */
  ptz: Readonly<{ supported: boolean; presets: readonly CameraPtzPreset[] }>;
  inputs: readonly CameraIoPort[];
  outputs: readonly CameraIoPort[];
}>;

// persisted: do not rename
export const PRE_BUFFER_LOCATIONS = ['memory', 'disk'] as const;
export type PreBufferLocation = (typeof PRE_BUFFER_LOCATIONS)[number];

/** "Stop manual recording after N minutes" (FEATURES 6.1.3). */
export type ManualRecordingAutoStop = Readonly<{ enabled: boolean; minutes: number }>;

/** Record tab (FEATURES 6.1.1, 6.1.3, 6.1.6). */
export type RecordingSettings = Readonly<{
  /** "Recording" on/off: a rule that records this camera does nothing while it is off (S2:11717). */
  enabled: boolean;
  preBuffer: Readonly<{ enabled: boolean; location: PreBufferLocation; seconds: number }>;
  /**
   * Absent until first changed (cameras stored before it existed): the default applies, see
   * `manualRecordingAutoStopOf`.
   */
  stopManualRecordingAfter?: ManualRecordingAutoStop;
}>;

/** "Enabled by default with a recording time of five minutes" (S2:6458). */
export const DEFAULT_MANUAL_RECORDING_AUTO_STOP: ManualRecordingAutoStop = { enabled: true, minutes: 5 };
/** The seeds set no upper limit; a day is this system's (inferred), so that a forgotten recording still ends. */
export const MANUAL_RECORDING_AUTO_STOP_MAX_MINUTES = 24 * 60;

export const manualRecordingAutoStopOf = (settings: RecordingSettings): ManualRecordingAutoStop =>
  settings.stopManualRecordingAfter ?? DEFAULT_MANUAL_RECORDING_AUTO_STOP;

/** "In the memory; the pre-buffer period is limited to 15 seconds" (S2:1949). */
export const PRE_BUFFER_MEMORY_MAX_SECONDS = 15;
/** "On the disk … you can choose all values" (S2:1950): no limit is stated; an hour is this system's (inferred). */
export const PRE_BUFFER_DISK_MAX_SECONDS = 3_600;
export const PRE_BUFFER_MIN_SECONDS = 1;

/** Recording on; pre-buffer enabled, 3 seconds, in memory (S2:6433, S2:6711). */
export const DEFAULT_RECORDING_SETTINGS: RecordingSettings = {
  enabled: true,
  preBuffer: { enabled: true, location: 'memory', seconds: 3 },
};

export const CAMERA_NAME_MAX_LENGTH = 100; // (inferred)
/** A recorder worker's id: letters, digits, '-', '_' and '.', as it names itself in its configuration. */
export const RECORDER_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;

/**
 * A change of the recording settings: the fields given replace the current ones. Choosing Memory for a longer
 * pre-buffer reduces it to 15 seconds, as "If you change the location to Memory, the system reduced the period to
 * 15 seconds automatically" (S2:6730) — unless the change also gives the seconds, which are then checked.
 */
export type RecordingSettingsChange = Readonly<{
  enabled?: boolean;
  preBuffer?: Readonly<{ enabled?: boolean; location?: PreBufferLocation; seconds?: number }>;
  stopManualRecordingAfter?: Readonly<{ enabled?: boolean; minutes?: number }>;
}>;

export const applyRecordingSettingsChange = (
  current: RecordingSettings,
  change: RecordingSettingsChange,
): RecordingSettings => {
  const location = change.preBuffer?.location ?? current.preBuffer.location;
  const movedToMemory = location === 'memory' && current.preBuffer.location !== 'memory';
  const seconds =
    change.preBuffer?.seconds ??
    (movedToMemory ? Math.min(current.preBuffer.seconds, PRE_BUFFER_MEMORY_MAX_SECONDS) : current.preBuffer.seconds);
  const autoStop = change.stopManualRecordingAfter;
  return {
    enabled: change.enabled ?? current.enabled,
    preBuffer: { enabled: change.preBuffer?.enabled ?? current.preBuffer.enabled, location, seconds },
    // kept absent while never changed, so that settings stored before it existed read the same
    ...(autoStop === undefined && current.stopManualRecordingAfter === undefined
      ? {}
      : {
          stopManualRecordingAfter: {
            enabled: autoStop?.enabled ?? manualRecordingAutoStopOf(current).enabled,
            minutes: autoStop?.minutes ?? manualRecordingAutoStopOf(current).minutes,
          },
        }),
  };
};

/** Every problem of the settings, each as 'CODE: explanation'; empty when they can be saved. */
export const recordingSettingsProblems = (settings: RecordingSettings): string[] => {
  const problems: string[] = [];
  const { location, seconds } = settings.preBuffer;
  if (!(PRE_BUFFER_LOCATIONS as readonly string[]).includes(location)) {
    problems.push(`PRE_BUFFER_LOCATION_INVALID: the pre-buffer is kept in ${PRE_BUFFER_LOCATIONS.join(' or ')}`);
  }
  const max = location === 'disk' ? PRE_BUFFER_DISK_MAX_SECONDS : PRE_BUFFER_MEMORY_MAX_SECONDS;
  if (!Number.isInteger(seconds) || seconds < PRE_BUFFER_MIN_SECONDS) {
    problems.push(`PRE_BUFFER_SECONDS_INVALID: the pre-buffer is a whole number of seconds, at least 1`);
  } else if (seconds > max) {
    problems.push(
      location === 'memory'
        ? `PRE_BUFFER_MEMORY_LIMIT: a pre-buffer in memory holds at most ${PRE_BUFFER_MEMORY_MAX_SECONDS} seconds; choose disk for more`
        : `PRE_BUFFER_DISK_LIMIT: a pre-buffer on disk holds at most ${PRE_BUFFER_DISK_MAX_SECONDS} seconds`,
    );
  }
  const autoStop = settings.stopManualRecordingAfter;
  if (
    autoStop !== undefined &&
    (!Number.isInteger(autoStop.minutes) ||
      autoStop.minutes < 1 ||
      autoStop.minutes > MANUAL_RECORDING_AUTO_STOP_MAX_MINUTES)
  ) {
    problems.push(
      `MANUAL_RECORDING_AUTO_STOP_INVALID: manual recording stops after a whole number of minutes, 1 to ${MANUAL_RECORDING_AUTO_STOP_MAX_MINUTES}`,
    );
  }
  return problems;
};

export const cameraNameProblems = (name: string): string[] => {
  const trimmed = name.trim();
  return [
    ...(trimmed.length === 0 ? ['CAMERA_NAME_EMPTY: a camera needs a name'] : []),
    ...(trimmed.length > CAMERA_NAME_MAX_LENGTH
      ? [`CAMERA_NAME_TOO_LONG: at most ${CAMERA_NAME_MAX_LENGTH} characters`]
      : []),
  ];
};

export const recorderIdProblems = (recorderId: string): string[] =>
  RECORDER_ID_PATTERN.test(recorderId)
    ? []
    : ['RECORDER_ID_INVALID: a recorder id is 1-63 letters, digits, dots, dashes or underscores'];

/** The device ids a camera brings: itself, its inputs and its outputs (rules and groups name them). */
export const cameraDeviceIds = (cameraId: string, capabilities: CameraCapabilities): string[] => [
  cameraId,
  ...capabilities.inputs.map((port) => port.deviceId),
  ...capabilities.outputs.map((port) => port.deviceId),
];
