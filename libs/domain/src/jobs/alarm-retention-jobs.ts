import { InvalidJobPayloadError } from './job-payload.errors';
import { payloadReader } from './job-payload.parse';

/**
 * The alarm retention's durable timer (FEATURES 5.3.8): a BullMQ job scheduler with one fixed id on its own queue,
 * consumed by the rule-engine app, adds this job every check interval; running it expires the alarms whose retention
 * has passed at that time (AlarmExpired through the alarm decider). The queue allows one job at a time across every
 * rule-engine process. Queue, scheduler id and job name are persisted in Redis: do not rename.
 */
export const ALARM_RETENTION_QUEUE = 'alarm-retention'; // persisted: do not rename
export const ENFORCE_ALARM_RETENTION_JOB = 'EnforceAlarmRetention'; // persisted: do not rename
/** One scheduler for the whole system: upserting it again (every start of every process) replaces, never doubles, it. */
export const ALARM_RETENTION_SCHEDULER_ID = 'alarm-retention'; // persisted: do not rename

/** No data: what to keep is the alarm data settings', and the time is when the job runs. */
export type EnforceAlarmRetentionJob = Readonly<{
  name: typeof ENFORCE_ALARM_RETENTION_JOB;
  data: Readonly<Record<string, never>>;
}>;

export const parseAlarmRetentionJob = (name: string, raw: unknown): EnforceAlarmRetentionJob => {
  if (name !== ENFORCE_ALARM_RETENTION_JOB) {
    throw new InvalidJobPayloadError(name, 'unknown job name');
  }
  payloadReader(name, raw); // an object, or refused
  return { name, data: {} };
};
