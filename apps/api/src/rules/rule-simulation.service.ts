import { Inject, Injectable, NotFoundException, UnprocessableEntityException } from '@nestjs/common';
import {
  firingKeyOf,
  planFiringJobs,
  ruleEventTypes,
  simulateRule,
  type DeviceRouting,
  type EventStore,
  type StoredEvent,
} from '@vigil/domain';
import { deterministicUuid, EVENT_STORE } from '@vigil/infrastructure';
import { TimeProfilesReadModel } from '../time-profiles/time-profiles-read-model';
import { EventIndexReadModel } from '../trace/event-index-read-model';
import { DeviceGroupsReadModel } from '../cameras/device-groups-read-model';
import type { SimulateRuleRequest } from './rules.dto';
import { RulesReadModel } from './rules-read-model';

/** The longest range one request simulates, and the most events it reads. */
export const SIMULATION_MAX_DAYS = 31;
export const SIMULATION_MAX_EVENTS = 200_000;
/** Events are recorded a little after they occur: read this far past the range's end in recording time. */
const RECORDING_SLACK_MS = 60_000;

export type SimulatedFiring = Readonly<{
  at: string;
  phase: string;
  firingEventId: string;
  triggeringEventId: string;
  triggeringEventType: string;
  sourceKey: string;
  actions: readonly Readonly<{
    type: string;
    deviceIds: readonly string[];
    jobs: readonly Readonly<{ name: string; jobId: string; delayMs: number }>[];
  }>[];
}>;

export type RuleSimulation = Readonly<{
  ruleId: string;
  ruleName: string;
  ruleVersion: number;
  active: boolean;
  from: string;
  to: string;
  eventsRead: number;
  /** True when the range held more than SIMULATION_MAX_EVENTS events of the rule's types: later ones are left out. */
  truncated: boolean;
  firings: readonly SimulatedFiring[];
}>;

/** Devices are named as the rule names them; the recorder a job would go to is not part of a simulation. */
const SIMULATION_ROUTING: DeviceRouting = { recorderOf: () => 'simulation', devicesOfKind: () => [] };

/**
 * POST /api/rules/:ruleId/simulate: what the rule, as now defined, would have done over a stored time range - its
 * firings, actions, targets and job ids - with no side effect (nothing is appended, no job is added). Only the
 * events of the rule's trigger and stop types are read, from the first one recorded before the range.
 */
@Injectable()
export class RuleSimulationService {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly rules: RulesReadModel,
    private readonly timeProfiles: TimeProfilesReadModel,
    private readonly eventIndex: EventIndexReadModel,
    private readonly deviceGroups: DeviceGroupsReadModel,
  ) {}

  async simulate(ruleId: string, request: SimulateRuleRequest): Promise<RuleSimulation> {
    const from = Date.parse(request.from);
    const to = Date.parse(request.to);
    if (!(from < to) || to - from > SIMULATION_MAX_DAYS * 86_400_000) {
      throw new UnprocessableEntityException({
        code: 'SIMULATION_RANGE_INVALID',
        message: `from must be before to, at most ${SIMULATION_MAX_DAYS} days apart`,
      });
    }
    const stored = await this.rules.get(ruleId);
    if (stored === undefined) {
      throw new NotFoundException({ code: 'RULE_NOT_FOUND', message: 'no such rule' });
    }
    const { events, truncated } = await this.readRange(ruleEventTypes(stored.rule), from, to);
    const profiles = new Map((await this.timeProfiles.list()).map((profile) => [profile.id, profile]));
    const decided = simulateRule(
      stored.rule,
      stored.version,
      profiles,
      events,
      { from, to },
      { deviceGroups: await this.deviceGroups.membership() },
    );
    return {
      ruleId,
      ruleName: stored.rule.name,
      ruleVersion: stored.version,
      active: stored.rule.active,
      from: new Date(from).toISOString(),
      to: new Date(to).toISOString(),
      eventsRead: events.length,
      truncated,
      firings: decided.map((firing) => {
        const firingEventId = deterministicUuid(firingKeyOf(firing));
        const plan = planFiringJobs(firing, firingEventId, SIMULATION_ROUTING);
        return {
          at: new Date(firing.trigger.at).toISOString(),
          phase: firing.firing.phase,
          firingEventId,
          triggeringEventId: firing.trigger.eventId,
          triggeringEventType: firing.trigger.type,
          sourceKey: firing.firing.sourceKey,
          actions: plan.actions.map((action) => ({
            type: action.type,
            deviceIds: action.deviceIds,
            jobs: action.jobs.map(({ name, jobId, delayMs }) => ({ name, jobId, delayMs })),
          })),
        };
      }),
    };
  }

  private async readRange(
    eventTypes: readonly string[],
    from: number,
    to: number,
  ): Promise<{ events: StoredEvent[]; truncated: boolean }> {
    const events: StoredEvent[] = [];
    if (eventTypes.length === 0) {
      return { events, truncated: false };
    }
    const after = await this.eventIndex.positionBefore(new Date(from - RECORDING_SLACK_MS));
    for await (const event of this.store.readAll({ ...(after ? { after } : {}), filter: { eventTypes } })) {
      if (event.recordedAt.getTime() > to + RECORDING_SLACK_MS) {
        break;
      }
      if (events.length === SIMULATION_MAX_EVENTS) {
        return { events, truncated: true };
      }
      events.push(event);
    }
    return { events, truncated: false };
  }
}
