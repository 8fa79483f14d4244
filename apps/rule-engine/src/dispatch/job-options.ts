import type { JobsOptions } from 'bullmq';

const DAY_S = 86_400;

/**
 * Completed jobs are kept a week so that the same deterministic id added again (a replay after a restart) is
 * recognised as a duplicate and ignored; failed ones a month, for the trace.
 */
export const KEEP_FOR_DEDUPLICATION: Pick<JobsOptions, 'removeOnComplete' | 'removeOnFail'> = {
  removeOnComplete: { age: 7 * DAY_S },
  removeOnFail: { age: 30 * DAY_S },
};

/** Retries by job name: remote endpoints get more patience than local work. */
export const retryOptionsFor = (jobName: string): Pick<JobsOptions, 'attempts' | 'backoff'> => {
  switch (jobName) {
    case 'CallWebhook':
      return { attempts: 5, backoff: { type: 'exponential', delay: 1_000 } };
    case 'SendNotification':
      return { attempts: 5, backoff: { type: 'exponential', delay: 5_000 } };
    default:
      return { attempts: 3, backoff: { type: 'exponential', delay: 500 } };
  }
};
