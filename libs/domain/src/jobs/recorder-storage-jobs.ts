import { InvalidJobPayloadError } from './job-payload.errors';
import { payloadReader } from './job-payload.parse';

/**
 * The recorder's own durable timer for its storage (FEATURES 6.3.2, 6.3.5, 6.3.6): a BullMQ job scheduler on the
 * recorder's queue (`recorderQueueName`) adds this job every check interval; running it deletes the media beyond the
 * retention time, the maximum size or the free-space reserve, and stops or resumes recording when the storage is
 * full or has room again. Persisted in Redis: do not rename.
 */
export const ENFORCE_RECORDING_STORAGE_JOB = 'EnforceRecordingStorage'; // persisted: do not rename

export type EnforceRecordingStorageJob = Readonly<{
  name: typeof ENFORCE_RECORDING_STORAGE_JOB;
  data: Readonly<{ recorderId: string }>;
}>;

/** One scheduler per recorder: upserting it again (every start of the worker) replaces, never doubles, it. */
export const recordingStorageSchedulerId = (recorderId: string): string => `storage|${recorderId}`;

export const isRecordingStorageJob = (name: string): boolean => name === ENFORCE_RECORDING_STORAGE_JOB;

export const parseRecordingStorageJob = (name: string, raw: unknown): EnforceRecordingStorageJob => {
  if (name !== ENFORCE_RECORDING_STORAGE_JOB) {
    throw new InvalidJobPayloadError(name, 'unknown job name');
  }
  return { name, data: { recorderId: payloadReader(name, raw).text('recorderId') } };
};
