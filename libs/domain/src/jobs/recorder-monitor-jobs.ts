import { InvalidJobPayloadError } from './job-payload.errors';
import { payloadReader } from './job-payload.parse';

/**
 * Watching the recorders' heartbeats: a repeatable job (one scheduler with a fixed id, however many API processes
 * upsert it) that compares each registered recorder's heartbeat with its last known state and appends the
 * transitions. Not `recorder-<id>`: that name belongs to the recorders' own queues. Persisted: do not rename.
 */
export const RECORDER_MONITOR_QUEUE = 'recorders-monitor'; // persisted: do not rename
export const CHECK_RECORDERS_JOB = 'CheckRecorders'; // persisted: do not rename
/** The id of the one job scheduler: every API process upserts the same one. */
export const CHECK_RECORDERS_SCHEDULER_ID = 'check-recorders'; // persisted: do not rename

export type CheckRecorders = Readonly<{ type: 'CheckRecorders' }>;

export const parseRecorderMonitorJob = (name: string, raw: unknown): CheckRecorders => {
  if (name !== CHECK_RECORDERS_JOB) {
    throw new InvalidJobPayloadError(name, 'unknown job name');
  }
  payloadReader(name, raw); // an object, no fields
  return { type: 'CheckRecorders' };
};
