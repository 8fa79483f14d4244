import type { RuleActionJobData, RuleActionJobName } from '@vigil/domain';

/** The BullMQ job an executor is running, for deterministic ids and retry decisions. */
export type RuleActionJobInfo = Readonly<{
  /** The deterministic job id: derive the ids of anything the action appends from it, so a retry never doubles. */
  id: string;
  /** Attempts already made before this one (0 on the first). */
  attemptsMade: number;
  /** Attempts allowed in all. */
  attempts: number;
}>;

/**
 * Executes one kind of rule action job. Throw to have BullMQ retry with backoff (a transient failure); throw
 * `UnrecoverableError` from bullmq for a failure no retry can fix; return normally for an expected outcome (for
 * example a notification skipped by its rate limit).
 */
export interface RuleActionExecutor<N extends RuleActionJobName = RuleActionJobName> {
  readonly jobName: N;
  execute(data: RuleActionJobData<N>, job: RuleActionJobInfo): Promise<void>;
}

/** Nest multi-provider token: every executor is registered under it; start-up fails when a job name has none. */
export const RULE_ACTION_EXECUTORS = Symbol('RULE_ACTION_EXECUTORS');
