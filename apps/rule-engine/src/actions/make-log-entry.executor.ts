import { Inject, Injectable } from '@nestjs/common';
import { ruleLogEntryOf, ruleLogStream, type EventStore, type RuleActionJobData } from '@vigil/domain';
import { deterministicUuid, EVENT_STORE } from '@vigil/infrastructure';
import type { RuleActionExecutor, RuleActionJobInfo } from './rule-action.executor';

/** `Make new <log entry>` (A18): appends RuleLogEntryMade, once per job however often the job runs. */
@Injectable()
export class MakeLogEntryExecutor implements RuleActionExecutor<'MakeLogEntry'> {
  readonly jobName = 'MakeLogEntry';

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute(data: RuleActionJobData<'MakeLogEntry'>, job: RuleActionJobInfo): Promise<void> {
    await this.store.append(
      ruleLogStream(data.at),
      [
        {
          id: deterministicUuid(`rulelog|${job.id}`),
          type: 'RuleLogEntryMade',
          data: ruleLogEntryOf(data),
          metadata: { causationId: data.firingEventId, correlationId: data.correlationId },
        },
      ],
      'any',
    );
  }
}
