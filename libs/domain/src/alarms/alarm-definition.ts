import { assertNever } from '../shared';
import type { RuleEventSelection } from '../rules/rule';
import {
  eventSelectionProblems,
  timeProfileReferenceProblems,
  unknownDeviceProblems,
  userDefinedEventReferenceProblems,
  type EventSelectionReferences,
} from '../rules/rule.validation';

/**
 * An alarm definition (FEATURES 5.1, S2:14165-14212): which event raises an alarm, when the definition is active,
 * what the operator must do and by when, and what the alarm starts with (owner, priority, category, related
 * cameras). Values only: validation is `alarmDefinitionProblems`. Field names and `kind` literals are persisted
 * inside alarm-definition events: do not rename.
 */

/**
 * "Alarm trigger" (S2:14187-14188): active within a time profile (Always when none is chosen), or "Event based": a
 * start event activates the definition and a stop event deactivates it.
 */
export type AlarmActivation =
  | Readonly<{ kind: 'timeProfile'; timeProfileId: string }>
  | Readonly<{ kind: 'eventBased'; start: RuleEventSelection; stop: RuleEventSelection }>;

/**
 * "Operator action required" (S2:14193-14194): the time limit (default 1 minute) and the events triggered when it has
 * passed. "The time limit is not active before you have attached an event": no events, no escalation. The events are
 * user-defined events (the events this system can trigger), by id.
 */
export type AlarmOperatorAction = Readonly<{ timeLimitSeconds: number; eventsTriggered: readonly string[] }>;

export type AlarmDefinition = Readonly<{
  id: string;
  /** "By default, the alarm definition is enabled." */
  enabled: boolean;
  /** "Alarm names do not have to be unique." */
  name: string;
  /** Shown to the operator handling the alarm. */
  instructions: string;
  /** "Triggering event" (type and, for user-defined and generic events, the event) and its "Sources". */
  triggeringEvent: RuleEventSelection;
  activation: AlarmActivation;
  operatorAction: AlarmOperatorAction;
  /** "Up to 15 cameras … even if these cameras themselves do not trigger the alarm." */
  relatedCameraIds: readonly string[];
  /** "Initial alarm owner": a user id. */
  initialOwnerId?: string;
  /** "Initial alarm priority": a priority level of the alarm data settings. */
  initialPriority: number;
  /** "Alarm category": a category level of the alarm data settings. */
  categoryLevel?: number;
  /** "Events triggered by alarm": user-defined events the operator can trigger from the alarm, by id. */
  eventsTriggeredByAlarm: readonly string[];
  /** "Auto-close alarm": the event that closes the alarm automatically; none keeps it open until closed by hand. */
  autoCloseOn?: RuleEventSelection;
  /** "Alarm assignable to Administrators": whether administrators are in the Assigned to list. */
  assignableToAdministrators: boolean;
}>;

/** "The default value is 1 minute" (S2:14193). */
export const DEFAULT_ALARM_TIME_LIMIT_SECONDS = 60;
export const ALARM_TIME_LIMIT_MAX_SECONDS = 86_400; // (inferred) a day
/** "Select up to 15 cameras" (S2:14204). */
export const ALARM_RELATED_CAMERAS_MAX = 15;
export const ALARM_DEFINITION_NAME_MAX_LENGTH = 100; // (inferred)
export const ALARM_INSTRUCTIONS_MAX_LENGTH = 4_000; // (inferred)
export const ALARM_TRIGGERED_EVENTS_MAX = 20; // (inferred)

/** What a definition may refer to, as the caller knows it when it validates. `always` is always a time profile. */
export type AlarmDefinitionReferences = EventSelectionReferences &
  Readonly<{
    timeProfileIds: ReadonlySet<string>;
    userIds: ReadonlySet<string>;
    priorityLevels: ReadonlySet<number>;
    categoryLevels: ReadonlySet<number>;
  }>;

/**
 * Why `definition` cannot be saved; empty when it can. Every problem, each as 'CODE: explanation', so the HTTP edge
 * answers 422 with all of them at once. Event selections and references are checked by the rules' own helpers.
 */
export const alarmDefinitionProblems = (
  definition: AlarmDefinition,
  references: AlarmDefinitionReferences,
): string[] => {
  const problems: string[] = [];
  const add = (problem: string): void => {
    if (!problems.includes(problem)) {
      problems.push(problem);
    }
  };

  const name = definition.name.trim();
  if (name.length === 0) {
    add('ALARM_NAME_EMPTY: an alarm definition needs a name');
  }
  if (name.length > ALARM_DEFINITION_NAME_MAX_LENGTH) {
    add(`ALARM_NAME_TOO_LONG: at most ${ALARM_DEFINITION_NAME_MAX_LENGTH} characters`);
  }
  if (definition.instructions.length > ALARM_INSTRUCTIONS_MAX_LENGTH) {
    add(`INSTRUCTIONS_TOO_LONG: at most ${ALARM_INSTRUCTIONS_MAX_LENGTH} characters`);
  }

  eventSelectionProblems(definition.triggeringEvent, 'triggering event', references).forEach(add);

  const activation = definition.activation;
  switch (activation.kind) {
    case 'timeProfile':
      timeProfileReferenceProblems(activation.timeProfileId, references).forEach(add);
      break;
    case 'eventBased':
      eventSelectionProblems(activation.start, 'start event', references).forEach(add);
      eventSelectionProblems(activation.stop, 'stop event', references).forEach(add);
      break;
    default:
      assertNever(activation);
  }

  const { timeLimitSeconds, eventsTriggered } = definition.operatorAction;
  if (!Number.isInteger(timeLimitSeconds) || timeLimitSeconds < 1 || timeLimitSeconds > ALARM_TIME_LIMIT_MAX_SECONDS) {
    add(`TIME_LIMIT_INVALID: the time limit is a whole number of seconds from 1 to ${ALARM_TIME_LIMIT_MAX_SECONDS}`);
  }
  const userDefinedEvents = (ids: readonly string[], what: string, code: string): void => {
    if (ids.length > ALARM_TRIGGERED_EVENTS_MAX) {
      add(`${code}_TOO_MANY: at most ${ALARM_TRIGGERED_EVENTS_MAX} ${what}`);
    }
    if (new Set(ids).size !== ids.length) {
      add(`${code}_DUPLICATE: an event is listed twice in the ${what}`);
    }
    ids.forEach((id) => userDefinedEventReferenceProblems(id, references).forEach(add));
  };
  userDefinedEvents(eventsTriggered, 'events triggered when the time limit has passed', 'EVENTS_TRIGGERED');
  userDefinedEvents(definition.eventsTriggeredByAlarm, 'events triggered by the alarm', 'EVENTS_TRIGGERED_BY_ALARM');

  const cameras = definition.relatedCameraIds;
  if (cameras.length > ALARM_RELATED_CAMERAS_MAX) {
    add(`RELATED_CAMERAS_TOO_MANY: at most ${ALARM_RELATED_CAMERAS_MAX} related cameras, not ${cameras.length}`);
  }
  if (new Set(cameras).size !== cameras.length) {
    add('RELATED_CAMERAS_DUPLICATE: a related camera is listed twice');
  }
  unknownDeviceProblems(cameras, references).forEach(add);

  if (definition.initialOwnerId !== undefined && !references.userIds.has(definition.initialOwnerId)) {
    add(`UNKNOWN_USER: the initial owner ${definition.initialOwnerId} is not a user`);
  }
  if (!references.priorityLevels.has(definition.initialPriority)) {
    add(`UNKNOWN_PRIORITY: priority level ${definition.initialPriority} does not exist`);
  }
  if (definition.categoryLevel !== undefined && !references.categoryLevels.has(definition.categoryLevel)) {
    add(`UNKNOWN_CATEGORY: category level ${definition.categoryLevel} does not exist`);
  }
  if (definition.autoCloseOn !== undefined) {
    eventSelectionProblems(definition.autoCloseOn, 'auto-close event', references).forEach(add);
  }
  return problems;
};
