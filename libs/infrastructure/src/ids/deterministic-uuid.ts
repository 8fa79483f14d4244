import { createHash } from 'node:crypto';

/**
 * A UUID in the version-5 layout from the SHA-1 of `key`: the same key always gives the same id, so an event whose id
 * derives from a job id is appended once however often the job runs (the event store is idempotent by event id).
 */
export const deterministicUuid = (key: string): string => {
  const bytes = createHash('sha1').update(key, 'utf8').digest().subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
};
