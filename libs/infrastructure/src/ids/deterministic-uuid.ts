import { createHash } from 'node:crypto';

/**
 * A UUID derived from a key (the SHA-1 of the key's UTF-8 bytes, shaped as RFC 9562 version 5, variant 10): the same
 * key always gives the same id, so an event appended again under it (a retried job) is stored once. Keys are
 * namespaced by their own text, e.g. `webhookdelivery:<jobId>:<attempt>`; there is no separate namespace UUID.
 */
export const deterministicUuid = (key: string): string => {
  const bytes = createHash('sha1').update(key, 'utf8').digest().subarray(0, 16);
  bytes[6] = ((bytes[6] as number) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] as number) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};
