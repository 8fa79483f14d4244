import { assertNever } from '../shared';
import { ALWAYS_TIME_PROFILE_ID } from '../time-profiles/time-profile';
import type { WeekdayNumber } from '../time-profiles/time-profile';
import type {
  RuleAction,
  RuleActionTarget,
  RuleCondition,
  RuleDefinition,
  RuleDeviceKind,
  RuleEventSelection,
  RuleRecurrence,
  RuleStopCriterion,
  RuleTrigger,
} from './rule';

/** Display names by id (devices, groups, events, profiles, presets, webhooks...); a missing id is shown as the id. */
export type RuleNames = Readonly<Record<string, string>>;

export type DescribeRuleOptions = Readonly<{
  /**
   * 'digits' writes "3 seconds before", as the wizard examples do (S2:2353, S2:6740, S2:7857); 'words' spells one to
   * nine, as the default rules' recreate texts do ("three seconds before ... 30 seconds after", S2:12390-12391).
   */
  numbers?: 'digits' | 'words';
}>;

const DEVICE_KIND_NAMES: Readonly<Record<RuleDeviceKind, string>> = {
  cameras: 'All Cameras',
  microphones: 'All Microphones',
  speakers: 'All Speakers',
  metadata: 'All Metadata',
};

const NUMBER_WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'] as const;
const WEEKDAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;

/** 'MotionStarted' → 'Motion Started', 'PTZManualSessionStopped' → 'PTZ Manual Session Stopped'. */
export const eventTypeDisplayName = (eventType: string): string =>
  eventType.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/([A-Z])([A-Z][a-z])/g, '$1 $2');

/**
 * The rule's canonical one-line text in the wording of the Manage Rule wizard and the default rules' recreate texts
 * (FEATURES 1.1.4, S2:12388-12399), e.g. "Perform an action on Motion Started from All Cameras start recording 3
 * seconds before on the device on which event occurred Perform stop action on Motion Stopped from All Cameras stop
 * recording 3 seconds after". Phrases the seed does not show (conditions, most actions) are marked (inferred).
 */
export const describeRule = (rule: RuleDefinition, names: RuleNames, options: DescribeRuleOptions = {}): string => {
  const name = (id: string): string => names[id] ?? id;
  const seconds = (n: number): string => {
    const count = options.numbers === 'words' ? (NUMBER_WORDS[n] ?? String(n)) : String(n);
    return `${count} ${n === 1 ? 'second' : 'seconds'}`;
  };
  const delay = (n: number): string => (n === 0 ? 'immediately' : `${seconds(n)} after`);
  const list = (ids: readonly string[]): string => ids.map(name).join(', ');

  const sources = (selection: RuleEventSelection): string => {
    const s = selection.sources;
    switch (s.kind) {
      case 'all':
        return s.deviceKinds.map((k) => DEVICE_KIND_NAMES[k]).join(', ');
      case 'devices':
        return list(s.deviceIds);
      case 'deviceGroups':
        return list(s.groupIds);
      case 'external':
        return 'External';
      default:
        return assertNever(s);
    }
  };
  const event = (selection: RuleEventSelection): string => {
    const eventName =
      selection.eventId === undefined
        ? (names[selection.eventType] ?? eventTypeDisplayName(selection.eventType))
        : name(selection.eventId);
    return `${eventName} from ${sources(selection)}`;
  };
  const target = (t: RuleActionTarget): string => {
    switch (t.kind) {
      case 'devices':
        return list(t.deviceIds);
      case 'all':
        return t.deviceKinds.map((k) => DEVICE_KIND_NAMES[k]).join(', ');
      case 'eventDevice':
        return 'the device on which event occurred';
      case 'metadataDevices':
        return 'the devices from metadata';
      default:
        return assertNever(t);
    }
  };
  const priority = (p: number | undefined): string => (p === undefined ? '' : ` with PTZ priority ${p}`);

  const action = (a: RuleAction): string => {
    switch (a.type) {
      case 'StartRecording':
        return a.preBufferSeconds === 0
          ? `start recording immediately on ${target(a.target)}`
          : `start recording ${seconds(a.preBufferSeconds)} before on ${target(a.target)}`;
      case 'StartFeed':
        return `start feed on ${target(a.target)}`;
      case 'SetFrameRate': // (inferred) from "Set live frame rate on <devices>" (S2:12638)
        return `set ${a.stream} frame rate to ${a.framesPerSecond} on ${target(a.target)}`;
      case 'StartPatrolling': // S2:12646
        return `start patrolling on ${target(a.target)} using ${name(a.patrollingProfileId)}${priority(a.priority)}`;
      case 'PausePatrolling': // S2:12650
        return `pause patrolling on ${target(a.target)}`;
      case 'StopRecording':
        return `stop recording ${delay(a.delaySeconds)}`;
      case 'StopFeed':
        return `stop feed ${delay(a.delaySeconds)}`;
      case 'RestoreDefaultFrameRate':
        return `restore default ${a.stream} frame rate ${delay(a.delaySeconds)}`;
      case 'StopPatrolling':
        return `stop patrolling ${delay(a.delaySeconds)}`;
      case 'ResumePatrolling':
        return `resume patrolling ${delay(a.delaySeconds)}`;
      case 'MoveToPreset': // S2:12651
        return `Move ${target(a.target)} to ${name(a.presetId)} position${priority(a.priority)}`;
      case 'MoveToDefaultPreset': // S2:12388
        return `Move immediately to default preset on ${target(a.target)}${priority(a.priority)}`;
      case 'ActivateOutput': // (inferred) from "Set device output to <state>" (S2:12656)
        return `Set device output to activated on ${list(a.outputIds)}`;
      case 'DeactivateOutput':
        return `Set device output to deactivated on ${list(a.outputIds)}`;
      case 'SendNotification': // S2:7858-7859
        return `Send notification to '${name(a.notificationProfileId)}'${
          a.imagesFrom === undefined ? '' : ` images from ${target(a.imagesFrom)}`
        }`;
      case 'MakeLogEntry': // (inferred) from "Make new <log entry>" (S2:12667)
        return `Make new log entry '${a.text}'`;
      case 'TriggerUserDefinedEvent': // (inferred) from "On <site> trigger <user-defined event>" (S2:12682)
        return `trigger ${name(a.userDefinedEventId)}`;
      case 'CallWebhook': // (inferred)
        return `Call webhook ${name(a.webhookId)}`;
      default:
        return assertNever(a);
    }
  };
  const actions = (list: readonly RuleAction[]): string => list.map(action).join(' and ');

  const parts = [triggerText(rule.trigger, event, name)];
  const saysAlways = rule.trigger.kind === 'timeInterval' && rule.trigger.timeProfileId === ALWAYS_TIME_PROFILE_ID;
  for (const condition of rule.conditions) {
    if (!(condition.kind === 'always' && saysAlways)) {
      parts.push(conditionText(condition, name));
    }
  }
  parts.push(actions(rule.actions));
  if (rule.stop?.criterion !== undefined) {
    parts.push(stopText(rule.stop.criterion, event, seconds));
  }
  if (rule.stop !== undefined && rule.stop.actions.length > 0) {
    parts.push(actions(rule.stop.actions));
  }
  return parts.filter((p) => p !== '').join(' ');
};

const triggerText = (
  trigger: RuleTrigger,
  event: (selection: RuleEventSelection) => string,
  name: (id: string) => string,
): string => {
  switch (trigger.kind) {
    case 'event':
      return `Perform an action on ${event(trigger)}`;
    case 'timeInterval': {
      const when =
        trigger.edge === 'entering'
          ? 'in a time interval'
          : trigger.edge === 'leaving'
            ? 'when time interval ends'
            : 'in a time interval and when time interval ends'; // (inferred)
      const profile =
        trigger.timeProfileId === ALWAYS_TIME_PROFILE_ID
          ? 'always'
          : `within selected time in ${name(trigger.timeProfileId)}`;
      return `Perform an action ${when} ${profile}`;
    }
    case 'recurring':
      return `Perform an action on a recurring time ${recurrenceText(trigger.recurrence)}`;
    default:
      return assertNever(trigger);
  }
};

/** (inferred) modelled on the wizard's "On day 15 every 3 month(s) at 11:45" (S2:7777-7789). */
const recurrenceText = (recurrence: RuleRecurrence): string => {
  const p = recurrence.pattern;
  const at = `at ${recurrence.at}`;
  switch (p.kind) {
    case 'daily':
      return `every ${p.everyNDays} day(s) ${at}`;
    case 'weekly':
      return `every ${p.everyNWeeks} week(s) on ${weekdays(p.weekdays)} ${at}`;
    case 'monthly':
      return p.on.kind === 'dayOfMonth'
        ? `on day ${p.on.day} every ${p.everyNMonths} month(s) ${at}`
        : `on the ${p.on.ordinal === 'last' ? 'last' : `#${p.on.ordinal}`} ${WEEKDAY_NAMES[p.on.weekday]} every ${
            p.everyNMonths
          } month(s) ${at}`;
    default:
      return assertNever(p);
  }
};

const weekdays = (days: readonly WeekdayNumber[]): string => days.map((d) => WEEKDAY_NAMES[d]).join(', ');

/** (inferred) lower-cased forms of the wizard's conditions (S2:7650-7658). */
const conditionText = (condition: RuleCondition, name: (id: string) => string): string => {
  switch (condition.kind) {
    case 'withinTimeProfile':
      return `within selected time in ${name(condition.timeProfileId)}`;
    case 'outsideTimeProfile':
      return `outside selected time in ${name(condition.timeProfileId)}`;
    case 'dayOfWeek':
      return `day of week is ${weekdays(condition.days)}`;
    case 'always':
      return 'always';
    default:
      return assertNever(condition);
  }
};

const stopText = (
  criterion: RuleStopCriterion,
  event: (selection: RuleEventSelection) => string,
  seconds: (n: number) => string,
): string => {
  switch (criterion.kind) {
    case 'onEvent':
      return `Perform stop action on ${event(criterion)}`;
    case 'afterSeconds':
      return `Perform action ${seconds(criterion.seconds)} after`;
    case 'intervalEnds':
      return 'Perform an action when time interval ends';
    default:
      return assertNever(criterion);
  }
};
