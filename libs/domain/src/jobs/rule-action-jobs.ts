import { InvalidJobPayloadError } from './job-payload.errors';
import { payloadReader, type PayloadReader } from './job-payload.parse';

/**
 * Actions the rule engine executes itself (FEATURES 1.5 A18, A27 and webhooks, 2.6; notifications, 4): jobs on one
 * queue consumed by the rule-engine app. Queue and job names are persisted in Redis keys: do not rename.
 */
export const RULE_ACTIONS_QUEUE = 'rule-actions'; // persisted: do not rename

/** What every rule action job carries: the firing it belongs to, so its effects can be traced and correlated. */
export type RuleActionJobContext = Readonly<{
  ruleId: string;
  ruleName: string;
  ruleVersion: number;
  phase: 'start' | 'stop';
  /** The event that made the rule fire, and its type. */
  triggeringEventId: string;
  triggeringEventType: string;
  /** The RuleFired event: the causation id of every event the action appends. */
  firingEventId: string;
  correlationId: string;
  /** When the triggering event occurred (epoch ms). */
  at: number;
  /** The device on which the triggering event occurred, if any. */
  sourceDeviceId?: string;
  /** The devices the action acts on (its resolved target); may be empty. */
  deviceIds: readonly string[];
}>;

export type MakeLogEntryJob = Readonly<{ name: 'MakeLogEntry'; data: RuleActionJobContext & { text: string } }>;
export type TriggerUserDefinedEventJob = Readonly<{
  name: 'TriggerUserDefinedEvent';
  data: RuleActionJobContext & { userDefinedEventId: string };
}>;
export type CallWebhookJob = Readonly<{ name: 'CallWebhook'; data: RuleActionJobContext & { webhookId: string } }>;
export type SendNotificationJob = Readonly<{
  name: 'SendNotification';
  data: RuleActionJobContext & { notificationProfileId: string; imageDeviceIds: readonly string[] };
}>;

export type RuleActionJob = MakeLogEntryJob | TriggerUserDefinedEventJob | CallWebhookJob | SendNotificationJob;
export type RuleActionJobName = RuleActionJob['name'];
export type RuleActionJobData<N extends RuleActionJobName> = Extract<RuleActionJob, { name: N }>['data'];

export const RULE_ACTION_JOB_NAMES = [
  'MakeLogEntry',
  'TriggerUserDefinedEvent',
  'CallWebhook',
  'SendNotification',
] as const satisfies readonly RuleActionJobName[];

type Unlisted = Exclude<RuleActionJobName, (typeof RULE_ACTION_JOB_NAMES)[number]>;
export const allRuleActionJobNamesListed: [Unlisted] extends [never] ? true : Unlisted = true;

const MAX_VERSION = 2 ** 31 - 1;

const contextOf = (read: PayloadReader): RuleActionJobContext => {
  const sourceDeviceId = read.optionalText('sourceDeviceId');
  return {
    ruleId: read.text('ruleId'),
    ruleName: read.text('ruleName'),
    ruleVersion: read.integer('ruleVersion', 0, MAX_VERSION),
    phase: read.oneOf('phase', ['start', 'stop'] as const),
    triggeringEventId: read.text('triggeringEventId'),
    triggeringEventType: read.text('triggeringEventType'),
    firingEventId: read.text('firingEventId'),
    correlationId: read.text('correlationId'),
    at: read.integer('at', 0, Number.MAX_SAFE_INTEGER),
    ...(sourceDeviceId === undefined ? {} : { sourceDeviceId }),
    deviceIds: read.textList('deviceIds'),
  };
};

/** Parses a job as it comes out of Redis; throws InvalidJobPayloadError (never retried) when it breaks the contract. */
export const parseRuleActionJob = (name: string, raw: unknown): RuleActionJob => {
  const read = payloadReader(name, raw);
  switch (name) {
    case 'MakeLogEntry':
      return { name, data: { ...contextOf(read), text: read.text('text') } };
    case 'TriggerUserDefinedEvent':
      return { name, data: { ...contextOf(read), userDefinedEventId: read.text('userDefinedEventId') } };
    case 'CallWebhook':
      return { name, data: { ...contextOf(read), webhookId: read.text('webhookId') } };
    case 'SendNotification':
      return {
        name,
        data: {
          ...contextOf(read),
          notificationProfileId: read.text('notificationProfileId'),
          imageDeviceIds: read.textList('imageDeviceIds'),
        },
      };
    default:
      throw new InvalidJobPayloadError(name, 'unknown job name');
  }
};
