import { PTZ_PRIORITY_MAX, PTZ_PRIORITY_MIN } from '../access/role';
import { assertNever } from '../shared';
import { parseLocalDate, parseTimeOfDay } from '../time-profiles/local-date';
import { ALWAYS_TIME_PROFILE_ID } from '../time-profiles/time-profile';
import { isValidTimeZone } from '../time-profiles/time-zone';
import type {
  RuleAction,
  RuleActionTarget,
  RuleCondition,
  RuleDefinition,
  RuleEventSelection,
  RuleRecurrence,
  RuleTrigger,
} from './rule';
import {
  GENERIC_EVENT_TRIGGER_TYPE,
  MANDATORY_STOP_ACTIONS,
  USER_DEFINED_EVENT_TRIGGER_TYPE,
  isRuleStartAction,
  isRuleStopAction,
} from './rule';

/**
 * The ids a rule may refer to, as the caller knows them when it validates (FEATURES 1.9.2: a rule does not work once
 * a time profile it uses is deleted). Outputs are devices, so output ids are checked against `deviceIds`. Presets and
 * patrolling profiles are checked only when the caller supplies them. `ALWAYS_TIME_PROFILE_ID` is always known.
 */
export type RuleReferences = Readonly<{
  timeProfileIds: ReadonlySet<string>;
  userDefinedEventIds: ReadonlySet<string>;
  genericEventIds: ReadonlySet<string>;
  deviceIds: ReadonlySet<string>;
  deviceGroupIds: ReadonlySet<string>;
  notificationProfileIds: ReadonlySet<string>;
  webhookIds: ReadonlySet<string>;
  presetIds?: ReadonlySet<string>;
  patrollingProfileIds?: ReadonlySet<string>;
}>;

export const RULE_NAME_MAX_LENGTH = 100; // (inferred) the seed states no limit
export const RULE_DESCRIPTION_MAX_LENGTH = 1_000; // (inferred)
export const RULE_LOG_TEXT_MAX_LENGTH = 1_000; // (inferred)

const isNonNegativeInteger = (n: number): boolean => Number.isInteger(n) && n >= 0;
const isPositiveInteger = (n: number): boolean => Number.isInteger(n) && n >= 1;

/**
 * Why `rule` cannot be saved; empty when it can. Lists every problem, each as 'CODE: explanation', so that the HTTP
 * edge can answer 422 with all of them at once. Device-level prerequisites (recording or motion detection enabled,
 * pre-buffer length on the device) are out of scope, as in Milestone (FEATURES 1.9.4).
 */
export const ruleProblems = (rule: RuleDefinition, references: RuleReferences): string[] => {
  const problems: string[] = [];
  const add = (problem: string): void => {
    if (!problems.includes(problem)) {
      problems.push(problem);
    }
  };

  const name = rule.name.trim();
  if (name.length === 0) {
    add('RULE_NAME_EMPTY: a rule needs a name');
  }
  if (name.length > RULE_NAME_MAX_LENGTH) {
    add(`RULE_NAME_TOO_LONG: at most ${RULE_NAME_MAX_LENGTH} characters`);
  }
  if (rule.description.length > RULE_DESCRIPTION_MAX_LENGTH) {
    add(`RULE_DESCRIPTION_TOO_LONG: at most ${RULE_DESCRIPTION_MAX_LENGTH} characters`);
  }

  const knownTimeProfile = (id: string): void => timeProfileReferenceProblems(id, references).forEach(add);
  const knownDevices = (ids: readonly string[], what: string): void =>
    deviceListProblems(ids, what, references).forEach(add);
  const checkEventSelection = (selection: RuleEventSelection, where: string): void =>
    eventSelectionProblems(selection, where, references).forEach(add);

  checkTrigger(rule.trigger, { add, knownTimeProfile, checkEventSelection });
  for (const condition of rule.conditions) {
    checkCondition(condition, add, knownTimeProfile);
  }

  const eventTriggered = rule.trigger.kind === 'event';
  const checkTarget = (target: RuleActionTarget, action: string, single: boolean): void => {
    switch (target.kind) {
      case 'devices':
        knownDevices(target.deviceIds, 'TARGET');
        if (single && target.deviceIds.length > 1) {
          add(`TARGET_NOT_SINGLE: ${action} acts on one device`);
        }
        return;
      case 'all':
        if (target.deviceKinds.length === 0) {
          add(`TARGET_EMPTY: ${action} needs at least one device`);
        }
        if (single) {
          add(`TARGET_NOT_SINGLE: ${action} acts on one device`);
        }
        return;
      case 'eventDevice':
      case 'metadataDevices':
        if (!eventTriggered) {
          add(`TARGET_NEEDS_EVENT: ${action} on the event's devices needs an event trigger`);
        }
        if (single && target.kind === 'metadataDevices') {
          add(`TARGET_NOT_SINGLE: ${action} acts on one device`);
        }
        return;
      default:
        return assertNever(target);
    }
  };
  const checkAction = (action: RuleAction): void => {
    switch (action.type) {
      case 'StartRecording':
        if (!isNonNegativeInteger(action.preBufferSeconds)) {
          add('PRE_BUFFER_INVALID: start recording needs 0 or more whole seconds before the event');
        }
        return checkTarget(action.target, action.type, false);
      case 'StartFeed':
      case 'PausePatrolling':
        return checkTarget(action.target, action.type, false);
      case 'SetFrameRate':
        if (!(Number.isFinite(action.framesPerSecond) && action.framesPerSecond > 0)) {
          add('FRAME_RATE_INVALID: the frame rate must be a positive number');
        }
        return checkTarget(action.target, action.type, false);
      case 'StartPatrolling':
        checkPriority(action.priority, add);
        if (references.patrollingProfileIds && !references.patrollingProfileIds.has(action.patrollingProfileId)) {
          add(`UNKNOWN_PATROLLING_PROFILE: patrolling profile ${action.patrollingProfileId} does not exist`);
        }
        return checkTarget(action.target, action.type, true);
      case 'MoveToPreset':
        checkPriority(action.priority, add);
        if (references.presetIds && !references.presetIds.has(action.presetId)) {
          add(`UNKNOWN_PRESET: preset ${action.presetId} does not exist`);
        }
        return checkTarget(action.target, action.type, true);
      case 'MoveToDefaultPreset':
        if (action.priority !== undefined) {
          checkPriority(action.priority, add);
        }
        return checkTarget(action.target, action.type, false);
      case 'StopRecording':
      case 'StopFeed':
      case 'RestoreDefaultFrameRate':
      case 'StopPatrolling':
      case 'ResumePatrolling':
        if (!isNonNegativeInteger(action.delaySeconds)) {
          add(`DELAY_INVALID: ${action.type} needs 0 or more whole seconds of delay`);
        }
        return;
      case 'ActivateOutput':
      case 'DeactivateOutput':
        if (action.outputIds.length === 0) {
          add(`OUTPUTS_EMPTY: ${action.type} needs at least one output`);
        }
        for (const id of action.outputIds.filter((o) => !references.deviceIds.has(o))) {
          add(`UNKNOWN_OUTPUT: output ${id} does not exist`);
        }
        return;
      case 'SendNotification':
        if (!references.notificationProfileIds.has(action.notificationProfileId)) {
          add(`UNKNOWN_NOTIFICATION_PROFILE: notification profile ${action.notificationProfileId} does not exist`);
        }
        if (action.imagesFrom !== undefined) {
          checkTarget(action.imagesFrom, action.type, false);
        }
        return;
      case 'MakeLogEntry':
        if (action.text.trim() === '') {
          add('LOG_TEXT_EMPTY: a log entry needs text');
        }
        if (action.text.length > RULE_LOG_TEXT_MAX_LENGTH) {
          add(`LOG_TEXT_TOO_LONG: at most ${RULE_LOG_TEXT_MAX_LENGTH} characters`);
        }
        return;
      case 'TriggerUserDefinedEvent':
        return userDefinedEventReferenceProblems(action.userDefinedEventId, references).forEach(add);
      case 'CallWebhook':
        if (!references.webhookIds.has(action.webhookId)) {
          add(`UNKNOWN_WEBHOOK: webhook ${action.webhookId} does not exist`);
        }
        return;
      default:
        return assertNever(action);
    }
  };

  if (rule.actions.length === 0) {
    add('ACTIONS_EMPTY: a rule needs at least one action');
  }
  for (const action of rule.actions) {
    if (isRuleStopAction(action)) {
      add(`STOP_ACTION_AS_ACTION: ${action.type} is a stop action`);
    }
    checkAction(action);
  }
  const stopActions = rule.stop?.actions ?? [];
  for (const action of stopActions) {
    if (isRuleStartAction(action)) {
      add(`START_ACTION_AS_STOP_ACTION: ${action.type} cannot be a stop action`);
    }
    checkAction(action);
  }

  for (const action of rule.actions.filter(isRuleStartAction)) {
    const needed = MANDATORY_STOP_ACTIONS[action.type];
    const stream = action.type === 'SetFrameRate' ? action.stream : undefined;
    const present = stopActions.some(
      (s) => s.type === needed && (s.type !== 'RestoreDefaultFrameRate' || s.stream === stream),
    );
    if (!present) {
      const which = stream === undefined ? needed : `${needed} (${stream})`;
      add(`MANDATORY_STOP_ACTION_MISSING: ${action.type} needs the stop action ${which}`);
    }
  }

  const criterion = rule.stop?.criterion;
  if (rule.stop !== undefined && stopActions.length > 0 && criterion === undefined) {
    add('STOP_CRITERION_MISSING: stop actions need a stop event, a delay or the end of the time interval');
  }
  if (criterion !== undefined) {
    if (stopActions.length === 0) {
      add('STOP_ACTIONS_EMPTY: a stop criterion needs at least one stop action');
    }
    switch (criterion.kind) {
      case 'onEvent':
        checkEventSelection(criterion, 'stop event');
        break;
      case 'afterSeconds':
        if (!isPositiveInteger(criterion.seconds)) {
          add('AFTER_SECONDS_INVALID: the stop delay must be a whole number of seconds above 0');
        }
        break;
      case 'intervalEnds':
        if (rule.trigger.kind !== 'timeInterval') {
          add('INTERVAL_ENDS_WITHOUT_INTERVAL: "when time interval ends" needs a time interval trigger');
        }
        break;
      default:
        assertNever(criterion);
    }
  }
  return problems;
};

/** The references an event selection is checked against (a subset of RuleReferences, shared with alarms). */
export type EventSelectionReferences = Pick<
  RuleReferences,
  'userDefinedEventIds' | 'genericEventIds' | 'deviceIds' | 'deviceGroupIds'
>;

/** 'UNKNOWN_TIME_PROFILE: …' unless the profile exists (or is the built-in Always). */
export const timeProfileReferenceProblems = (
  timeProfileId: string,
  references: Pick<RuleReferences, 'timeProfileIds'>,
): string[] =>
  timeProfileId !== ALWAYS_TIME_PROFILE_ID && !references.timeProfileIds.has(timeProfileId)
    ? [`UNKNOWN_TIME_PROFILE: time profile ${timeProfileId} does not exist`]
    : [];

/** 'UNKNOWN_DEVICE: …' for each listed device that does not exist. */
export const unknownDeviceProblems = (
  deviceIds: readonly string[],
  references: Pick<RuleReferences, 'deviceIds'>,
): string[] =>
  deviceIds.filter((id) => !references.deviceIds.has(id)).map((id) => `UNKNOWN_DEVICE: device ${id} does not exist`);

/** 'UNKNOWN_USER_DEFINED_EVENT: …' unless the user-defined event exists. */
export const userDefinedEventReferenceProblems = (
  userDefinedEventId: string,
  references: Pick<RuleReferences, 'userDefinedEventIds'>,
): string[] =>
  references.userDefinedEventIds.has(userDefinedEventId)
    ? []
    : [`UNKNOWN_USER_DEFINED_EVENT: user-defined event ${userDefinedEventId} does not exist`];

const deviceListProblems = (
  deviceIds: readonly string[],
  what: string,
  references: Pick<RuleReferences, 'deviceIds'>,
): string[] => [
  ...(deviceIds.length === 0 ? [`${what}_EMPTY: select at least one device`] : []),
  ...unknownDeviceProblems(deviceIds, references),
];

/**
 * Why an event selection (a rule's trigger or stop event, an alarm's triggering, start, stop or auto-close event)
 * is invalid: no event type, a user-defined or generic event that is not named or does not exist, no sources or
 * unknown ones. `where` names the selection in the messages ('trigger', 'stop event', …).
 */
export const eventSelectionProblems = (
  selection: RuleEventSelection,
  where: string,
  references: EventSelectionReferences,
): string[] => {
  const problems: string[] = [];
  if (selection.eventType.trim() === '') {
    problems.push(`EVENT_TYPE_EMPTY: the ${where} needs an event type`);
  }
  const specific =
    selection.eventType === USER_DEFINED_EVENT_TRIGGER_TYPE
      ? { ids: references.userDefinedEventIds, code: 'UNKNOWN_USER_DEFINED_EVENT', what: 'user-defined event' }
      : selection.eventType === GENERIC_EVENT_TRIGGER_TYPE
        ? { ids: references.genericEventIds, code: 'UNKNOWN_GENERIC_EVENT', what: 'generic event' }
        : undefined;
  if (specific !== undefined) {
    if (selection.eventId === undefined) {
      problems.push(`EVENT_ID_MISSING: the ${where} must name the ${specific.what}`);
    } else if (!specific.ids.has(selection.eventId)) {
      problems.push(`${specific.code}: ${specific.what} ${selection.eventId} does not exist`);
    }
  }
  const sources = selection.sources;
  switch (sources.kind) {
    case 'all':
      if (sources.deviceKinds.length === 0) {
        problems.push(`SOURCES_EMPTY: the ${where} needs at least one source`);
      }
      break;
    case 'devices':
      if (sources.deviceIds.length === 0) {
        problems.push(`SOURCES_EMPTY: the ${where} needs at least one source`);
      }
      problems.push(...deviceListProblems(sources.deviceIds, 'SOURCES', references));
      break;
    case 'deviceGroups':
      if (sources.groupIds.length === 0) {
        problems.push(`SOURCES_EMPTY: the ${where} needs at least one source`);
      }
      for (const id of sources.groupIds.filter((g) => !references.deviceGroupIds.has(g))) {
        problems.push(`UNKNOWN_DEVICE_GROUP: device group ${id} does not exist`);
      }
      break;
    case 'external':
      break;
    default:
      return assertNever(sources);
  }
  return problems;
};

const checkPriority = (priority: number, add: (problem: string) => void): void => {
  if (!Number.isInteger(priority) || priority < PTZ_PRIORITY_MIN || priority > PTZ_PRIORITY_MAX) {
    add(`PTZ_PRIORITY_INVALID: PTZ priority is a whole number from ${PTZ_PRIORITY_MIN} to ${PTZ_PRIORITY_MAX}`);
  }
};

const checkTrigger = (
  trigger: RuleTrigger,
  check: Readonly<{
    add: (problem: string) => void;
    knownTimeProfile: (id: string) => void;
    checkEventSelection: (selection: RuleEventSelection, where: string) => void;
  }>,
): void => {
  switch (trigger.kind) {
    case 'event':
      return check.checkEventSelection(trigger, 'trigger');
    case 'timeInterval':
      return check.knownTimeProfile(trigger.timeProfileId);
    case 'recurring':
      return recurrenceProblems(trigger.recurrence).forEach(check.add);
    default:
      return assertNever(trigger);
  }
};

const recurrenceProblems = (recurrence: RuleRecurrence): string[] => {
  const problems: string[] = [];
  if (parseTimeOfDay(recurrence.at) === undefined) {
    problems.push('RECURRENCE_TIME_INVALID: the time must be HH:mm');
  }
  if (parseLocalDate(recurrence.startDate) === undefined) {
    problems.push('RECURRENCE_START_DATE_INVALID: the start date must be YYYY-MM-DD');
  }
  if (!isValidTimeZone(recurrence.timeZone)) {
    problems.push(`RECURRENCE_TIME_ZONE_INVALID: ${recurrence.timeZone} is not an IANA time zone`);
  }
  const pattern = recurrence.pattern;
  const every =
    pattern.kind === 'daily'
      ? pattern.everyNDays
      : pattern.kind === 'weekly'
        ? pattern.everyNWeeks
        : pattern.everyNMonths;
  if (!isPositiveInteger(every)) {
    problems.push('RECURRENCE_INTERVAL_INVALID: repeat every 1 or more days, weeks or months');
  }
  if (pattern.kind === 'weekly' && pattern.weekdays.length === 0) {
    problems.push('RECURRENCE_WEEKDAYS_EMPTY: a weekly recurrence needs at least one weekday');
  }
  if (pattern.kind === 'monthly' && pattern.on.kind === 'dayOfMonth') {
    const day = pattern.on.day;
    if (!Number.isInteger(day) || day < 1 || day > 31) {
      problems.push('RECURRENCE_DAY_INVALID: the day of the month is 1 to 31');
    }
  }
  return problems;
};

const checkCondition = (
  condition: RuleCondition,
  add: (problem: string) => void,
  knownTimeProfile: (id: string) => void,
): void => {
  switch (condition.kind) {
    case 'withinTimeProfile':
    case 'outsideTimeProfile':
      return knownTimeProfile(condition.timeProfileId);
    case 'dayOfWeek':
      if (condition.days.length === 0) {
        add('CONDITION_DAYS_EMPTY: "Day of week is" needs at least one day');
      }
      return;
    case 'always':
      return;
    default:
      return assertNever(condition);
  }
};
