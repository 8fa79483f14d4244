import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { EventStore } from '@vigil/domain';
import { deterministicUuid, EVENT_STORE, PG_POOL, ProjectionRunner, QueueRegistry } from '@vigil/infrastructure';
import type { Pool } from 'pg';
import { RuleEngineEnv } from '../config/rule-engine.env';
import { AlarmDispatcher } from './alarm.dispatcher';
import { AlarmEngineProjection } from './alarm-engine.projection';

/**
 * Checkpoint subscriber and state row of the alarm engine of rule engine `<RULE_ENGINE_ID>`; ':' keeps it apart from
 * any RULE_ENGINE_ID (which cannot hold one). Persisted: do not rename.
 */
export const alarmEngineId = (ruleEngineId: string): string => `alarm-engine:${ruleEngineId}`;

/**
 * The alarm engine in this process (FEATURES 5.1, 5.3): matches events against the alarm definitions, raises and
 * auto-closes alarms, and schedules their jobs on the alarm-actions queue (AlarmActionsWorker runs them).
 */
@Injectable()
export class AlarmEngineService implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly runner: ProjectionRunner;

  constructor(
    env: RuleEngineEnv,
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(PG_POOL) pool: Pool,
    queues: QueueRegistry,
  ) {
    const projection = new AlarmEngineProjection(
      alarmEngineId(env.RULE_ENGINE_ID),
      store,
      new AlarmDispatcher(store, queues),
      // Alarm ids are name-based UUIDs of (definition, version, triggering event): a replay raises the same alarm.
      { deviceGroups: new Map(), alarmIdOf: deterministicUuid },
    );
    this.runner = new ProjectionRunner({
      projection,
      eventStore: store,
      pool,
      retry: { maxDelayMs: 10_000 },
      // The engine's position and state are redone from the store: a crash of PostgreSQL that loses the last batches'
      // commits makes it decide those batches again from the state before them, with the same ids, and its effects
      // (appends with deterministic ids to streams that must not exist yet, jobs with deterministic ids) change
      // nothing the second time. Not waiting for the disk there takes a flush off every batch of the alarm path; the
      // alarms themselves are appended synchronously, which also flushes the batches before them.
      synchronousCommit: false,
    });
  }

  onApplicationBootstrap(): void {
    this.runner.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.runner.stop();
  }
}
