import type { StoredEvent } from '../event-store/event-store.port';
import { parseRecorderJob } from '../jobs/recorder-jobs';
import { parseRuleActionJob, RULE_ACTIONS_QUEUE } from '../jobs/rule-action-jobs';
import type { RuleAction, RuleActionTarget, RuleDefinition, RuleDeviceKind } from '../rules/rule';
import { ruleStream } from '../rules/rule.events';
import type { DeviceRouting, PlannedJob } from './action-jobs';
import { firingKeyOf, planFiringJobs, ruleFiredData, sessionIdOf } from './action-jobs';
import type { DecidedFiring, EngineSettings } from './engine-step';
import { decideBatch, initialSnapshot } from './engine-step';
import { rule, stored, T0 } from './testing/rule-engine.fixtures';

const settings: EngineSettings = { deviceGroups: new Map() };

const CAMERAS: Readonly<Record<RuleDeviceKind, readonly string[]>> = {
  cameras: ['cam-1', 'cam-2', 'cam-3'],
  microphones: ['mic-1'],
  speakers: [],
  metadata: [],
};
const routing: DeviceRouting = {
  recorderOf: (deviceId) => ({ 'cam-1': 'rec-a', 'cam-2': 'rec-b', 'out-2': 'rec-b' })[deviceId] ?? 'default',
  devicesOfKind: (kind) => CAMERAS[kind],
};

const motion = (type: 'MotionStarted' | 'MotionStopped', cameraId: string, at = T0): StoredEvent =>
  stored(type, { cameraId, at }, { streamId: `camera-${cameraId}`, metadata: { correlationId: `corr-${cameraId}` } });

/** The firings of a batch that first creates the rules (version 5), then carries the events. */
const decide = (rules: readonly RuleDefinition[], events: readonly StoredEvent[]): readonly DecidedFiring[] =>
  decideBatch(
    initialSnapshot(settings),
    [
      ...rules.map((r) =>
        stored('RuleCreated', { rule: r, version: 5, byUserId: 'u-1', at: T0 }, { streamId: ruleStream(r.id) }),
      ),
      ...events,
    ],
    settings,
  ).firings;

const only = <T>(items: readonly T[]): T => {
  expect(items).toHaveLength(1);
  return items[0] as T;
};

const instantRule = (id: string, actions: readonly RuleAction[]): RuleDefinition =>
  rule({
    id,
    trigger: { kind: 'event', eventType: 'MotionStarted', sources: { kind: 'all', deviceKinds: ['cameras'] } },
    actions,
    stop: undefined,
  });

/** The device of a recorder job. */
const deviceOf = (planned: PlannedJob): string | undefined =>
  'deviceId' in planned.job.data ? planned.job.data.deviceId : undefined;

/** Every planned job's data passes the parser of its queue unchanged. */
const expectParsable = (jobs: readonly PlannedJob[]): void => {
  for (const { queue, job } of jobs) {
    const parsed =
      queue === RULE_ACTIONS_QUEUE ? parseRuleActionJob(job.name, job.data) : parseRecorderJob(job.name, job.data);
    expect(parsed).toEqual(job);
  }
};

describe('planFiringJobs', () => {
  it('given StartRecording on two devices, then one recorder job per device, and the stop uses the same session', () => {
    const recordRule = rule({
      id: 'r-rec',
      actions: [
        { type: 'StartRecording', preBufferSeconds: 3, target: { kind: 'devices', deviceIds: ['cam-1', 'cam-2'] } },
      ],
    });
    const start = motion('MotionStarted', 'cam-1');
    const stop = motion('MotionStopped', 'cam-1', T0 + 10_000);
    const [started, stopped] = decide([recordRule], [start, stop]) as [DecidedFiring, DecidedFiring];

    const startPlan = planFiringJobs(started, 'fired-1', routing);
    const stopPlan = planFiringJobs(stopped, 'fired-2', routing);

    const sessionId = sessionIdOf(started);
    expect(startPlan.jobs.map((j) => [j.queue, j.job])).toEqual([
      [
        'recorder-rec-a',
        {
          name: 'StartRecording',
          data: {
            deviceId: 'cam-1',
            ruleId: 'r-rec',
            causationId: 'fired-1',
            correlationId: 'corr-cam-1',
            triggeredAt: T0,
            sessionId,
            preBufferSeconds: 3,
          },
        },
      ],
      [
        'recorder-rec-b',
        {
          name: 'StartRecording',
          data: {
            deviceId: 'cam-2',
            ruleId: 'r-rec',
            causationId: 'fired-1',
            correlationId: 'corr-cam-1',
            triggeredAt: T0,
            sessionId,
            preBufferSeconds: 3,
          },
        },
      ],
    ]);
    expect(
      stopPlan.jobs.map((j) => [j.queue, j.job.name, deviceOf(j), 'sessionId' in j.job.data && j.job.data.sessionId]),
    ).toEqual([
      ['recorder-rec-a', 'StopRecording', 'cam-1', sessionId],
      ['recorder-rec-b', 'StopRecording', 'cam-2', sessionId],
    ]);
    expect(sessionIdOf(stopped)).toBe(sessionId);
    expect(startPlan.actions).toEqual([
      {
        type: 'StartRecording',
        deviceIds: ['cam-1', 'cam-2'],
        jobs: startPlan.jobs.map((j) => ({ queue: j.queue, name: 'StartRecording', jobId: j.jobId, delayMs: 0 })),
      },
    ]);
    // dueAt is the triggering event's time plus the delay (the stop action's 3 seconds)
    expect(startPlan.jobs.map((j) => [j.delayMs, j.dueAt])).toEqual([
      [0, T0],
      [0, T0],
    ]);
    expect(stopPlan.jobs.map((j) => [j.delayMs, j.dueAt])).toEqual([
      [3000, T0 + 13_000],
      [3000, T0 + 13_000],
    ]);
    const ids = [...startPlan.jobs, ...stopPlan.jobs].map((j) => j.jobId);
    expect(new Set(ids).size).toBe(4);
    expect(ids.every((id) => !id.includes(':'))).toBe(true);
    expectParsable([...startPlan.jobs, ...stopPlan.jobs]);
  });

  it('given the same firing planned twice, then the job ids are the same', () => {
    const recordRule = rule({ id: 'r-rec' });
    const event = motion('MotionStarted', 'cam-1');
    const decided = only(decide([recordRule], [event]));

    expect(planFiringJobs(decided, 'fired-1', routing)).toEqual(planFiringJobs(decided, 'fired-1', routing));
  });

  it('given ActivateOutput, then one job per (distinct) output, on the recorder of each output', () => {
    const decided = only(
      decide(
        [instantRule('r-out', [{ type: 'ActivateOutput', outputIds: ['out-1', 'out-2', 'out-1'] }])],
        [motion('MotionStarted', 'cam-1')],
      ),
    );

    const plan = planFiringJobs(decided, 'fired-1', routing);

    expect(plan.jobs.map((j) => [j.queue, j.job.name, deviceOf(j)])).toEqual([
      ['recorder-default', 'ActivateOutput', 'out-1'],
      ['recorder-rec-b', 'ActivateOutput', 'out-2'],
    ]);
    expect(plan.actions[0]?.deviceIds).toEqual(['out-1', 'out-2']);
    expect(new Set(plan.jobs.map((j) => j.jobId)).size).toBe(2);
    expectParsable(plan.jobs);
  });

  it("given an 'all cameras' target, then it expands through routing.devicesOfKind, one job per device", () => {
    const decided = only(
      decide(
        [
          instantRule('r-feed', [
            { type: 'MoveToPreset', presetId: 'p-1', priority: 200, target: { kind: 'all', deviceKinds: ['cameras'] } },
          ]),
        ],
        [motion('MotionStarted', 'cam-2')],
      ),
    );

    const plan = planFiringJobs(decided, 'fired-1', routing);

    expect(plan.jobs.map((j) => [j.queue, deviceOf(j)])).toEqual([
      ['recorder-rec-a', 'cam-1'],
      ['recorder-rec-b', 'cam-2'],
      ['recorder-default', 'cam-3'],
    ]);
    expect(plan.jobs.map((j) => j.jobId)).toEqual(
      ['cam-1', 'cam-2', 'cam-3'].map((d) => `${decided.firing.actions[0]?.jobId}|${d}`),
    );
    expectParsable(plan.jobs);
  });

  it('given the engine actions, then one job each on the rule-actions queue with the firing context', () => {
    const decided = only(
      decide(
        [
          instantRule('r-engine', [
            { type: 'MakeLogEntry', text: 'Motion on $DeviceName$' },
            { type: 'TriggerUserDefinedEvent', userDefinedEventId: 'ude-1' },
            { type: 'CallWebhook', webhookId: 'wh-1' },
            { type: 'SendNotification', notificationProfileId: 'np-1', imagesFrom: { kind: 'eventDevice' } },
          ]),
        ],
        [motion('MotionStarted', 'cam-3', T0 + 500)],
      ),
    );

    const plan = planFiringJobs(decided, 'fired-9', routing);

    const context = {
      ruleId: 'r-engine',
      ruleName: 'r-engine',
      ruleVersion: 5,
      phase: 'start',
      triggeringEventId: decided.trigger.eventId,
      triggeringEventType: 'MotionStarted',
      firingEventId: 'fired-9',
      correlationId: 'corr-cam-3',
      at: T0 + 500,
      sourceDeviceId: 'cam-3',
      deviceIds: [],
    };
    expect(plan.jobs.map((j) => [j.queue, j.job])).toEqual([
      [RULE_ACTIONS_QUEUE, { name: 'MakeLogEntry', data: { ...context, text: 'Motion on $DeviceName$' } }],
      [RULE_ACTIONS_QUEUE, { name: 'TriggerUserDefinedEvent', data: { ...context, userDefinedEventId: 'ude-1' } }],
      [RULE_ACTIONS_QUEUE, { name: 'CallWebhook', data: { ...context, webhookId: 'wh-1' } }],
      [
        RULE_ACTIONS_QUEUE,
        { name: 'SendNotification', data: { ...context, notificationProfileId: 'np-1', imageDeviceIds: ['cam-3'] } },
      ],
    ]);
    expect(plan.jobs.map((j) => j.jobId)).toEqual(decided.firing.actions.map((a) => a.jobId));
    expect(plan.jobs.map((j) => j.dueAt)).toEqual([T0 + 500, T0 + 500, T0 + 500, T0 + 500]);
    expectParsable(plan.jobs);
  });

  it('given SendNotification images from metadata devices, listed devices, all cameras or nothing, then imageDeviceIds follow', () => {
    const notify = (imagesFrom?: RuleActionTarget): RuleAction =>
      imagesFrom === undefined
        ? { type: 'SendNotification', notificationProfileId: 'np-1' }
        : { type: 'SendNotification', notificationProfileId: 'np-1', imagesFrom };
    const external = rule({
      id: 'r-ude',
      trigger: {
        kind: 'event',
        eventType: 'UserDefinedEventTriggered',
        eventId: 'ude-1',
        sources: { kind: 'external' },
      },
      actions: [
        notify({ kind: 'metadataDevices' }),
        notify({ kind: 'devices', deviceIds: ['cam-9', 'cam-9', 'cam-8'] }),
        notify({ kind: 'all', deviceKinds: ['cameras', 'microphones'] }),
        notify({ kind: 'eventDevice' }),
        notify(),
      ],
      stop: undefined,
    });
    const triggered = stored(
      'UserDefinedEventTriggered',
      { userDefinedEventId: 'ude-1', deviceIds: ['cam-5', 'cam-6', 'cam-5'], deviceGroupIds: [], at: T0 },
      { streamId: 'external-2026-01-05' },
    );
    const decided = only(decide([external], [triggered]));

    const plan = planFiringJobs(decided, 'fired-1', routing);

    expect(plan.jobs.map((j) => 'imageDeviceIds' in j.job.data && j.job.data.imageDeviceIds)).toEqual([
      ['cam-5', 'cam-6'],
      ['cam-9', 'cam-8'],
      ['cam-1', 'cam-2', 'cam-3', 'mic-1'],
      [], // an external event has no device
      [],
    ]);
    expect(plan.jobs.every((j) => !('sourceDeviceId' in j.job.data))).toBe(true);
    expectParsable(plan.jobs);
  });

  it('given every device action, then each planned job parses unchanged', () => {
    const devices: RuleActionTarget = { kind: 'eventDevice' };
    const decided = decide(
      [
        rule({
          id: 'r-all',
          actions: [
            { type: 'StartFeed', target: devices },
            { type: 'SetFrameRate', stream: 'live', framesPerSecond: 25, target: devices },
            { type: 'StartPatrolling', patrollingProfileId: 'pp-1', priority: 32_000, target: devices },
            { type: 'PausePatrolling', target: devices },
            { type: 'MoveToPreset', presetId: 'p-1', priority: 1, target: devices },
            { type: 'MoveToDefaultPreset', target: devices },
            { type: 'MoveToDefaultPreset', priority: 7, target: devices },
            { type: 'DeactivateOutput', outputIds: ['out-1'] },
          ],
          stop: {
            criterion: { kind: 'afterSeconds', seconds: 10 },
            actions: [
              { type: 'StopFeed', delaySeconds: 0 },
              { type: 'RestoreDefaultFrameRate', stream: 'live', delaySeconds: 1 },
              { type: 'StopPatrolling', delaySeconds: 0 },
              { type: 'ResumePatrolling', delaySeconds: 0 },
            ],
          },
        }),
      ],
      [motion('MotionStarted', 'cam-1')],
    );
    const jobs = decided.flatMap((d, i) => planFiringJobs(d, `fired-${i}`, routing).jobs);

    expect(jobs.map((j) => j.job.name)).toEqual([
      'StartFeed',
      'SetFrameRate',
      'StartPatrolling',
      'PausePatrolling',
      'MoveToPreset',
      'MoveToDefaultPreset',
      'MoveToDefaultPreset',
      'DeactivateOutput',
      'StopFeed',
      'RestoreDefaultFrameRate',
      'StopPatrolling',
      'ResumePatrolling',
    ]);
    expect(jobs.slice(8).map((j) => j.dueAt)).toEqual([T0 + 10_000, T0 + 11_000, T0 + 10_000, T0 + 10_000]);
    expect(new Set(jobs.map((j) => j.jobId)).size).toBe(jobs.length);
    expectParsable(jobs);
  });
});

describe('ruleFiredData / firingKeyOf', () => {
  it('given a planned firing, then RuleFired carries the rule, the trigger and the issued jobs', () => {
    const decided = only(decide([rule({ id: 'r-rec' })], [motion('MotionStarted', 'cam-1')]));
    const plan = planFiringJobs(decided, 'fired-1', routing);

    expect(ruleFiredData(decided, plan)).toEqual({
      ruleId: 'r-rec',
      ruleName: 'r-rec',
      ruleVersion: 5,
      phase: 'start',
      triggeringEventId: decided.trigger.eventId,
      triggeringEventType: 'MotionStarted',
      sourceKey: 'device/cam-1',
      startEventId: decided.trigger.eventId,
      actions: plan.actions,
      at: T0,
    });
  });

  it('given a firing, then its key is deterministic and differs by phase', () => {
    const [start, stop] = decide(
      [rule({ id: 'r-rec' })],
      [motion('MotionStarted', 'cam-1'), motion('MotionStopped', 'cam-1')],
    ) as [DecidedFiring, DecidedFiring];

    expect(firingKeyOf(start)).toBe(`rulefired|r-rec|v5|${start.firing.triggeringEventId}|start|device/cam-1`);
    expect(firingKeyOf(start)).toBe(firingKeyOf({ ...start }));
    expect(firingKeyOf(stop)).toBe(`rulefired|r-rec|v5|${stop.firing.triggeringEventId}|stop|device/cam-1`);
  });
});
