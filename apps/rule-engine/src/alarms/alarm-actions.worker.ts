import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import {
  ALARM_ACTIONS_QUEUE,
  alarmDecider,
  alarmStream,
  parseAlarmJob,
  shouldEscalate,
  type AlarmJob,
  type EventStore,
} from '@vigil/domain';
import { deterministicUuid, EVENT_STORE, readState, startJobWorker, type JobWorker } from '@vigil/infrastructure';
import { UnrecoverableError, type Job } from 'bullmq';
import { TriggerUserDefinedEventExecutor } from '../actions/trigger-user-defined-event.executor';
import { RuleEngineEnv } from '../config/rule-engine.env';

/**
 * Consumes the alarm-actions queue: the events triggered by an alarm when it is raised, and its escalation when the
 * operator action time limit has passed. The escalation reads the alarm first and does nothing when it is no longer
 * New (acknowledged, moved to another state or closed): handling the alarm is what cancels it, so a restart, a
 * replayed raise or a job added twice can never escalate a handled alarm. The user-defined events are triggered as
 * the rule engine's `Trigger <user-defined event>` action triggers them (same executor), with ids derived from the
 * job, so a retried job triggers each event once.
 */
@Injectable()
export class AlarmActionsWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(AlarmActionsWorker.name);
  private worker: JobWorker | undefined;

  constructor(
    private readonly env: RuleEngineEnv,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly userDefinedEvents: TriggerUserDefinedEventExecutor,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.worker = await startJobWorker({
      queue: ALARM_ACTIONS_QUEUE,
      redisUrl: this.env.REDIS_URL,
      prefix: this.env.QUEUE_PREFIX,
      concurrency: 4,
      process: (job) => this.process(job),
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.worker?.close();
  }

  /** What the job did: 'triggered' its events, or 'handled' (an escalation of an alarm no longer New). */
  async process(job: Job): Promise<'triggered' | 'handled'> {
    const parsed: AlarmJob = parseAlarmJob(job.name, job.data);
    const { data } = parsed;
    if (parsed.name === 'EscalateAlarm') {
      const { state } = await readState(this.store, alarmStream(data.alarmId), alarmDecider);
      if (!shouldEscalate(state)) {
        this.logger.debug(`alarm ${data.alarmId} was handled in time: no escalation`);
        return 'handled';
      }
    }
    const unknown: string[] = [];
    for (const userDefinedEventId of data.userDefinedEventIds) {
      const outcome = await this.userDefinedEvents.trigger({
        userDefinedEventId,
        triggeredBy: `alarm:${data.alarmId}`,
        deviceIds: data.deviceIds,
        at: data.at,
        eventId: deterministicUuid(`alarm-ude|${job.id ?? parsed.name}|${userDefinedEventId}`),
        causationId: data.causationId,
        correlationId: data.correlationId,
      });
      if (outcome === 'unknown') {
        unknown.push(userDefinedEventId);
      }
    }
    if (unknown.length > 0) {
      // The others were triggered; a deleted event stays deleted, so retrying cannot help.
      throw new UnrecoverableError(`user-defined events ${unknown.join(', ')} do not exist (deleted?)`);
    }
    return 'triggered';
  }
}
