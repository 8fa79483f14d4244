import { isValidRecorderId } from '../jobs/queues';
import { isValidTimeZone } from '../time-profiles/time-zone';

/**
 * What a recorder worker (a recording server, FEATURES 0.3) says about itself when it starts: the Info tab of a
 * recording server (name, time zone: S2:11119-11130), how many cameras it takes, its version (S2:1200: versions
 * should match the management server's) and where it stores recordings (its recording storage, FEATURES 6.3.1).
 * Field names are persisted: do not rename.
 */
export type RecorderSettings = Readonly<{
  /** Shown in listings; need not be unique (S2:11121). */
  name: string;
  /** IANA zone: the recorder's local time, in which time profiles apply (FEATURES 3.7). */
  timeZone: string;
  /** The most cameras this worker records at once. */
  maxCameras: number;
  version: string;
  /** The recording storage's path on the worker's machine. */
  storagePath: string;
}>;

export const RECORDER_NAME_MAX_LENGTH = 100;
export const RECORDER_MAX_CAMERAS_LIMIT = 10_000;

/** Every problem of a recorder's id and settings, for one error that lists them all. */
export const recorderProblems = (recorderId: string, settings: RecorderSettings): string[] => {
  const problems: string[] = [];
  if (!isValidRecorderId(recorderId)) {
    problems.push('RECORDER_ID_INVALID: 1-63 lower-case letters, digits and -');
  }
  const name = settings.name.trim();
  if (name.length === 0 || name.length > RECORDER_NAME_MAX_LENGTH) {
    problems.push(`RECORDER_NAME_INVALID: 1-${RECORDER_NAME_MAX_LENGTH} characters`);
  }
  if (!isValidTimeZone(settings.timeZone)) {
    problems.push(`TIME_ZONE_INVALID: ${settings.timeZone} is not an IANA time zone`);
  }
  if (
    !Number.isInteger(settings.maxCameras) ||
    settings.maxCameras < 1 ||
    settings.maxCameras > RECORDER_MAX_CAMERAS_LIMIT
  ) {
    problems.push(`MAX_CAMERAS_INVALID: an integer from 1 to ${RECORDER_MAX_CAMERAS_LIMIT}`);
  }
  if (settings.version.trim().length === 0) {
    problems.push('VERSION_MISSING');
  }
  if (settings.storagePath.trim().length === 0) {
    problems.push('STORAGE_PATH_MISSING');
  }
  return problems;
};

export const sameRecorderSettings = (a: RecorderSettings, b: RecorderSettings): boolean =>
  a.name === b.name &&
  a.timeZone === b.timeZone &&
  a.maxCameras === b.maxCameras &&
  a.version === b.version &&
  a.storagePath === b.storagePath;
