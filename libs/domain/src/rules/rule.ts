import type { RecurrencePattern, WeekdayNumber } from '../time-profiles/time-profile';

/**
 * The rule model (FEATURES 1.1-1.6): a rule performs actions when an event occurs or a time interval begins, under
 * conditions, and may perform stop actions on a stop criterion. Values only: validation is `ruleProblems`, the
 * canonical text is `describeRule`. Field names and `kind`/`type` literals are persisted inside rule events: do not
 * rename.
 */

/** Device categories of "All Cameras / All Microphones / All Speakers / All Metadata" (S2:12390-12399). */
export type RuleDeviceKind = 'cameras' | 'microphones' | 'speakers' | 'metadata';

/**
 * Where an event must come from (FEATURES 1.1.5). `all` covers the "All Cameras, All Microphones, All Speakers"
 * selections (one or more categories, S2:12390); `external` is the `External` source of requests from integrations.
 */
export type RuleEventSources =
  | Readonly<{ kind: 'all'; deviceKinds: readonly RuleDeviceKind[] }>
  | Readonly<{ kind: 'devices'; deviceIds: readonly string[] }>
  | Readonly<{ kind: 'deviceGroups'; groupIds: readonly string[] }>
  | Readonly<{ kind: 'external' }>;

/**
 * An event selection: the persisted event type ('MotionStarted', 'InputActivated', 'UserDefinedEventTriggered',
 * 'GenericEventReceived', ...) and, for user-defined and generic events, the specific event's id.
 */
export type RuleEventSelection = Readonly<{ eventType: string; eventId?: string; sources: RuleEventSources }>;

/** Event types whose selection names one specific definition by `eventId`. */
export const USER_DEFINED_EVENT_TRIGGER_TYPE = 'UserDefinedEventTriggered';
export const GENERIC_EVENT_TRIGGER_TYPE = 'GenericEventReceived';

/** When an interval trigger fires its actions: on entering the time profile's periods, on leaving them, or both. */
export type RuleIntervalEdge = 'entering' | 'leaving' | 'both';

/**
 * A detailed recurring schedule (FEATURES 1.2 "Recurring time"): the time-profile recurrence pattern, counted from
 * `startDate` ('YYYY-MM-DD'), firing at `at` ('HH:mm') in `timeZone`.
 */
export type RuleRecurrence = Readonly<{ pattern: RecurrencePattern; startDate: string; at: string; timeZone: string }>;

export type RuleTrigger =
  | (Readonly<{ kind: 'event' }> & RuleEventSelection)
  | Readonly<{ kind: 'timeInterval'; timeProfileId: string; edge: RuleIntervalEdge }>
  | Readonly<{ kind: 'recurring'; recurrence: RuleRecurrence }>;

/** "Select conditions to apply" (S2:7650-7658), the ones this system supports. No condition means always. */
export type RuleCondition =
  | Readonly<{ kind: 'withinTimeProfile'; timeProfileId: string }>
  | Readonly<{ kind: 'outsideTimeProfile'; timeProfileId: string }>
  | Readonly<{ kind: 'dayOfWeek'; days: readonly WeekdayNumber[] }>
  | Readonly<{ kind: 'always' }>;

/**
 * The devices an action acts on (FEATURES 1.1.6): listed devices, every device of some categories, "the device on
 * which event occurred" (S2:12391) or "the devices from metadata" (S2:12395).
 */
export type RuleActionTarget =
  | Readonly<{ kind: 'devices'; deviceIds: readonly string[] }>
  | Readonly<{ kind: 'all'; deviceKinds: readonly RuleDeviceKind[] }>
  | Readonly<{ kind: 'eventDevice' }>
  | Readonly<{ kind: 'metadataDevices' }>;

/** Live or recording frame rate (A7 / A8). */
export type RuleFrameRateStream = 'live' | 'recording';

/** Actions with a mandatory stop action (A1, A2, A7, A8, A10, A11). */
export type StartRecordingAction = Readonly<{
  type: 'StartRecording';
  /** 0 = "immediately"; otherwise "<N> seconds before" the triggering event (pre-buffer, FEATURES 6.2). */
  preBufferSeconds: number;
  target: RuleActionTarget;
}>;
export type StartFeedAction = Readonly<{ type: 'StartFeed'; target: RuleActionTarget }>;
export type SetFrameRateAction = Readonly<{
  type: 'SetFrameRate';
  stream: RuleFrameRateStream;
  framesPerSecond: number;
  target: RuleActionTarget;
}>;
export type StartPatrollingAction = Readonly<{
  type: 'StartPatrolling';
  patrollingProfileId: string;
  priority: number;
  target: RuleActionTarget;
}>;
export type PausePatrollingAction = Readonly<{ type: 'PausePatrolling'; target: RuleActionTarget }>;

/** Stop actions (S2:7624-7633). `delaySeconds` 0 = "immediately", otherwise "<N> seconds after". */
export type StopRecordingAction = Readonly<{ type: 'StopRecording'; delaySeconds: number }>;
export type StopFeedAction = Readonly<{ type: 'StopFeed'; delaySeconds: number }>;
export type RestoreDefaultFrameRateAction = Readonly<{
  type: 'RestoreDefaultFrameRate';
  stream: RuleFrameRateStream;
  delaySeconds: number;
}>;
export type StopPatrollingAction = Readonly<{ type: 'StopPatrolling'; delaySeconds: number }>;
export type ResumePatrollingAction = Readonly<{ type: 'ResumePatrolling'; delaySeconds: number }>;

/** Actions without a stop action (A12-A14, A17, A18, A27, A30). */
export type MoveToPresetAction = Readonly<{
  type: 'MoveToPreset';
  presetId: string;
  /** PTZ priority 1-32000 (FEATURES 8.6). */
  priority: number;
  target: RuleActionTarget;
}>;
/** The default rule moves "immediately" without a priority (S2:12388); the wizard's action has one (S2:12655). */
export type MoveToDefaultPresetAction = Readonly<{
  type: 'MoveToDefaultPreset';
  priority?: number;
  target: RuleActionTarget;
}>;
export type ActivateOutputAction = Readonly<{ type: 'ActivateOutput'; outputIds: readonly string[] }>;
export type DeactivateOutputAction = Readonly<{ type: 'DeactivateOutput'; outputIds: readonly string[] }>;
export type SendNotificationAction = Readonly<{
  type: 'SendNotification';
  notificationProfileId: string;
  /** The devices supplying pre-alarm images ("images from <devices>", S2:7858). */
  imagesFrom?: RuleActionTarget;
}>;
/** Writes to the rule log; `text` may hold variables such as `$DeviceName$` and `$EventName$` (A18). */
export type MakeLogEntryAction = Readonly<{ type: 'MakeLogEntry'; text: string }>;
export type TriggerUserDefinedEventAction = Readonly<{ type: 'TriggerUserDefinedEvent'; userDefinedEventId: string }>;
export type CallWebhookAction = Readonly<{ type: 'CallWebhook'; webhookId: string }>;

export type RuleStartAction =
  StartRecordingAction | StartFeedAction | SetFrameRateAction | StartPatrollingAction | PausePatrollingAction;
export type RuleStopAction =
  StopRecordingAction | StopFeedAction | RestoreDefaultFrameRateAction | StopPatrollingAction | ResumePatrollingAction;
export type RuleInstantAction =
  | MoveToPresetAction
  | MoveToDefaultPresetAction
  | ActivateOutputAction
  | DeactivateOutputAction
  | SendNotificationAction
  | MakeLogEntryAction
  | TriggerUserDefinedEventAction
  | CallWebhookAction;

/**
 * Every action. Start actions belong in `actions`, stop actions in `stop.actions`, instant actions in either (an
 * action without a mandatory stop action may run "on either an event or after a period of time", S2:12630).
 */
export type RuleAction = RuleStartAction | RuleStopAction | RuleInstantAction;
export type RuleActionType = RuleAction['type'];

/**
 * When stop actions run (FEATURES 1.4): on an event ("Perform stop action on ..."), a delay after the action
 * ("Perform action <N> seconds after") or at the end of the time interval (interval triggers only).
 */
export type RuleStopCriterion =
  | (Readonly<{ kind: 'onEvent' }> & RuleEventSelection)
  | Readonly<{ kind: 'afterSeconds'; seconds: number }>
  | Readonly<{ kind: 'intervalEnds' }>;

export type RuleStop = Readonly<{
  /** Required; optional in the type only so that a definition arriving without one is reported, not rejected. */
  criterion?: RuleStopCriterion;
  actions: readonly RuleAction[];
}>;

export type RuleDefinition = Readonly<{
  id: string;
  name: string;
  description: string;
  /** A rule "is by default active once you have created it" (S2:7673). */
  active: boolean;
  trigger: RuleTrigger;
  conditions: readonly RuleCondition[];
  actions: readonly RuleAction[];
  stop?: RuleStop;
}>;

/** Start action → its mandatory stop action (FEATURES 1.5: A1, A2, A7/A8, A10, A11). */
export const MANDATORY_STOP_ACTIONS = {
  StartRecording: 'StopRecording',
  StartFeed: 'StopFeed',
  SetFrameRate: 'RestoreDefaultFrameRate',
  StartPatrolling: 'StopPatrolling',
  PausePatrolling: 'ResumePatrolling',
} as const satisfies Record<RuleStartAction['type'], RuleStopAction['type']>;

export const RULE_START_ACTION_TYPES = Object.keys(MANDATORY_STOP_ACTIONS) as readonly RuleStartAction['type'][];

export const RULE_STOP_ACTION_TYPES = [
  'StopRecording',
  'StopFeed',
  'RestoreDefaultFrameRate',
  'StopPatrolling',
  'ResumePatrolling',
] as const satisfies readonly RuleStopAction['type'][];

type UnlistedStop = Exclude<RuleStopAction['type'], (typeof RULE_STOP_ACTION_TYPES)[number]>;
export const allRuleStopActionTypesListed: [UnlistedStop] extends [never] ? true : UnlistedStop = true;

export const isRuleStartAction = (action: RuleAction): action is RuleStartAction =>
  Object.prototype.hasOwnProperty.call(MANDATORY_STOP_ACTIONS, action.type);

export const isRuleStopAction = (action: RuleAction): action is RuleStopAction =>
  (RULE_STOP_ACTION_TYPES as readonly string[]).includes(action.type);
