import type { JobsOptions } from 'bullmq';

const DAY_S = 86_400;

/**
 * Completed jobs are kept a week so that the same deterministic id added again (a replay after a restart, two
 * requests racing) is recognised as a duplicate and ignored; failed ones a month, for the trace. Shared by every
 * producer of deterministic job ids (the rule engine, the API's manual recording).
 */
export const KEEP_FOR_DEDUPLICATION: Pick<JobsOptions, 'removeOnComplete' | 'removeOnFail'> = {
  removeOnComplete: { age: 7 * DAY_S },
  removeOnFail: { age: 30 * DAY_S },
};
