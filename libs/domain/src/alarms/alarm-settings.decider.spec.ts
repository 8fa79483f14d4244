import { deciderSpec } from '../access/testing/decider-spec';
import {
  BUILT_IN_ALARM_STATES,
  DEFAULT_ALARM_DATA_SETTINGS,
  allAlarmStates,
  type AlarmPriority,
} from './alarm-settings';
import { alarmSettingsDecider, alarmSettingsOf, type AlarmSettingsCommand } from './alarm-settings.decider';
import type { AlarmDataSettingsInitialized, AlarmSettingsEvent } from './alarm-settings.events';

const given = deciderSpec(alarmSettingsDecider);
const byUserId = 'admin';
const by = { byUserId, now: 5 };

const initialized: AlarmDataSettingsInitialized = {
  type: 'AlarmDataSettingsInitialized',
  data: { settings: DEFAULT_ALARM_DATA_SETTINGS, byUserId: 'system', at: 1 },
};
const priority = (level: number, name: string): AlarmPriority => ({
  level,
  name,
  repeatSound: false,
  desktopNotifications: false,
});
const setStates = (states: { level: number; name: string }[]): AlarmSettingsCommand => ({
  type: 'SetAlarmStates',
  data: { states, ...by },
});
const setCategories = (categories: { level: number; name: string }[], inUse = []): AlarmSettingsCommand => ({
  type: 'SetAlarmCategories',
  data: { categories, inUse, ...by },
});

/** The problems an invalid command is refused with. */
const problemsOf = (history: readonly AlarmSettingsEvent[], command: AlarmSettingsCommand): unknown => {
  try {
    alarmSettingsDecider.decide(
      command,
      history.reduce(alarmSettingsDecider.evolve, alarmSettingsDecider.initialState()),
    );
  } catch (error: unknown) {
    return (error as { code: string; details?: { problems?: unknown } }).details?.problems;
  }
  throw new Error('expected the command to be refused');
};

describe('alarm data settings decider', () => {
  describe('defaults', () => {
    it('are priorities High 1, Medium 2, Low 3, states 1/4/9/11, reasons for closing disabled', () => {
      expect(DEFAULT_ALARM_DATA_SETTINGS.priorities.map((p) => [p.level, p.name])).toEqual([
        [1, 'High'],
        [2, 'Medium'],
        [3, 'Low'],
      ]);
      expect(allAlarmStates(DEFAULT_ALARM_DATA_SETTINGS)).toEqual([
        { level: 1, name: 'New' },
        { level: 4, name: 'In progress' },
        { level: 9, name: 'On hold' },
        { level: 11, name: 'Closed' },
      ]);
      expect(DEFAULT_ALARM_DATA_SETTINGS.reasonsForClosing).toEqual({ enabled: false, reasons: [] });
    });

    it('are written once', () => {
      given([])
        .when({ type: 'InitializeAlarmDataSettings', data: { byUserId: 'system', now: 1 } })
        .then([initialized]);
      given([initialized])
        .when({ type: 'InitializeAlarmDataSettings', data: { byUserId: 'system', now: 2 } })
        .then([]);
    });

    it('are written first when a change comes before them', () =>
      given([])
        .when({ type: 'SetAlarmRetention', data: { retention: { closedAlarmsDays: 7, openAlarmsDays: 30 }, ...by } })
        .then([
          { ...initialized, data: { ...initialized.data, byUserId, at: 5 } },
          {
            type: 'AlarmRetentionChanged',
            data: { retention: { closedAlarmsDays: 7, openAlarmsDays: 30 }, byUserId, at: 5 },
          },
        ]));
  });

  describe('priorities', () => {
    it('are replaced, sorted by level, names trimmed', () =>
      given([initialized])
        .when({
          type: 'SetAlarmPriorities',
          data: { priorities: [priority(5, ' Fire '), { ...priority(1, 'High'), sound: 'Alarm01' }], inUse: [], ...by },
        })
        .then([
          {
            type: 'AlarmPrioritiesChanged',
            data: { priorities: [{ ...priority(1, 'High'), sound: 'Alarm01' }, priority(5, 'Fire')], byUserId, at: 5 },
          },
        ]));

    it('record nothing when unchanged', () =>
      given([initialized])
        .when({
          type: 'SetAlarmPriorities',
          data: { priorities: DEFAULT_ALARM_DATA_SETTINGS.priorities, inUse: [], ...by },
        })
        .then([]));

    it('refuse an empty list', () =>
      expect(
        problemsOf([initialized], { type: 'SetAlarmPriorities', data: { priorities: [], inUse: [], ...by } }),
      ).toEqual(['PRIORITIES_EMPTY: at least one priority is needed (every alarm definition has one)']));

    it('refuse duplicate levels and empty names together', () =>
      expect(
        problemsOf([initialized], {
          type: 'SetAlarmPriorities',
          data: { priorities: [priority(1, 'High'), priority(1, ' '), priority(0, 'Zero')], inUse: [], ...by },
        }),
      ).toEqual([
        'PRIORITY_LEVEL_DUPLICATE: level 1 is used twice',
        'PRIORITY_LEVEL_INVALID: level 0 is not a whole number from 1 to 9999',
        'PRIORITY_NAME_INVALID: the priority at level 1 needs a name of 1 to 100 characters',
      ]));

    it('refuse removing a level an alarm definition uses, naming it', () =>
      given([initialized])
        .when({
          type: 'SetAlarmPriorities',
          data: {
            priorities: [priority(1, 'High')],
            inUse: [
              { level: 1, usedBy: ['Door forced'] },
              { level: 3, usedBy: ['Motion in the lobby'] },
            ],
            ...by,
          },
        })
        .thenThrows('ALARM_SETTINGS_IN_USE'));
  });

  describe('states', () => {
    it('keep the custom states only; the built-in ones may be sent back unchanged', () =>
      given([initialized])
        .when(setStates([...BUILT_IN_ALARM_STATES, { level: 20, name: ' Assigned ' }]))
        .then([
          { type: 'AlarmStatesChanged', data: { customStates: [{ level: 20, name: 'Assigned' }], byUserId, at: 5 } },
        ]));

    it.each([1, 4, 9, 11])('refuse editing or reusing the built-in level %p', (level) =>
      expect(problemsOf([initialized], setStates([{ level, name: 'Assigned' }]))).toEqual([
        expect.stringMatching(new RegExp(`^STATE_LEVEL_RESERVED: level ${level} is the built-in state`)),
      ]),
    );
  });

  describe('categories', () => {
    it('are replaced', () =>
      given([initialized])
        .when(
          setCategories([
            { level: 2, name: 'Need investigation' },
            { level: 1, name: 'False alarm' },
          ]),
        )
        .then([
          {
            type: 'AlarmCategoriesChanged',
            data: {
              categories: [
                { level: 1, name: 'False alarm' },
                { level: 2, name: 'Need investigation' },
              ],
              byUserId,
              at: 5,
            },
          },
        ]));

    it('refuse level 99, reserved for the Emergency Alert alarm', () =>
      expect(problemsOf([initialized], setCategories([{ level: 99, name: 'Emergency' }]))).toEqual([
        'CATEGORY_LEVEL_RESERVED: level 99 is reserved for the Emergency Alert alarm',
      ]));
  });

  describe('reasons for closing', () => {
    it('are enabled with reasons', () =>
      given([initialized])
        .when({
          type: 'SetAlarmClosingReasons',
          data: { reasonsForClosing: { enabled: true, reasons: [' Solved-Trespasser', 'False Alarm'] }, ...by },
        })
        .then([
          {
            type: 'AlarmClosingReasonsChanged',
            data: {
              reasonsForClosing: { enabled: true, reasons: ['Solved-Trespasser', 'False Alarm'] },
              byUserId,
              at: 5,
            },
          },
        ]));

    it('cannot be enabled without a reason', () =>
      expect(
        problemsOf([initialized], {
          type: 'SetAlarmClosingReasons',
          data: { reasonsForClosing: { enabled: true, reasons: [] }, ...by },
        }),
      ).toEqual(['REASONS_EMPTY: with reasons for closing enabled, at least one reason is needed to close an alarm']));

    it('refuse a reason listed twice', () =>
      expect(
        problemsOf([initialized], {
          type: 'SetAlarmClosingReasons',
          data: { reasonsForClosing: { enabled: false, reasons: ['False Alarm', 'false alarm '] }, ...by },
        }),
      ).toEqual(['REASON_DUPLICATE: false alarm is listed twice']));
  });

  describe('retention', () => {
    it('refuses negative or fractional days', () =>
      expect(
        problemsOf([initialized], {
          type: 'SetAlarmRetention',
          data: { retention: { closedAlarmsDays: -1, openAlarmsDays: 1.5 }, ...by },
        }),
      ).toEqual([
        'RETENTION_INVALID: closedAlarmsDays is a whole number of days from 0 to 3650',
        'RETENTION_INVALID: openAlarmsDays is a whole number of days from 0 to 3650',
      ]));

    it('accepts 0 (closed alarms deleted at once, open ones not stored)', () =>
      expect(
        alarmSettingsOf([
          initialized,
          {
            type: 'AlarmRetentionChanged',
            data: { retention: { closedAlarmsDays: 0, openAlarmsDays: 0 }, byUserId, at: 5 },
          },
        ]).retention,
      ).toEqual({ closedAlarmsDays: 0, openAlarmsDays: 0 }));
  });
});
