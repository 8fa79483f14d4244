import { recorderQueueName } from '../jobs/queues';
import type { RecorderJob, RecorderJobContext } from '../jobs/recorder-jobs';
import type { RuleActionJob, RuleActionJobContext } from '../jobs/rule-action-jobs';
import { RULE_ACTIONS_QUEUE } from '../jobs/rule-action-jobs';
import type { RuleAction, RuleActionTarget, RuleDeviceKind } from '../rules/rule';
import { assertNever } from '../shared/assert-never';
import type { DecidedFiring } from './engine-step';
import type { IssuedJob, RuleFired } from './rule-engine.events';
import type { ResolvedAction } from './rule-evaluation';

/** A BullMQ job to add: queue, name, typed data, deterministic id, and delay after the triggering event's time. */
export type PlannedJob = Readonly<{
  queue: string;
  job: RuleActionJob | RecorderJob;
  jobId: string;
  delayMs: number;
  /** When the job is due: the triggering event's time plus the delay (a replay long after is due at once). */
  dueAt: number;
}>;

/**
 * Which recording server a device belongs to, and the devices of a kind ("All Cameras"). Known from the hardware
 * configuration; a device nobody assigned goes to the default recorder.
 */
export type DeviceRouting = Readonly<{
  recorderOf: (deviceId: string) => string;
  devicesOfKind: (kind: RuleDeviceKind) => readonly string[];
}>;

export type FiringPlan = Readonly<{ actions: RuleFired['data']['actions']; jobs: readonly PlannedJob[] }>;

/** Pairs a start with its stop on the recorder: one session per (rule, source, start event). */
export const sessionIdOf = (decided: DecidedFiring): string =>
  [decided.firing.ruleId, decided.firing.sourceKey, decided.firing.startEventId].join('|');

const devicesOf = (resolved: ResolvedAction, routing: DeviceRouting): readonly string[] => [
  ...new Set([...resolved.targetDeviceIds, ...resolved.allDeviceKinds.flatMap((kind) => routing.devicesOfKind(kind))]),
];

const imageDevices = (target: RuleActionTarget | undefined, decided: DecidedFiring, routing: DeviceRouting) => {
  if (target === undefined) {
    return [];
  }
  switch (target.kind) {
    case 'devices':
      return target.deviceIds;
    case 'all':
      return target.deviceKinds.flatMap((kind) => routing.devicesOfKind(kind));
    case 'eventDevice':
      return decided.trigger.sourceDeviceId === undefined ? [] : [decided.trigger.sourceDeviceId];
    case 'metadataDevices':
      return decided.trigger.metadataDeviceIds;
    default:
      return assertNever(target);
  }
};

type DeviceJobOf = (context: RecorderJobContext) => RecorderJob;

/** The recorder job of a device action for one device; undefined for the actions this engine runs itself. */
const deviceJob = (action: RuleAction, sessionId: string): DeviceJobOf | undefined => {
  switch (action.type) {
    case 'StartRecording':
      return (c) => ({ name: action.type, data: { ...c, sessionId, preBufferSeconds: action.preBufferSeconds } });
    case 'StopRecording':
    case 'StartFeed':
    case 'StopFeed':
    case 'StopPatrolling':
    case 'PausePatrolling':
    case 'ResumePatrolling':
      return (c) => ({ name: action.type, data: { ...c, sessionId } });
    case 'SetFrameRate':
      return (c) => ({
        name: action.type,
        data: { ...c, sessionId, stream: action.stream, framesPerSecond: action.framesPerSecond },
      });
    case 'RestoreDefaultFrameRate':
      return (c) => ({ name: action.type, data: { ...c, sessionId, stream: action.stream } });
    case 'StartPatrolling':
      return (c) => ({
        name: action.type,
        data: { ...c, sessionId, patrollingProfileId: action.patrollingProfileId, priority: action.priority },
      });
    case 'MoveToPreset':
      return (c) => ({ name: action.type, data: { ...c, presetId: action.presetId, priority: action.priority } });
    case 'MoveToDefaultPreset':
      return (c) => ({
        name: action.type,
        data: action.priority === undefined ? c : { ...c, priority: action.priority },
      });
    case 'ActivateOutput':
    case 'DeactivateOutput':
      return (c) => ({ name: action.type, data: c });
    case 'SendNotification':
    case 'MakeLogEntry':
    case 'TriggerUserDefinedEvent':
    case 'CallWebhook':
      return undefined;
    default:
      return assertNever(action);
  }
};

/** The job of an action this engine runs itself; undefined for device actions. */
const engineJob = (
  action: RuleAction,
  context: RuleActionJobContext,
  decided: DecidedFiring,
  routing: DeviceRouting,
): RuleActionJob | undefined => {
  switch (action.type) {
    case 'MakeLogEntry':
      return { name: action.type, data: { ...context, text: action.text } };
    case 'TriggerUserDefinedEvent':
      return { name: action.type, data: { ...context, userDefinedEventId: action.userDefinedEventId } };
    case 'CallWebhook':
      return { name: action.type, data: { ...context, webhookId: action.webhookId } };
    case 'SendNotification':
      return {
        name: action.type,
        data: {
          ...context,
          notificationProfileId: action.notificationProfileId,
          imageDeviceIds: [...new Set(imageDevices(action.imagesFrom, decided, routing))],
        },
      };
    default:
      return undefined;
  }
};

/**
 * The jobs of one firing, each with a deterministic id (the action's id, plus the device for per-device jobs), so
 * the same firing planned again after a restart adds nothing new. Outputs are devices: Activate/Deactivate output
 * sends one job per output.
 */
export const planFiringJobs = (decided: DecidedFiring, firingEventId: string, routing: DeviceRouting): FiringPlan => {
  const { firing, rule, trigger } = decided;
  const sessionId = sessionIdOf(decided);
  const jobs: PlannedJob[] = [];
  const actions = firing.actions.map((resolved) => {
    const action = resolved.action;
    const deviceIds =
      action.type === 'ActivateOutput' || action.type === 'DeactivateOutput'
        ? [...new Set(action.outputIds)]
        : devicesOf(resolved, routing);
    const issued: IssuedJob[] = [];
    const add = (planned: PlannedJob): void => {
      jobs.push(planned);
      issued.push({ queue: planned.queue, name: planned.job.name, jobId: planned.jobId, delayMs: planned.delayMs });
    };
    const perDevice = deviceJob(action, sessionId);
    if (perDevice !== undefined) {
      for (const deviceId of deviceIds) {
        add({
          queue: recorderQueueName(routing.recorderOf(deviceId)),
          job: perDevice({
            deviceId,
            ruleId: rule.id,
            causationId: firingEventId,
            correlationId: trigger.correlationId,
            triggeredAt: trigger.at,
          }),
          jobId: `${resolved.jobId}|${encodeURIComponent(deviceId)}`,
          delayMs: resolved.delayMs,
          dueAt: trigger.at + resolved.delayMs,
        });
      }
    } else {
      const context: RuleActionJobContext = {
        ruleId: rule.id,
        ruleName: rule.name,
        ruleVersion: firing.ruleVersion,
        phase: firing.phase,
        triggeringEventId: trigger.eventId,
        triggeringEventType: trigger.type,
        firingEventId,
        correlationId: trigger.correlationId,
        at: trigger.at,
        ...(trigger.sourceDeviceId === undefined ? {} : { sourceDeviceId: trigger.sourceDeviceId }),
        deviceIds,
      };
      const job = engineJob(action, context, decided, routing);
      if (job !== undefined) {
        add({
          queue: RULE_ACTIONS_QUEUE,
          job,
          jobId: resolved.jobId,
          delayMs: resolved.delayMs,
          dueAt: trigger.at + resolved.delayMs,
        });
      }
    }
    return { type: action.type, deviceIds, jobs: issued };
  });
  return { actions, jobs };
};

/** The RuleFired event of a planned firing. */
export const ruleFiredData = (decided: DecidedFiring, plan: FiringPlan): RuleFired['data'] => ({
  ruleId: decided.rule.id,
  ruleName: decided.rule.name,
  ruleVersion: decided.firing.ruleVersion,
  phase: decided.firing.phase,
  triggeringEventId: decided.trigger.eventId,
  triggeringEventType: decided.trigger.type,
  sourceKey: decided.firing.sourceKey,
  startEventId: decided.firing.startEventId,
  actions: plan.actions,
  at: decided.trigger.at,
});

/** The key a firing's event id is derived from: the same firing replayed gets the same RuleFired id. */
export const firingKeyOf = (decided: DecidedFiring): string =>
  [
    'rulefired',
    decided.firing.ruleId,
    `v${decided.firing.ruleVersion}`,
    decided.firing.triggeringEventId,
    decided.firing.phase,
    decided.firing.sourceKey,
  ].join('|');
