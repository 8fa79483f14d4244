import { Logger } from '@nestjs/common';
import {
  alarmDecider,
  AlarmError,
  alarmStream,
  groupBy,
  planAlarmJobs,
  type AlarmDecision,
  type AutoCloseDecision,
  type CloseAlarm,
  type EventStore,
  type PlannedAlarmJob,
  type RaiseDecision,
} from '@vigil/domain';
import { deterministicUuid, handleCommand, isWrongRevision, type QueueRegistry } from '@vigil/infrastructure';
import { KEEP_FOR_DEDUPLICATION, retryOptionsFor } from '../dispatch/job-options';

/** Who closes an alarm on its auto-close event (AlarmClosed.byUserId), as the API names the system's own changes. */
export const ALARM_ENGINE_ACTOR = 'system';

/** Alarms whose auto-close decisions are carried out at the same time. */
const ALARMS_AT_ONCE = 16;
/** The most alarms raised in one append: a catch-up batch of many alarms is split into statements of bounded size. */
const RAISES_PER_APPEND = 500;

/**
 * Carries out the alarm engine's decisions, idempotently, so that doing a batch again after a crash changes nothing
 * the first attempt did:
 * - raise: the first event of `alarm-<id>` as the alarm decider decides it on the empty stream, appended only if
 *   the stream does not exist yet (the decider raises an alarm id once; the event id derives from the alarm id), then
 *   its jobs with deterministic ids (BullMQ ignores an id it already holds);
 * - auto-close: CloseAlarm through the decider (an alarm already closed, by an operator or an earlier attempt, is
 *   left as it is). The system closes without a reason for closing: those are the operators' (FEATURES 5.2).
 * Every appended event carries the triggering event as causation and its correlation.
 */
export class AlarmDispatcher {
  private readonly logger = new Logger(AlarmDispatcher.name);

  constructor(
    private readonly store: EventStore,
    private readonly queues: QueueRegistry,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * The raises of the batch first, all in one append (one round trip and one commit for the whole batch, where one
   * append per alarm cost the alarm path a commit each), then the auto-closes. That keeps each alarm's decisions in
   * order: a raise is always the first decision of its alarm (the alarm id derives from its triggering event).
   */
  async dispatch(decisions: readonly AlarmDecision[]): Promise<void> {
    const raises = decisions.filter((decision) => decision.kind === 'raise');
    const jobs: PlannedAlarmJob[] = [];
    for (let from = 0; from < raises.length; from += RAISES_PER_APPEND) {
      jobs.push(...(await this.raise(raises.slice(from, from + RAISES_PER_APPEND))));
    }
    await this.autoClose(decisions.filter((decision) => decision.kind === 'autoClose'));
    await this.addJobs(jobs);
  }

  /**
   * A raise is the first event of its alarm's stream: decided against the empty stream and appended only if the
   * stream does not exist yet, so there is nothing to read first. An attempt after a crash finds the stream there
   * (the alarm id derives from its trigger) and appends nothing; its jobs are planned again either way.
   */
  private async raise(raises: readonly RaiseDecision[]): Promise<PlannedAlarmJob[]> {
    const byAlarm = new Map(raises.map((decision) => [decision.alarmId, decision]));
    const raised = [...byAlarm.values()].map((decision) => ({
      decision,
      raisedEventId: deterministicUuid(`alarm-raised|${decision.alarmId}`),
    }));
    const outcomes = await this.store.appendToStreams(
      raised.map(({ decision, raisedEventId }) => {
        const metadata = { causationId: decision.trigger.eventId, correlationId: decision.trigger.correlationId };
        const events = alarmDecider.decide(decision.command, alarmDecider.initialState());
        return {
          streamId: alarmStream(decision.alarmId),
          events: events.map((event) => ({ id: raisedEventId, type: event.type, data: event.data, metadata })),
          expected: 'no_stream' as const,
        };
      }),
    );
    for (const outcome of outcomes) {
      if ('refused' in outcome) {
        if (!isWrongRevision(outcome.refused)) {
          throw outcome.refused;
        }
        this.logger.debug(`alarm ${outcome.streamId} was raised before`);
      }
    }
    return raised.flatMap(({ decision, raisedEventId }) => planAlarmJobs(decision, raisedEventId));
  }

  /** The auto-closes of one alarm in order, different alarms at the same time (each reads its stream first). */
  private async autoClose(closes: readonly AutoCloseDecision[]): Promise<void> {
    const alarms = [...groupBy(closes, (decision) => decision.alarmId).values()];
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < alarms.length) {
        const ofAlarm = alarms[next] ?? [];
        next += 1;
        for (const decision of ofAlarm) {
          await this.close(decision);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(ALARMS_AT_ONCE, alarms.length) }, worker));
  }

  private async close(decision: AutoCloseDecision): Promise<void> {
    const { alarmId, trigger } = decision;
    const command: CloseAlarm = {
      type: 'CloseAlarm',
      data: {
        alarmId,
        byUserId: ALARM_ENGINE_ACTOR,
        now: trigger.at,
        reasonsForClosing: { enabled: false, reasons: [] },
      },
    };
    try {
      await handleCommand(
        this.store,
        alarmStream(alarmId),
        alarmDecider,
        command,
        { causationId: trigger.eventId, correlationId: trigger.correlationId },
        (index) => deterministicUuid(`alarm-autoclosed|${alarmId}|${trigger.eventId}|${index}`),
      );
    } catch (error) {
      if (error instanceof AlarmError && (error.code === 'ALARM_CLOSED' || error.code === 'ALARM_NOT_FOUND')) {
        this.logger.debug(`alarm ${alarmId} not auto-closed: ${error.code}`);
        return;
      }
      throw error;
    }
  }

  private async addJobs(jobs: readonly PlannedAlarmJob[]): Promise<void> {
    if (jobs.length === 0) {
      return;
    }
    const now = this.now();
    const byQueue = groupBy(jobs, (planned) => planned.queue);
    for (const [queue, list] of byQueue) {
      await this.queues.queue(queue).addBulk(
        list.map((planned) => ({
          name: planned.job.name,
          data: planned.job.data,
          opts: {
            jobId: planned.jobId,
            delay: Math.max(0, planned.dueAt - now),
            ...retryOptionsFor(planned.job.name),
            ...KEEP_FOR_DEDUPLICATION,
          },
        })),
      );
    }
  }
}
