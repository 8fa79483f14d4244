import { Inject, Injectable } from '@nestjs/common';
import {
  externalInputStream,
  userDefinedEventDecider,
  userDefinedEventStream,
  type EventStore,
  type RuleActionJobData,
  type UserDefinedEventTriggered,
} from '@vigil/domain';
import { deterministicUuid, EVENT_STORE, readState } from '@vigil/infrastructure';
import { UnrecoverableError } from 'bullmq';
import type { RuleActionExecutor, RuleActionJobInfo } from './rule-action.executor';

/** One trigger of a user-defined event by the engine (a rule's action, an alarm's events). */
export type UserDefinedEventTrigger = Readonly<{
  userDefinedEventId: string;
  /** Who triggered it: `rule:<ruleId>`, `alarm:<alarmId>`. */
  triggeredBy: string;
  /** The devices of the event's metadata. */
  deviceIds: readonly string[];
  at: number;
  /** Derived from the cause, so a retry triggers the event once. */
  eventId: string;
  causationId: string;
  correlationId: string;
}>;

/**
 * `Trigger <user-defined event>` (A27): appends UserDefinedEventTriggered to the external-input stream, as the API
 * does, with the action's devices as its metadata devices; the rule engine then reacts to it like to any trigger.
 * The event id derives from the job id, so a retried job triggers the event once. The alarm engine triggers its
 * events through `trigger` too.
 */
@Injectable()
export class TriggerUserDefinedEventExecutor implements RuleActionExecutor<'TriggerUserDefinedEvent'> {
  readonly jobName = 'TriggerUserDefinedEvent';

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute(data: RuleActionJobData<'TriggerUserDefinedEvent'>, job: RuleActionJobInfo): Promise<void> {
    const outcome = await this.trigger({
      userDefinedEventId: data.userDefinedEventId,
      triggeredBy: `rule:${data.ruleId}`,
      deviceIds: data.deviceIds,
      at: data.at,
      eventId: deterministicUuid(`trigger-ude|${job.id}`),
      causationId: data.firingEventId,
      correlationId: data.correlationId,
    });
    if (outcome === 'unknown') {
      throw new UnrecoverableError(`user-defined event ${data.userDefinedEventId} does not exist (deleted?)`);
    }
  }

  /** Appends the trigger; 'unknown' (nothing appended) when the user-defined event does not exist (any more). */
  async trigger(request: UserDefinedEventTrigger): Promise<'triggered' | 'unknown'> {
    const { state } = await readState(
      this.store,
      userDefinedEventStream(request.userDefinedEventId),
      userDefinedEventDecider,
    );
    if (state.status !== 'Active') {
      return 'unknown';
    }
    const event: UserDefinedEventTriggered = {
      type: 'UserDefinedEventTriggered',
      data: {
        userDefinedEventId: request.userDefinedEventId,
        name: state.name,
        triggeredBy: request.triggeredBy,
        deviceIds: request.deviceIds,
        deviceGroupIds: [],
        at: request.at,
      },
    };
    await this.store.append(
      externalInputStream(request.at),
      [
        {
          id: request.eventId,
          ...event,
          metadata: { causationId: request.causationId, correlationId: request.correlationId },
        },
      ],
      'any',
    );
    return 'triggered';
  }
}
