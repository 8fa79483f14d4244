/**
 * BullMQ queue names. Persisted in Redis keys: never rename without a drain plan.
 * Each recorder worker consumes its own queue, so the rule engine addresses the recording server of a camera.
 */
export const RECORDER_QUEUE_PREFIX = 'recorder'; // persisted: do not rename

const RECORDER_ID = /^[a-z0-9][a-z0-9-]{0,62}$/;

export const isValidRecorderId = (id: string): boolean => RECORDER_ID.test(id);

/** `recorder-<recorderId>`; BullMQ forbids ':' in names, which the id pattern excludes. */
export const recorderQueueName = (recorderId: string): string => `${RECORDER_QUEUE_PREFIX}-${recorderId}`;
