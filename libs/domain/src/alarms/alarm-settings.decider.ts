import type { AccessCommand, AccessDecider, EpochMs } from '../access/access.types';
import { assertNever } from '../shared';
import {
  alarmCategoriesProblems,
  alarmClosingReasonsProblems,
  alarmPrioritiesProblems,
  alarmRetentionProblems,
  alarmStatesProblems,
  DEFAULT_ALARM_DATA_SETTINGS,
  isBuiltInAlarmStateLevel,
  type AlarmCategory,
  type AlarmClosingReasons,
  type AlarmDataSettings,
  type AlarmPriority,
  type AlarmRetention,
  type AlarmStateDefinition,
} from './alarm-settings';
import { AlarmSettingsError } from './alarm-settings.errors';
import type { AlarmSettingsEvent } from './alarm-settings.events';

/**
 * The alarm data settings, one stream (ALARM_SETTINGS_STREAM). Which alarm definitions use a priority or category
 * level is read by the caller from a read model and passed in as `inUse`, so that a level in use is not removed.
 */
type By = Readonly<{ byUserId: string; now: EpochMs }>;

/** A level and the names of what uses it now (alarm definitions). */
export type AlarmLevelUse = Readonly<{ level: number; usedBy: readonly string[] }>;

export type InitializeAlarmDataSettings = AccessCommand<'InitializeAlarmDataSettings', By>;
export type SetAlarmPriorities = AccessCommand<
  'SetAlarmPriorities',
  By & Readonly<{ priorities: readonly AlarmPriority[]; inUse: readonly AlarmLevelUse[] }>
>;
/** The custom states; the built-in ones may be included unchanged and are then ignored. */
export type SetAlarmStates = AccessCommand<
  'SetAlarmStates',
  By & Readonly<{ states: readonly AlarmStateDefinition[] }>
>;
export type SetAlarmCategories = AccessCommand<
  'SetAlarmCategories',
  By & Readonly<{ categories: readonly AlarmCategory[]; inUse: readonly AlarmLevelUse[] }>
>;
export type SetAlarmClosingReasons = AccessCommand<
  'SetAlarmClosingReasons',
  By & Readonly<{ reasonsForClosing: AlarmClosingReasons }>
>;
export type SetAlarmRetention = AccessCommand<'SetAlarmRetention', By & Readonly<{ retention: AlarmRetention }>>;

export type AlarmSettingsCommand =
  | InitializeAlarmDataSettings
  | SetAlarmPriorities
  | SetAlarmStates
  | SetAlarmCategories
  | SetAlarmClosingReasons
  | SetAlarmRetention;

/** Before the first event the settings are the defaults (not yet written). */
export type AlarmSettingsState = Readonly<{ initialized: boolean; settings: AlarmDataSettings }>;

export const initialAlarmSettingsState = (): AlarmSettingsState => ({
  initialized: false,
  settings: DEFAULT_ALARM_DATA_SETTINGS,
});

/** Checked before anything is read from the values, so that malformed data is reported, never thrown on. */
const check = (problems: string[]): void => {
  if (problems.length > 0) {
    throw new AlarmSettingsError('ALARM_SETTINGS_INVALID', `invalid alarm data settings: ${problems.join('; ')}`, {
      problems,
    });
  }
};

const byLevel = <T extends { level: number }>(entries: readonly T[]): T[] =>
  [...entries].sort((a, b) => a.level - b.level);

const trimmedNames = <T extends { level: number; name: string }>(entries: readonly T[]): T[] =>
  byLevel(entries.map((entry) => ({ ...entry, name: entry.name.trim() })));

/** Refuses to remove a level something still uses, naming what uses it. */
const refuseRemovingUsed = (
  what: 'priority' | 'category',
  remaining: readonly { level: number }[],
  inUse: readonly AlarmLevelUse[],
): void => {
  const kept = new Set(remaining.map((entry) => entry.level));
  const usedBy = inUse
    .filter((use) => use.usedBy.length > 0 && !kept.has(use.level))
    .flatMap((use) => use.usedBy.map((name) => `${name} (${what} ${use.level})`));
  if (usedBy.length > 0) {
    throw new AlarmSettingsError('ALARM_SETTINGS_IN_USE', `a ${what} being removed is used by ${usedBy.join(', ')}`, {
      usedBy,
    });
  }
};

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

export const decideAlarmSettings = (command: AlarmSettingsCommand, state: AlarmSettingsState): AlarmSettingsEvent[] => {
  const { byUserId, now } = command.data;
  const by = { byUserId, at: now };
  // A change before the defaults were written writes them first, so the stream always starts with them.
  const initialized: AlarmSettingsEvent[] = state.initialized
    ? []
    : [{ type: 'AlarmDataSettingsInitialized', data: { settings: DEFAULT_ALARM_DATA_SETTINGS, ...by } }];
  const change = (changed: boolean, event: AlarmSettingsEvent): AlarmSettingsEvent[] =>
    changed ? [...initialized, event] : initialized;
  const current = state.settings;
  switch (command.type) {
    case 'InitializeAlarmDataSettings':
      return initialized;
    case 'SetAlarmPriorities': {
      check(alarmPrioritiesProblems(command.data.priorities));
      const priorities = trimmedNames(command.data.priorities).map(
        ({ level, name, sound, repeatSound, desktopNotifications }) => ({
          level,
          name,
          ...(sound === undefined ? {} : { sound: sound.trim() }),
          repeatSound,
          desktopNotifications,
        }),
      );
      refuseRemovingUsed('priority', priorities, command.data.inUse);
      return change(!same(priorities, current.priorities), {
        type: 'AlarmPrioritiesChanged',
        data: { priorities, ...by },
      });
    }
    case 'SetAlarmStates': {
      check(alarmStatesProblems(command.data.states));
      const customStates = trimmedNames(
        command.data.states
          .filter((entry) => !isBuiltInAlarmStateLevel(entry.level))
          .map(({ level, name }) => ({ level, name })),
      );
      return change(!same(customStates, current.customStates), {
        type: 'AlarmStatesChanged',
        data: { customStates, ...by },
      });
    }
    case 'SetAlarmCategories': {
      check(alarmCategoriesProblems(command.data.categories));
      const categories = trimmedNames(command.data.categories.map(({ level, name }) => ({ level, name })));
      refuseRemovingUsed('category', categories, command.data.inUse);
      return change(!same(categories, current.categories), {
        type: 'AlarmCategoriesChanged',
        data: { categories, ...by },
      });
    }
    case 'SetAlarmClosingReasons': {
      check(alarmClosingReasonsProblems(command.data.reasonsForClosing));
      const { enabled, reasons } = command.data.reasonsForClosing;
      const reasonsForClosing = { enabled, reasons: reasons.map((reason) => reason.trim()) };
      return change(!same(reasonsForClosing, current.reasonsForClosing), {
        type: 'AlarmClosingReasonsChanged',
        data: { reasonsForClosing, ...by },
      });
    }
    case 'SetAlarmRetention': {
      check(alarmRetentionProblems(command.data.retention));
      const { closedAlarmsDays, openAlarmsDays } = command.data.retention;
      const retention = { closedAlarmsDays, openAlarmsDays };
      return change(!same(retention, current.retention), { type: 'AlarmRetentionChanged', data: { retention, ...by } });
    }
    default:
      return assertNever(command);
  }
};

export const evolveAlarmSettings = (state: AlarmSettingsState, event: AlarmSettingsEvent): AlarmSettingsState => {
  const settings = state.settings;
  switch (event.type) {
    case 'AlarmDataSettingsInitialized':
      return { initialized: true, settings: event.data.settings };
    case 'AlarmPrioritiesChanged':
      return { initialized: true, settings: { ...settings, priorities: event.data.priorities } };
    case 'AlarmStatesChanged':
      return { initialized: true, settings: { ...settings, customStates: event.data.customStates } };
    case 'AlarmCategoriesChanged':
      return { initialized: true, settings: { ...settings, categories: event.data.categories } };
    case 'AlarmClosingReasonsChanged':
      return { initialized: true, settings: { ...settings, reasonsForClosing: event.data.reasonsForClosing } };
    case 'AlarmRetentionChanged':
      return { initialized: true, settings: { ...settings, retention: event.data.retention } };
    default:
      return assertNever(event);
  }
};

/** The settings a stream's events describe (the defaults for an empty stream). */
export const alarmSettingsOf = (events: readonly AlarmSettingsEvent[]): AlarmDataSettings =>
  events.reduce(evolveAlarmSettings, initialAlarmSettingsState()).settings;

export const alarmSettingsDecider = {
  decide: decideAlarmSettings,
  evolve: evolveAlarmSettings,
  initialState: initialAlarmSettingsState,
} satisfies AccessDecider<AlarmSettingsState, AlarmSettingsCommand, AlarmSettingsEvent>;
