import {
  parseTimeTriggerDueJob,
  RULE_TIMERS_QUEUE,
  ruleTimeStream,
  timeTriggerJobId,
  type EventStore,
  type RuleTimeTriggered,
} from '@vigil/domain';
import { deterministicUuid, startJobWorker, type JobWorker } from '@vigil/infrastructure';
import type { Job } from 'bullmq';

/**
 * Runs the durable timers: when a TimeTriggerDue job comes due, RuleTimeTriggered is appended to the rule's time
 * stream with an id derived from the job id, so a timer that runs twice (a retry, a duplicate schedule) is recorded
 * once. The rule engine then evaluates it from the global order like any other event.
 */
export const startRuleTimersWorker = (
  store: EventStore,
  connection: Readonly<{ redisUrl: string; prefix: string }>,
  now: () => number = Date.now,
): Promise<JobWorker> =>
  startJobWorker({
    queue: RULE_TIMERS_QUEUE,
    ...connection,
    concurrency: 4,
    process: async (job: Job) => {
      const due = parseTimeTriggerDueJob(job.name, job.data);
      const event: RuleTimeTriggered = { type: 'RuleTimeTriggered', data: { ...due, at: now() } };
      await store.append(
        ruleTimeStream(due.ruleId),
        [
          {
            id: deterministicUuid(timeTriggerJobId(due)),
            ...event,
            metadata: { correlationId: deterministicUuid(timeTriggerJobId(due)) },
          },
        ],
        'any',
      );
    },
  });
