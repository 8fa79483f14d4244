import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import {
  ALARM_RETENTION_QUEUE,
  ALARM_RETENTION_SCHEDULER_ID,
  ENFORCE_ALARM_RETENTION_JOB,
  parseAlarmRetentionJob,
  type EventStore,
} from '@vigil/domain';
import { EVENT_STORE, PG_POOL, QueueRegistry, startJobWorker, type JobWorker } from '@vigil/infrastructure';
import type { Job } from 'bullmq';
import type { Pool } from 'pg';
import { RuleEngineEnv } from '../config/rule-engine.env';
import { AlarmRetentionEnforcer, type AlarmRetentionRun } from './alarm-retention.enforcer';

/**
 * The alarm retention's durable schedule (FEATURES 5.3.8), next to the alarm engine: at start-up it upserts the one
 * job scheduler (a fixed id: every process and every restart replaces it, never doubles it; it lives in Redis, so a
 * restart does not reset it) that adds an EnforceAlarmRetention job every ALARM_RETENTION_CHECK_SECONDS, and it runs
 * those jobs. The queue's global concurrency is 1: with several rule-engine processes, one run at a time.
 */
@Injectable()
export class AlarmRetentionWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly enforcer: AlarmRetentionEnforcer;
  private worker: JobWorker | undefined;

  constructor(
    private readonly env: RuleEngineEnv,
    private readonly queues: QueueRegistry,
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(PG_POOL) pool: Pool,
  ) {
    this.enforcer = new AlarmRetentionEnforcer(store, pool);
  }

  async onApplicationBootstrap(): Promise<void> {
    const queue = this.queues.queue(ALARM_RETENTION_QUEUE);
    await queue.setGlobalConcurrency(1);
    await queue.upsertJobScheduler(
      ALARM_RETENTION_SCHEDULER_ID,
      { every: this.env.ALARM_RETENTION_CHECK_SECONDS * 1_000 },
      { name: ENFORCE_ALARM_RETENTION_JOB, data: {}, opts: { removeOnComplete: 100, removeOnFail: 100 } },
    );
    this.worker = await startJobWorker({
      queue: ALARM_RETENTION_QUEUE,
      redisUrl: this.env.REDIS_URL,
      prefix: this.env.QUEUE_PREFIX,
      concurrency: 1,
      process: (job) => this.process(job),
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.worker?.close();
  }

  /** A run at the time the job runs: the retention is measured from then. */
  process(job: Job): Promise<AlarmRetentionRun> {
    parseAlarmRetentionJob(job.name, job.data);
    return this.enforcer.enforce(Date.now());
  }
}
