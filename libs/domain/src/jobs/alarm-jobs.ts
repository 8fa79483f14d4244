import { InvalidJobPayloadError } from './job-payload.errors';
import { payloadReader } from './job-payload.parse';

/**
 * Jobs of the alarm engine (FEATURES 5.1, 5.3.11), on one queue consumed by the rule-engine app. Queue, job names and
 * fields are persisted in Redis: do not rename.
 * - `TriggerAlarmEvents`: when an alarm is raised, its definition's "events triggered by alarm".
 * - `EscalateAlarm`: delayed by the definition's operator action time limit; when it runs and the alarm is still New
 *   (neither acknowledged, moved to another state nor closed) it triggers the "events triggered" when the time limit
 *   has passed; otherwise it does nothing (the escalation is cancelled by handling the alarm).
 */
export const ALARM_ACTIONS_QUEUE = 'alarm-actions'; // persisted: do not rename

export type AlarmJobData = Readonly<{
  alarmId: string;
  alarmDefinitionId: string;
  alarmDefinitionVersion: number;
  /** The user-defined events to trigger, by id, as the definition listed them when the alarm was raised. */
  userDefinedEventIds: readonly string[];
  /** The devices of the triggered events' metadata: the alarm's source device and its related cameras. */
  deviceIds: readonly string[];
  /** The AlarmRaised event: the triggered events' causation. */
  causationId: string;
  correlationId: string;
  /** When the events occur: the alarm's time for TriggerAlarmEvents, the time limit's end for EscalateAlarm. */
  at: number;
}>;

export type AlarmJob =
  | Readonly<{ name: 'TriggerAlarmEvents'; data: AlarmJobData }> // persisted: do not rename
  | Readonly<{ name: 'EscalateAlarm'; data: AlarmJobData }>; // persisted: do not rename

export type AlarmJobName = AlarmJob['name'];

export const ALARM_JOB_NAMES = ['TriggerAlarmEvents', 'EscalateAlarm'] as const satisfies readonly AlarmJobName[];

type UnlistedAlarmJobName = Exclude<AlarmJobName, (typeof ALARM_JOB_NAMES)[number]>;
export const allAlarmJobNamesListed: [UnlistedAlarmJobName] extends [never] ? true : UnlistedAlarmJobName = true;

const JOB_ID_PART: Readonly<Record<AlarmJobName, string>> = { TriggerAlarmEvents: 'raised', EscalateAlarm: 'escalate' };

/** Deterministic (no ':'): one job of each kind per alarm, however often the raise is replayed. */
export const alarmJobId = (job: Pick<AlarmJob, 'name'> & Readonly<{ data: Pick<AlarmJobData, 'alarmId'> }>): string =>
  ['alarm', job.data.alarmId, JOB_ID_PART[job.name]].map(encodeURIComponent).join('|');

/** Parses a job as it comes out of Redis; throws InvalidJobPayloadError (never retried) when it breaks the contract. */
export const parseAlarmJob = (name: string, raw: unknown): AlarmJob => {
  if (name !== 'TriggerAlarmEvents' && name !== 'EscalateAlarm') {
    throw new InvalidJobPayloadError(name, 'unknown job name');
  }
  const read = payloadReader(name, raw);
  const data: AlarmJobData = {
    alarmId: read.text('alarmId'),
    alarmDefinitionId: read.text('alarmDefinitionId'),
    alarmDefinitionVersion: read.integer('alarmDefinitionVersion', 0, 2 ** 31 - 1),
    userDefinedEventIds: read.textList('userDefinedEventIds'),
    deviceIds: read.textList('deviceIds'),
    causationId: read.text('causationId'),
    correlationId: read.text('correlationId'),
    at: read.integer('at', 0, Number.MAX_SAFE_INTEGER),
  };
  return { name, data };
};
