import type { StoredEvent } from '../event-store/event-store.port';
import { stored, T0 } from '../rule-engine/testing/rule-engine.fixtures';
import type { TimeProfile } from '../time-profiles/time-profile';
import type { AlarmDefinition } from './alarm-definition';
import type { AlarmDecision, AlarmEngineSettings, AlarmEngineSnapshot, RaiseDecision } from './alarm-engine';
import {
  alarmKey,
  decideAlarmBatch,
  initialAlarmSnapshot,
  parseAlarmEngineState,
  planAlarmJobs,
  serializeAlarmEngineState,
  shouldEscalate,
} from './alarm-engine';
import { alarmDecider } from './alarm.decider';
import type { AlarmEvent } from './alarm.events';
import { anAlarmDefinition } from './testing/alarm.fixtures';

const settings: AlarmEngineSettings = { deviceGroups: new Map(), alarmIdOf: (key) => `id(${key})` };

const officeHours: TimeProfile = {
  id: 'tp-office',
  name: 'Office',
  description: '',
  timeZone: 'UTC',
  kind: 'schedule',
  entries: [
    {
      type: 'recurring',
      startTime: '08:00',
      endTime: '17:00',
      pattern: { kind: 'weekly', everyNWeeks: 1, weekdays: [1, 2, 3, 4, 5] },
      range: { startDate: '2026-01-01', end: { kind: 'never' } },
    },
  ],
};

const HOUR = 3_600_000;
const defined = (definition: AlarmDefinition, version = 1): StoredEvent =>
  stored(
    version === 1 ? 'AlarmDefinitionCreated' : 'AlarmDefinitionUpdated',
    { definition, version, byUserId: 'u-1', at: T0 },
    { streamId: `alarmdefinition-${definition.id}` },
  );
const profile = (timeProfile: TimeProfile): StoredEvent =>
  stored(
    'TimeProfileCreated',
    { profile: timeProfile, byUserId: 'u-1', at: T0 },
    { streamId: `timeprofile-${timeProfile.id}` },
  );
const onCamera = (type: string, cameraId: string, at = T0, id?: string): StoredEvent =>
  stored(type, { cameraId, at }, { streamId: `camera-${cameraId}`, ...(id === undefined ? {} : { id }) });
const closedByOperator = (alarmId: string): StoredEvent =>
  stored('AlarmClosed', { alarmId, byUserId: 'u-op', at: T0 }, { streamId: `alarm-${alarmId}` });

/** Given these events, when this batch is decided, then these decisions (as short strings). */
const given = (...history: StoredEvent[]) => {
  const before: AlarmEngineSnapshot =
    history.length === 0
      ? initialAlarmSnapshot(settings)
      : decideAlarmBatch(initialAlarmSnapshot(settings), history, settings).snapshot;
  return {
    when: (...batch: StoredEvent[]) => {
      const decided = decideAlarmBatch(before, batch, settings);
      return {
        decided,
        then: (expected: readonly string[]) => expect(decided.decisions.map(short)).toEqual(expected),
      };
    },
  };
};
const short = (decision: AlarmDecision): string =>
  `${decision.kind} ${decision.kind === 'raise' ? decision.definition.id : decision.alarmDefinitionId} ${decision.alarmId}`;
const idOf = (definitionId: string, eventId: string, version = 1): string =>
  settings.alarmIdOf(alarmKey(definitionId, version, eventId));

describe('alarm engine', () => {
  describe('raising', () => {
    it('given an enabled definition on motion, when motion starts on a camera, then one alarm whose id derives from definition, version and event', () => {
      const result = given(defined(anAlarmDefinition({ id: 'ad-1' }))).when(
        onCamera('MotionStarted', 'cam-1', T0, 'evt-a'),
      );
      result.then([`raise ad-1 ${idOf('ad-1', 'evt-a')}`]);
      const raise = result.decided.decisions[0] as RaiseDecision;
      expect(raise.command).toEqual({
        type: 'RaiseAlarm',
        data: {
          alarmId: idOf('ad-1', 'evt-a'),
          alarmDefinitionId: 'ad-1',
          name: 'Motion in the lobby',
          priority: 1,
          relatedCameraIds: [],
          triggeringEventId: 'evt-a',
          sourceDeviceId: 'cam-1',
          now: T0,
        },
      });
      expect(raise.trigger).toMatchObject({ sourceKey: 'device/cam-1', correlationId: 'evt-a' });
    });

    it('given the same events decided twice (a replay), then the same alarm ids, which the alarm decider raises once', () => {
      const history = [defined(anAlarmDefinition({ id: 'ad-1' }))];
      const event = onCamera('MotionStarted', 'cam-1', T0, 'evt-b');
      const first = given(...history).when(event).decided.decisions as RaiseDecision[];
      const again = given(...history).when(event).decided.decisions as RaiseDecision[];
      expect(again.map((d) => d.alarmId)).toEqual(first.map((d) => d.alarmId));
      // the decider on alarm-<id>: raising the alarm a second time appends nothing
      const raisedOnce = alarmDecider.decide((first[0] as RaiseDecision).command, alarmDecider.initialState());
      const state = raisedOnce.reduce((s, e: AlarmEvent) => alarmDecider.evolve(s, e), alarmDecider.initialState());
      expect(alarmDecider.decide((again[0] as RaiseDecision).command, state)).toEqual([]);
    });

    it('given a disabled definition, when its event occurs, then nothing is raised', () => {
      given(defined(anAlarmDefinition({ id: 'ad-1', enabled: false })))
        .when(onCamera('MotionStarted', 'cam-1'))
        .then([]);
    });

    it('given a definition changed to disabled, then events after the change raise nothing (no restart needed)', () => {
      const definition = anAlarmDefinition({ id: 'ad-1' });
      given(defined(definition))
        .when(
          onCamera('MotionStarted', 'cam-1', T0, 'before'),
          defined({ ...definition, enabled: false }, 2),
          onCamera('MotionStarted', 'cam-1', T0, 'after'),
        )
        .then([`raise ad-1 ${idOf('ad-1', 'before')}`]);
    });

    it('given a definition on a source, when the event comes from another source or is another event, then nothing', () => {
      const definition = anAlarmDefinition({
        id: 'ad-1',
        triggeringEvent: { eventType: 'MotionStarted', sources: { kind: 'devices', deviceIds: ['cam-1'] } },
      });
      given(defined(definition)).when(onCamera('MotionStarted', 'cam-2'), onCamera('MotionStopped', 'cam-1')).then([]);
    });

    it('given a definition on a device group, then motion on a member raises, also after the group gains a camera (no restart)', () => {
      const definition = anAlarmDefinition({
        id: 'ad-1',
        triggeringEvent: { eventType: 'MotionStarted', sources: { kind: 'deviceGroups', groupIds: ['g-dock'] } },
      });
      const group = (type: string, memberIds: string[]): StoredEvent =>
        stored(
          type,
          { group: { id: 'g-dock', name: 'Dock', description: '', memberIds }, byUserId: 'u-1', at: T0 },
          { streamId: 'devicegroup-g-dock' },
        );
      given(group('DeviceGroupCreated', ['cam-1']), defined(definition))
        .when(
          onCamera('MotionStarted', 'cam-1', T0, 'member'),
          onCamera('MotionStarted', 'cam-2', T0, 'not-yet'),
          group('DeviceGroupUpdated', ['cam-1', 'cam-2']),
          onCamera('MotionStarted', 'cam-2', T0, 'now-member'),
        )
        .then([`raise ad-1 ${idOf('ad-1', 'member')}`, `raise ad-1 ${idOf('ad-1', 'now-member')}`]);
    });

    it('given a definition active within office hours, then an event inside raises and one outside does not (evaluated at the event time)', () => {
      const definition = anAlarmDefinition({
        id: 'ad-1',
        activation: { kind: 'timeProfile', timeProfileId: 'tp-office' },
      });
      // T0 is Monday 10:00 UTC; 20:00 is outside
      given(profile(officeHours), defined(definition))
        .when(
          onCamera('MotionStarted', 'cam-1', T0, 'inside'),
          onCamera('MotionStarted', 'cam-1', T0 + 10 * HOUR, 'outside'),
        )
        .then([`raise ad-1 ${idOf('ad-1', 'inside')}`]);
    });

    it('given a definition on a time profile that does not exist, then it never raises', () => {
      const definition = anAlarmDefinition({
        id: 'ad-1',
        activation: { kind: 'timeProfile', timeProfileId: 'tp-gone' },
      });
      given(defined(definition)).when(onCamera('MotionStarted', 'cam-1')).then([]);
    });

    it('given an event-based definition, then it raises only between its start and its stop events', () => {
      const definition = anAlarmDefinition({
        id: 'ad-1',
        activation: {
          kind: 'eventBased',
          start: { eventType: 'InputActivated', sources: { kind: 'devices', deviceIds: ['in-1'] } },
          stop: { eventType: 'InputDeactivated', sources: { kind: 'devices', deviceIds: ['in-1'] } },
        },
      });
      const io = (type: string, id: string) =>
        stored(type, { deviceId: 'in-1', at: T0 }, { id, streamId: 'device-in-1' });
      const result = given(defined(definition)).when(
        onCamera('MotionStarted', 'cam-1', T0, 'm-before'),
        io('InputActivated', 'start-1'),
        onCamera('MotionStarted', 'cam-1', T0, 'm-during'),
        io('InputDeactivated', 'stop-1'),
        onCamera('MotionStarted', 'cam-1', T0, 'm-after'),
      );
      result.then([`raise ad-1 ${idOf('ad-1', 'm-during')}`]);
      expect(result.decided.snapshot.state.active.size).toBe(0);
    });

    it('given an event-based definition started in an earlier batch, then the activation is kept in the state (and survives serialization)', () => {
      const definition = anAlarmDefinition({
        id: 'ad-1',
        activation: {
          kind: 'eventBased',
          start: { eventType: 'InputActivated', sources: { kind: 'external' } },
          stop: { eventType: 'InputDeactivated', sources: { kind: 'external' } },
        },
      });
      const started = decideAlarmBatch(
        initialAlarmSnapshot(settings),
        [defined(definition), stored('InputActivated', { at: T0 }, { id: 'start-1', streamId: 'external-2026-01-05' })],
        settings,
      ).snapshot;
      const restored = parseAlarmEngineState(JSON.parse(JSON.stringify(serializeAlarmEngineState(started.state))));
      expect(restored).toEqual(started.state);
      const decided = decideAlarmBatch(
        { ...started, state: restored },
        [onCamera('MotionStarted', 'cam-1', T0, 'm-1')],
        settings,
      );
      expect(decided.decisions.map(short)).toEqual([`raise ad-1 ${idOf('ad-1', 'm-1')}`]);
    });

    it('given a malformed definition event, then it is skipped and the rest of the batch is decided', () => {
      const bad = stored('AlarmDefinitionCreated', { version: 1 }, { streamId: 'alarmdefinition-bad' });
      const result = given(defined(anAlarmDefinition({ id: 'ad-1' }))).when(
        bad,
        onCamera('MotionStarted', 'cam-1', T0, 'e'),
      );
      result.then([`raise ad-1 ${idOf('ad-1', 'e')}`]);
      expect(result.decided.skipped.map((s) => s.eventId)).toEqual([bad.id]);
    });
  });

  describe('auto-close', () => {
    const definition = anAlarmDefinition({
      id: 'ad-1',
      autoCloseOn: { eventType: 'MotionStopped', sources: { kind: 'all', deviceKinds: ['cameras'] } },
    });

    it('given an open alarm raised on a camera, when its auto-close event comes from that camera, then it is closed once', () => {
      const alarmId = idOf('ad-1', 'm-1');
      const result = given(defined(definition), onCamera('MotionStarted', 'cam-1', T0, 'm-1')).when(
        onCamera('MotionStopped', 'cam-2'),
        onCamera('MotionStopped', 'cam-1', T0, 'stop-1'),
        onCamera('MotionStopped', 'cam-1', T0, 'stop-2'),
      );
      result.then([`autoClose ad-1 ${alarmId}`]);
      expect(result.decided.decisions[0]?.trigger.eventId).toBe('stop-1');
      expect(result.decided.snapshot.state.open.size).toBe(0);
    });

    it('given an alarm closed by an operator, when the auto-close event comes, then nothing is decided', () => {
      const alarmId = idOf('ad-1', 'm-1');
      given(defined(definition), onCamera('MotionStarted', 'cam-1', T0, 'm-1'), closedByOperator(alarmId))
        .when(onCamera('MotionStopped', 'cam-1'))
        .then([]);
    });

    it('given an open alarm whose retention expired it, when the auto-close event comes, then nothing is decided', () => {
      const alarmId = idOf('ad-1', 'm-1');
      const expired = stored(
        'AlarmExpired',
        { alarmId, reason: 'openAlarmsRetention', retentionDays: 0, byUserId: 'system', at: T0 },
        { streamId: `alarm-${alarmId}` },
      );
      given(defined(definition), onCamera('MotionStarted', 'cam-1', T0, 'm-1'), expired)
        .when(onCamera('MotionStopped', 'cam-1'))
        .then([]);
    });

    it('given an alarm raised and its auto-close event in the same batch, then both, in order', () => {
      const alarmId = idOf('ad-1', 'm-1');
      given(defined(definition))
        .when(onCamera('MotionStarted', 'cam-1', T0, 'm-1'), onCamera('MotionStopped', 'cam-1'))
        .then([`raise ad-1 ${alarmId}`, `autoClose ad-1 ${alarmId}`]);
    });

    it('given a definition without an auto-close event, then its alarms are not tracked', () => {
      const result = given(defined(anAlarmDefinition({ id: 'ad-2' }))).when(onCamera('MotionStarted', 'cam-1'));
      expect(result.decided.snapshot.state.open.size).toBe(0);
    });
  });

  describe('jobs and escalation', () => {
    const raiseOf = (definition: AlarmDefinition): RaiseDecision =>
      given(defined(definition)).when(onCamera('MotionStarted', 'cam-1', T0, 'm-1')).decided
        .decisions[0] as RaiseDecision;

    it('given a time limit with events triggered, then a delayed EscalateAlarm due at the event time plus the limit', () => {
      const raise = raiseOf(
        anAlarmDefinition({
          id: 'ad-1',
          relatedCameraIds: ['cam-2', 'cam-1'],
          operatorAction: { timeLimitSeconds: 90, eventsTriggered: ['ude-late'] },
        }),
      );
      expect(planAlarmJobs(raise, 'raised-1')).toEqual([
        {
          queue: 'alarm-actions',
          jobId: `alarm|${encodeURIComponent(raise.alarmId)}|escalate`,
          dueAt: T0 + 90_000,
          job: {
            name: 'EscalateAlarm',
            data: {
              alarmId: raise.alarmId,
              alarmDefinitionId: 'ad-1',
              alarmDefinitionVersion: 1,
              userDefinedEventIds: ['ude-late'],
              deviceIds: ['cam-1', 'cam-2'],
              causationId: 'raised-1',
              correlationId: 'm-1',
              at: T0 + 90_000,
            },
          },
        },
      ]);
    });

    it('given no event attached to the time limit, then no escalation ("not active before you have attached an event")', () => {
      expect(planAlarmJobs(raiseOf(anAlarmDefinition({ id: 'ad-1' })), 'raised-1')).toEqual([]);
    });

    it('given events triggered by the alarm, then TriggerAlarmEvents at the alarm time', () => {
      const jobs = planAlarmJobs(raiseOf(anAlarmDefinition({ id: 'ad-1', eventsTriggeredByAlarm: ['ude-1'] })), 'r');
      expect(jobs.map((j) => [j.job.name, j.dueAt, j.job.data.userDefinedEventIds])).toEqual([
        ['TriggerAlarmEvents', T0, ['ude-1']],
      ]);
    });

    it('given an alarm still New, then it escalates; acknowledged, moved to another state or closed, then not', () => {
      const alarmId = 'a-1';
      const fold = (...events: AlarmEvent[]) =>
        events.reduce((s, e) => alarmDecider.evolve(s, e), alarmDecider.initialState());
      const raised: AlarmEvent = {
        type: 'AlarmRaised',
        data: {
          alarmId,
          alarmDefinitionId: 'ad-1',
          name: 'n',
          priority: 1,
          relatedCameraIds: [],
          triggeringEventId: 'e',
          at: 1,
        },
      };
      expect(shouldEscalate(fold(raised))).toBe(true);
      expect(shouldEscalate(fold(raised, { type: 'AlarmAcknowledged', data: { alarmId, byUserId: 'u', at: 2 } }))).toBe(
        false,
      );
      expect(
        shouldEscalate(
          fold(raised, {
            type: 'AlarmStateChanged',
            data: { alarmId, stateLevel: 9, previousStateLevel: 1, byUserId: 'u', at: 2 },
          }),
        ),
      ).toBe(false);
      expect(shouldEscalate(fold(raised, { type: 'AlarmClosed', data: { alarmId, byUserId: 'u', at: 2 } }))).toBe(
        false,
      );
      expect(shouldEscalate(fold())).toBe(false);
    });
  });
});
