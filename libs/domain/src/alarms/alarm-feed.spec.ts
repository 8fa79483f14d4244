import type { StoredEvent } from '../event-store/event-store.port';
import { alarmFeedMessageOf } from './alarm-feed';

const stored = (streamId: string, type: string, revision: bigint, data: object): StoredEvent => ({
  id: '00000000-0000-4000-8000-000000000001',
  type,
  data,
  metadata: {},
  streamId,
  revision,
  position: { commit: 42n, prepare: 7n },
  recordedAt: new Date(Date.UTC(2026, 11, 1, 12, 0, 0)),
});

describe('alarmFeedMessageOf', () => {
  it('given an AlarmRaised, then the message is "raised" with its position, alarm and revision', () => {
    const event = stored('alarm-a1', 'AlarmRaised', 0n, { alarmId: 'a1', name: 'Door forced', priority: 1 });

    expect(alarmFeedMessageOf(event)).toEqual({
      position: '42/7',
      alarmId: 'a1',
      revision: 0,
      kind: 'raised',
      type: 'AlarmRaised',
      data: { alarmId: 'a1', name: 'Door forced', priority: 1 },
      recordedAt: Date.UTC(2026, 11, 1, 12, 0, 0),
    });
  });

  it('given later alarm events, then AlarmClosed is "closed" and the others "changed"', () => {
    expect(alarmFeedMessageOf(stored('alarm-a1', 'AlarmClosed', 3n, { alarmId: 'a1' }))?.kind).toBe('closed');
    expect(alarmFeedMessageOf(stored('alarm-a1', 'AlarmAcknowledged', 1n, { alarmId: 'a1' }))?.kind).toBe('changed');
    expect(alarmFeedMessageOf(stored('alarm-a1', 'AlarmCommented', 2n, { alarmId: 'a1' }))?.revision).toBe(2);
  });

  it('given an AlarmExpired (its retention passed), then the message is "expired"', () => {
    expect(alarmFeedMessageOf(stored('alarm-a1', 'AlarmExpired', 4n, { alarmId: 'a1' }))).toMatchObject({
      kind: 'expired',
      type: 'AlarmExpired',
      revision: 4,
    });
  });

  it('given an event of another stream or an unknown type, then there is no message', () => {
    expect(alarmFeedMessageOf(stored('alarmdefinition-d1', 'AlarmRaised', 0n, {}))).toBeUndefined();
    expect(alarmFeedMessageOf(stored('alarm-a1', 'SomethingElse', 0n, {}))).toBeUndefined();
  });
});
