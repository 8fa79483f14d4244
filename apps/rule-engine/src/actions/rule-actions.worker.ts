import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import {
  parseRuleActionJob,
  RULE_ACTION_JOB_NAMES,
  RULE_ACTIONS_QUEUE,
  type RuleActionJob,
  type RuleActionJobName,
} from '@vigil/domain';
import { startJobWorker, type JobWorker } from '@vigil/infrastructure';
import type { Job } from 'bullmq';
import { RuleEngineEnv } from '../config/rule-engine.env';
import { RULE_ACTION_EXECUTORS, type RuleActionExecutor } from './rule-action.executor';

/** Executors by job name; throws when a job name has none or two, so a missing handler fails the start-up. */
export const executorTable = (
  executors: readonly RuleActionExecutor[],
): ReadonlyMap<RuleActionJobName, RuleActionExecutor> => {
  const table = new Map<RuleActionJobName, RuleActionExecutor>();
  for (const executor of executors) {
    if (table.has(executor.jobName)) {
      throw new Error(`two executors for ${executor.jobName} jobs`);
    }
    table.set(executor.jobName, executor);
  }
  const missing = RULE_ACTION_JOB_NAMES.filter((name) => !table.has(name));
  if (missing.length > 0) {
    throw new Error(`no executor for ${missing.join(', ')} jobs`);
  }
  return table;
};

/**
 * Consumes the rule-actions queue: each job is parsed against its contract (a bad payload fails without retries) and
 * handed to the executor of its name. A failing action (a webhook endpoint down) only fails its own job, retried
 * with backoff; other jobs and rules go on.
 */
@Injectable()
export class RuleActionsWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RuleActionsWorker.name);
  private readonly table: ReadonlyMap<RuleActionJobName, RuleActionExecutor>;
  private worker: JobWorker | undefined;

  constructor(
    private readonly env: RuleEngineEnv,
    @Inject(RULE_ACTION_EXECUTORS) executors: readonly RuleActionExecutor[],
  ) {
    this.table = executorTable(executors);
  }

  async onApplicationBootstrap(): Promise<void> {
    this.worker = await startJobWorker({
      queue: RULE_ACTIONS_QUEUE,
      redisUrl: this.env.REDIS_URL,
      prefix: this.env.QUEUE_PREFIX,
      concurrency: this.env.RULE_ACTIONS_CONCURRENCY,
      process: (job) => this.process(job),
    });
    this.logger.log(`executing ${[...this.table.keys()].join(', ')} jobs`);
  }

  private async process(job: Job): Promise<void> {
    const parsed: RuleActionJob = parseRuleActionJob(job.name, job.data);
    const executor = this.table.get(parsed.name) as RuleActionExecutor<typeof parsed.name>;
    await executor.execute(parsed.data, {
      id: job.id ?? '',
      attemptsMade: job.attemptsMade,
      attempts: job.opts.attempts ?? 1,
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.worker?.close();
  }
}
