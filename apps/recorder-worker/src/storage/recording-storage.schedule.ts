import { ENFORCE_RECORDING_STORAGE_JOB, recorderQueueName, recordingStorageSchedulerId } from '@vigil/domain';
import { createBullMqConnection } from '@vigil/infrastructure';
import { Queue } from 'bullmq';

/**
 * The storage check's durable timer: a BullMQ job scheduler on this recorder's own queue that adds an
 * EnforceRecordingStorage job every `everyMs`. Upserted at every start, so a changed interval replaces the old one
 * and several starts never double it; it lives in Redis, so a restarted worker picks up where it was.
 */
export const scheduleRecordingStorageChecks = async (
  options: Readonly<{ redisUrl: string; prefix: string; recorderId: string; everyMs: number }>,
): Promise<void> => {
  const connection = createBullMqConnection(options.redisUrl);
  const queue = new Queue(recorderQueueName(options.recorderId), { connection, prefix: options.prefix });
  try {
    await queue.upsertJobScheduler(
      recordingStorageSchedulerId(options.recorderId),
      { every: options.everyMs },
      {
        name: ENFORCE_RECORDING_STORAGE_JOB,
        data: { recorderId: options.recorderId },
        opts: { removeOnComplete: 100, removeOnFail: 100 },
      },
    );
  } finally {
    await queue.close();
    await connection.quit().catch(() => connection.disconnect());
  }
};
