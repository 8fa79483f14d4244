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

/** Alarms whose decisions are carried out at the same time. */
const ALARMS_AT_ONCE = 16;

/**
 * Carries out the alarm engine's decisions, idempotently, so that doing a batch again after a crash changes nothing
 * the first attempt did:
 * - raise: RaiseAlarm through the alarm decider on `alarm-<id>` (the decider raises an alarm id once; the event id
 *   derives from the alarm id), then its jobs with deterministic ids (BullMQ ignores an id it already holds);
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
   * The decisions of one alarm in order, different alarms at the same time (each is its own stream, so their
   * appends are independent and share the database's commits): a burst of alarms costs about one commit, not one
   * per alarm.
   */
  async dispatch(decisions: readonly AlarmDecision[]): Promise<void> {
    const byAlarm = groupBy(decisions, (decision) => decision.alarmId);
    const alarms = [...byAlarm.values()];
    const jobs: PlannedAlarmJob[][] = [];
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < alarms.length) {
        const ofAlarm = alarms[next] ?? [];
        next += 1;
        for (const decision of ofAlarm) {
          if (decision.kind === 'raise') {
            jobs.push(await this.raise(decision));
          } else {
            await this.close(decision);
          }
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(ALARMS_AT_ONCE, alarms.length) }, worker));
    await this.addJobs(jobs.flat());
  }

  /**
   * A raise is the first event of its alarm's stream: decided against the empty stream and appended only if the
   * stream does not exist yet, so there is nothing to read first. An attempt after a crash finds the stream there
   * (the alarm id derives from its trigger) and appends nothing; its jobs are planned again either way.
   */
  private async raise(decision: RaiseDecision): Promise<PlannedAlarmJob[]> {
    const raisedEventId = deterministicUuid(`alarm-raised|${decision.alarmId}`);
    const metadata = { causationId: decision.trigger.eventId, correlationId: decision.trigger.correlationId };
    const events = alarmDecider.decide(decision.command, alarmDecider.initialState());
    try {
      await this.store.append(
        alarmStream(decision.alarmId),
        events.map((event) => ({ id: raisedEventId, type: event.type, data: event.data, metadata })),
        'no_stream',
      );
    } catch (error) {
      if (!isWrongRevision(error)) {
        throw error;
      }
      this.logger.debug(`alarm ${decision.alarmId} was raised before`);
    }
    return planAlarmJobs(decision, raisedEventId);
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
