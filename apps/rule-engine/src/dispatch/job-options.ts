import type { JobsOptions } from 'bullmq';

// kept here too, so that the dispatchers import their job options from one place
export { KEEP_FOR_DEDUPLICATION } from '@vigil/infrastructure';

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
