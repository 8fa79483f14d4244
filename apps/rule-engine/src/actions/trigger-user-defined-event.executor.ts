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

/**
 * `Trigger <user-defined event>` (A27): appends UserDefinedEventTriggered to the external-input stream, as the API
 * does, with the action's devices as its metadata devices; the rule engine then reacts to it like to any trigger.
 * The event id derives from the job id, so a retried job triggers the event once.
 */
@Injectable()
export class TriggerUserDefinedEventExecutor implements RuleActionExecutor<'TriggerUserDefinedEvent'> {
  readonly jobName = 'TriggerUserDefinedEvent';

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute(data: RuleActionJobData<'TriggerUserDefinedEvent'>, job: RuleActionJobInfo): Promise<void> {
    const { state } = await readState(
      this.store,
      userDefinedEventStream(data.userDefinedEventId),
      userDefinedEventDecider,
    );
    if (state.status !== 'Active') {
      throw new UnrecoverableError(`user-defined event ${data.userDefinedEventId} does not exist (deleted?)`);
    }
    const at = data.at;
    const event: UserDefinedEventTriggered = {
      type: 'UserDefinedEventTriggered',
      data: {
        userDefinedEventId: data.userDefinedEventId,
        name: state.name,
        triggeredBy: `rule:${data.ruleId}`,
        deviceIds: data.deviceIds,
        deviceGroupIds: [],
        at,
      },
    };
    await this.store.append(
      externalInputStream(at),
      [
        {
          id: deterministicUuid(`trigger-ude|${job.id}`),
          ...event,
          metadata: { causationId: data.firingEventId, correlationId: data.correlationId },
        },
      ],
      'any',
    );
  }
}
