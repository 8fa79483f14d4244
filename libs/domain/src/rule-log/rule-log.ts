import type { AccessDomainEvent, EpochMs } from '../access/access.types';
import type { RuleActionJobData } from '../jobs/rule-action-jobs';

// Event type names, fields and the stream prefix are persisted: do not rename.
export const RULE_LOG_STREAM_PREFIX = 'rulelog-'; // one stream per UTC day
export const ruleLogStream = (at: EpochMs): string =>
  `${RULE_LOG_STREAM_PREFIX}${new Date(at).toISOString().slice(0, 10)}`;

/** The service that writes rule-triggered log entries (FEATURES 11.5 "Service name"). */
export const RULE_LOG_SERVICE_NAME = 'Vigil Rule Engine';

/** An entry of the rule-triggered log (FEATURES 11.5), written by the action `Make new <log entry>` (A18). */
export type RuleLogEntryMade = AccessDomainEvent<
  'RuleLogEntryMade',
  {
    message: string;
    category: string;
    sourceType: 'device' | 'external' | 'time';
    sourceName: string;
    eventType: string;
    ruleId: string;
    ruleName: string;
    serviceName: string;
    triggeringEventId: string;
    at: EpochMs;
  }
>;

/**
 * The variables a log text may hold (A18: "Variables such as $DeviceName$ and $EventName$"). Until cameras have
 * names, a device is named by its id. Unknown `$...$` words are left as written.
 */
export const RULE_LOG_VARIABLES = ['$DeviceName$', '$EventName$', '$RuleName$', '$TriggerTime$'] as const;

const sourceOf = (
  job: RuleActionJobData<'MakeLogEntry'>,
): Pick<RuleLogEntryMade['data'], 'sourceType' | 'sourceName'> =>
  job.sourceDeviceId !== undefined
    ? { sourceType: 'device', sourceName: job.sourceDeviceId }
    : job.triggeringEventType === 'RuleTimeTriggered'
      ? { sourceType: 'time', sourceName: job.ruleName }
      : { sourceType: 'external', sourceName: 'External' };

export const renderRuleLogText = (job: RuleActionJobData<'MakeLogEntry'>): string => {
  const values: Readonly<Record<(typeof RULE_LOG_VARIABLES)[number], string>> = {
    $DeviceName$: job.sourceDeviceId ?? job.deviceIds.join(', '),
    $EventName$: job.triggeringEventType,
    $RuleName$: job.ruleName,
    $TriggerTime$: new Date(job.at).toISOString(),
  };
  return job.text.replace(/\$[A-Za-z]+\$/g, (word) => values[word as keyof typeof values] ?? word);
};

/** The log entry an executed `Make new <log entry>` action writes. */
export const ruleLogEntryOf = (job: RuleActionJobData<'MakeLogEntry'>): RuleLogEntryMade['data'] => ({
  message: renderRuleLogText(job),
  category: 'Rule',
  ...sourceOf(job),
  eventType: job.triggeringEventType,
  ruleId: job.ruleId,
  ruleName: job.ruleName,
  serviceName: RULE_LOG_SERVICE_NAME,
  triggeringEventId: job.triggeringEventId,
  at: job.at,
});
