/**
 * Alarm data settings (FEATURES 5.2, S2:14214-14250; retention 5.3.8, S2:10863-10864): the priorities, states and
 * categories alarms are given, the reasons for closing and how long alarms are kept. Values only: validation is
 * `alarmSettingsProblems`. Field names are persisted inside alarm-settings events: do not rename.
 */

/** "Level", "Name", "Sound", "Repeat sound", "Enable desktop notifications" (S2:14218-14228). */
export type AlarmPriority = Readonly<{
  level: number;
  name: string;
  /** The name of a sound (Sound Settings, S2:14252); none plays nothing. */
  sound?: string;
  /** Once, or "repeatedly until … the operator clicks the alarm in the alarm list". */
  repeatSound: boolean;
  desktopNotifications: boolean;
}>;

/** A state level and its name (S2:14230-14233). */
export type AlarmStateDefinition = Readonly<{ level: number; name: string }>;

/** A category level and its name (S2:14235-14238). */
export type AlarmCategory = Readonly<{ level: number; name: string }>;

/** "Reasons for Closing" (S2:14246-14250): when enabled, an alarm is closed only with one of the reasons. */
export type AlarmClosingReasons = Readonly<{ enabled: boolean; reasons: readonly string[] }>;

/**
 * "Keep closed alarms for" (0: deleted once closed) and "Keep all other alarms for" (New, In progress, On hold; 0:
 * shown but not stored), in days (S2:10863-10864).
 */
export type AlarmRetention = Readonly<{ closedAlarmsDays: number; openAlarmsDays: number }>;

export type AlarmDataSettings = Readonly<{
  priorities: readonly AlarmPriority[];
  /** The custom states only: the built-in ones (BUILT_IN_ALARM_STATES) are constants, never stored. */
  customStates: readonly AlarmStateDefinition[];
  categories: readonly AlarmCategory[];
  reasonsForClosing: AlarmClosingReasons;
  retention: AlarmRetention;
}>;

/**
 * The default state levels "1, 4, 9 and 11, which cannot be edited or reused" (S2:14231). Their names are the seed's
 * New, In progress, On hold and Closed (S2:10863-10864); pairing them by order is inferred (FEATURES 13.2).
 */
export const ALARM_STATE_LEVELS = { new: 1, inProgress: 4, onHold: 9, closed: 11 } as const; // persisted: do not renumber

export const BUILT_IN_ALARM_STATES: readonly AlarmStateDefinition[] = [
  { level: ALARM_STATE_LEVELS.new, name: 'New' },
  { level: ALARM_STATE_LEVELS.inProgress, name: 'In progress' },
  { level: ALARM_STATE_LEVELS.onHold, name: 'On hold' },
  { level: ALARM_STATE_LEVELS.closed, name: 'Closed' },
];

export const isBuiltInAlarmStateLevel = (level: number): boolean =>
  BUILT_IN_ALARM_STATES.some((state) => state.level === level);

/** Every state an alarm can be in: the built-in ones and the custom ones, by level. */
export const allAlarmStates = (settings: AlarmDataSettings): AlarmStateDefinition[] =>
  [...BUILT_IN_ALARM_STATES, ...settings.customStates].sort((a, b) => a.level - b.level);

/** "Level 99 is reserved for the Emergency Alert alarm in XProtect Mobile client" (S2:14237). */
export const RESERVED_ALARM_CATEGORY_LEVEL = 99;

export const ALARM_LEVEL_MIN = 1;
export const ALARM_LEVEL_MAX = 9_999; // (inferred) the seed states no upper bound
export const ALARM_SETTINGS_NAME_MAX_LENGTH = 100; // (inferred)
export const ALARM_SETTINGS_LIST_MAX = 100; // (inferred) "as many as you like" (S2:14238), within reason
export const ALARM_RETENTION_DAYS_MAX = 3_650; // (inferred)

/**
 * What exists after the first start: priorities 1, 2, 3 ("the default priority levels (numbers 1, 2 or 3)",
 * S2:14219) named High, Medium, Low (names inferred, FEATURES 13.3), no custom states, no categories, reasons for
 * closing disabled. The retention defaults (1 day closed, 30 days other) are Milestone's, not stated in the seed.
 */
export const DEFAULT_ALARM_DATA_SETTINGS: AlarmDataSettings = {
  priorities: [
    { level: 1, name: 'High', repeatSound: false, desktopNotifications: false },
    { level: 2, name: 'Medium', repeatSound: false, desktopNotifications: false },
    { level: 3, name: 'Low', repeatSound: false, desktopNotifications: false },
  ],
  customStates: [],
  categories: [],
  reasonsForClosing: { enabled: false, reasons: [] },
  retention: { closedAlarmsDays: 1, openAlarmsDays: 30 },
};

const isLevel = (level: unknown): level is number =>
  typeof level === 'number' && Number.isInteger(level) && level >= ALARM_LEVEL_MIN && level <= ALARM_LEVEL_MAX;

const nameProblems = (name: unknown, what: string, level: unknown): string[] =>
  typeof name !== 'string' || name.trim().length === 0 || name.trim().length > ALARM_SETTINGS_NAME_MAX_LENGTH
    ? [
        `${what}_NAME_INVALID: the ${what.toLowerCase()} at level ${String(level)} needs a name of 1 to ${ALARM_SETTINGS_NAME_MAX_LENGTH} characters`,
      ]
    : [];

/** Levels: whole numbers in range, each used once. */
const levelProblems = (entries: readonly { level: unknown }[], what: string): string[] => {
  const problems: string[] = [];
  if (entries.length > ALARM_SETTINGS_LIST_MAX) {
    problems.push(`${what}_TOO_MANY: at most ${ALARM_SETTINGS_LIST_MAX}`);
  }
  const seen = new Set<number>();
  for (const { level } of entries) {
    if (!isLevel(level)) {
      problems.push(
        `${what}_LEVEL_INVALID: level ${String(level)} is not a whole number from ${ALARM_LEVEL_MIN} to ${ALARM_LEVEL_MAX}`,
      );
    } else if (seen.has(level)) {
      problems.push(`${what}_LEVEL_DUPLICATE: level ${level} is used twice`);
    } else {
      seen.add(level);
    }
  }
  return problems;
};

export const alarmPrioritiesProblems = (priorities: readonly AlarmPriority[]): string[] => {
  const problems = levelProblems(priorities, 'PRIORITY');
  if (priorities.length === 0) {
    problems.unshift('PRIORITIES_EMPTY: at least one priority is needed (every alarm definition has one)');
  }
  for (const priority of priorities) {
    problems.push(...nameProblems(priority.name, 'PRIORITY', priority.level));
    if (typeof priority.repeatSound !== 'boolean' || typeof priority.desktopNotifications !== 'boolean') {
      problems.push(
        `PRIORITY_FLAGS_INVALID: repeatSound and desktopNotifications of level ${String(priority.level)} are true or false`,
      );
    }
    const sound: unknown = priority.sound;
    if (
      sound !== undefined &&
      (typeof sound !== 'string' || sound.trim() === '' || sound.length > ALARM_SETTINGS_NAME_MAX_LENGTH)
    ) {
      problems.push(
        `PRIORITY_SOUND_INVALID: the sound of level ${priority.level} must have 1 to ${ALARM_SETTINGS_NAME_MAX_LENGTH} characters`,
      );
    }
  }
  return problems;
};

/**
 * The custom states. A built-in level (1, 4, 9, 11) "cannot be edited or reused": it may be sent back exactly as it
 * is (so a client can send the whole list it read), any other use of its level is refused.
 */
export const alarmStatesProblems = (states: readonly AlarmStateDefinition[]): string[] => {
  const problems = levelProblems(states, 'STATE');
  for (const state of states) {
    const builtIn = BUILT_IN_ALARM_STATES.find((candidate) => candidate.level === state.level);
    if (builtIn !== undefined) {
      if (state.name !== builtIn.name) {
        problems.push(
          `STATE_LEVEL_RESERVED: level ${builtIn.level} is the built-in state ${builtIn.name}; built-in states cannot be edited or reused`,
        );
      }
      continue;
    }
    problems.push(...nameProblems(state.name, 'STATE', state.level));
  }
  return problems;
};

export const alarmCategoriesProblems = (categories: readonly AlarmCategory[]): string[] => {
  const problems = levelProblems(categories, 'CATEGORY');
  for (const category of categories) {
    if (category.level === RESERVED_ALARM_CATEGORY_LEVEL) {
      problems.push(
        `CATEGORY_LEVEL_RESERVED: level ${RESERVED_ALARM_CATEGORY_LEVEL} is reserved for the Emergency Alert alarm`,
      );
    }
    problems.push(...nameProblems(category.name, 'CATEGORY', category.level));
  }
  return problems;
};

export const alarmClosingReasonsProblems = (reasonsForClosing: AlarmClosingReasons): string[] => {
  const problems: string[] = [];
  const { enabled, reasons } = reasonsForClosing;
  if (typeof enabled !== 'boolean') {
    problems.push('REASONS_ENABLED_INVALID: enabled is true or false');
  }
  if (reasons.length > ALARM_SETTINGS_LIST_MAX) {
    problems.push(`REASONS_TOO_MANY: at most ${ALARM_SETTINGS_LIST_MAX}`);
  }
  if (enabled === true && reasons.length === 0) {
    problems.push('REASONS_EMPTY: with reasons for closing enabled, at least one reason is needed to close an alarm');
  }
  const seen = new Set<string>();
  for (const reason of reasons) {
    if (typeof reason !== 'string' || reason.trim() === '' || reason.trim().length > ALARM_SETTINGS_NAME_MAX_LENGTH) {
      problems.push(`REASON_INVALID: a reason has 1 to ${ALARM_SETTINGS_NAME_MAX_LENGTH} characters`);
      continue;
    }
    const key = reason.trim().toLowerCase();
    if (seen.has(key)) {
      problems.push(`REASON_DUPLICATE: ${reason.trim()} is listed twice`);
    }
    seen.add(key);
  }
  return problems;
};

export const alarmRetentionProblems = (retention: AlarmRetention): string[] =>
  (
    [
      ['closedAlarmsDays', retention.closedAlarmsDays],
      ['openAlarmsDays', retention.openAlarmsDays],
    ] as const
  )
    .filter(
      ([, days]) => typeof days !== 'number' || !Number.isInteger(days) || days < 0 || days > ALARM_RETENTION_DAYS_MAX,
    )
    .map(([field]) => `RETENTION_INVALID: ${field} is a whole number of days from 0 to ${ALARM_RETENTION_DAYS_MAX}`);

/** Every problem of a whole settings document; empty when it is valid. */
export const alarmSettingsProblems = (settings: AlarmDataSettings): string[] => [
  ...alarmPrioritiesProblems(settings.priorities),
  ...alarmStatesProblems(settings.customStates),
  ...alarmCategoriesProblems(settings.categories),
  ...alarmClosingReasonsProblems(settings.reasonsForClosing),
  ...alarmRetentionProblems(settings.retention),
];
