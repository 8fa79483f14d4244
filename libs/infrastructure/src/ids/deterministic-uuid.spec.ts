import { deterministicUuid } from './deterministic-uuid';

describe('deterministicUuid', () => {
  it('gives the same version-5 UUID for the same key and different ones for different keys', () => {
    const id = deterministicUuid('SendNotification_rule-1_firing-1');

    expect(id).toBe(deterministicUuid('SendNotification_rule-1_firing-1'));
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(deterministicUuid('SendNotification_rule-1_firing-2')).not.toBe(id);
  });
});
