import { createHash } from 'node:crypto';
import { deterministicUuid } from './deterministic-uuid';

const UUID_V5 = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('deterministicUuid', () => {
  it('gives the same version-5-shaped UUID for the same key, and different ones for different keys', () => {
    const first = deterministicUuid('webhookdelivery:job-1:1');

    expect(first).toMatch(UUID_V5);
    expect(deterministicUuid('webhookdelivery:job-1:1')).toBe(first);
    expect(deterministicUuid('webhookdelivery:job-1:2')).not.toBe(first);
    expect(deterministicUuid('')).toMatch(UUID_V5);
  });

  it('is the SHA-1 of the key with the version and variant bits set', () => {
    const sha1 = createHash('sha1').update('héllo', 'utf8').digest('hex');

    const id = deterministicUuid('héllo').replace(/-/g, '');

    expect(id.slice(0, 12)).toBe(sha1.slice(0, 12));
    expect(id.slice(13, 16)).toBe(sha1.slice(13, 16));
    expect(id.slice(17, 32)).toBe(sha1.slice(17, 32));
  });
});
