import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import {
  RULE_TIMERS_QUEUE,
  TIME_TRIGGER_DUE_JOB,
  timeTriggerJobId,
  type EventStore,
  type RuleCatalog,
} from '@vigil/domain';
import { EVENT_STORE, PG_POOL, QueueRegistry, type JobWorker } from '@vigil/infrastructure';
import type { Pool } from 'pg';
import { auditTime, concatMap, filter, type Subscription } from 'rxjs';
import { RuleEngineEnv } from '../config/rule-engine.env';
import { KEEP_FOR_DEDUPLICATION } from '../dispatch/job-options';
import { FiringDispatcher } from '../dispatch/firing.dispatcher';
import { timeTriggerSchedule } from '../pipeline/time-trigger-schedule';
import { startRuleTimersWorker } from '../time/rule-timers.worker';
import { EngineStateStore } from './engine-state.store';
import { RuleEngineRunner } from './rule-engine.runner';

/**
 * The rule engine in this process: the runner (decisions and dispatch from the global order), the schedule of time
 * triggers as delayed jobs, and the worker that turns due timers into RuleTimeTriggered events.
 */
@Injectable()
export class RuleEngineService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RuleEngineService.name);
  readonly runner: RuleEngineRunner;
  private schedule: Subscription | undefined;
  private timersWorker: JobWorker | undefined;

  constructor(
    private readonly env: RuleEngineEnv,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PG_POOL) pool: Pool,
    private readonly queues: QueueRegistry,
  ) {
    this.runner = new RuleEngineRunner({
      store,
      progress: new EngineStateStore(pool, env.RULE_ENGINE_ID),
      dispatcher: new FiringDispatcher(store, queues, env.DEFAULT_RECORDER_ID),
      settings: { deviceGroups: new Map(), timeZone: env.RULE_TIME_ZONE },
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    this.timersWorker = await startRuleTimersWorker(this.store, {
      redisUrl: this.env.REDIS_URL,
      prefix: this.env.QUEUE_PREFIX,
    });
    const timers = this.queues.queue(RULE_TIMERS_QUEUE);
    this.schedule = timeTriggerSchedule(
      this.runner.catalog$.pipe(
        filter((catalog): catalog is RuleCatalog => catalog !== undefined),
        auditTime(100), // a burst of rule changes reschedules once
      ),
    )
      .pipe(
        concatMap(async (due) => {
          try {
            await timers.add(TIME_TRIGGER_DUE_JOB, due, {
              jobId: timeTriggerJobId(due),
              delay: Math.max(0, due.dueAt - Date.now()),
              attempts: 5,
              backoff: { type: 'exponential', delay: 1_000 },
              ...KEEP_FOR_DEDUPLICATION,
            });
          } catch (error) {
            // Redis down: the schedule is rebuilt from the catalog at the next rule change or restart.
            this.logger.error(`could not schedule ${timeTriggerJobId(due)}: ${String(error)}`);
          }
        }),
      )
      .subscribe();
    this.runner.start();
  }

  async onApplicationShutdown(): Promise<void> {
    this.schedule?.unsubscribe();
    await this.runner.stop();
    await this.timersWorker?.close();
  }
}
