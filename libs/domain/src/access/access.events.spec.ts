import { ACCESS_EVENT_TYPES, allAccessEventTypesListed, isAccessEventType } from './access.events';

describe('access events', () => {
  it('lists every event type once', () => {
    expect(allAccessEventTypesListed).toBe(true);
    expect(new Set(ACCESS_EVENT_TYPES).size).toBe(ACCESS_EVENT_TYPES.length);
  });

  it('recognises its event types', () => {
    expect(isAccessEventType('UserLockedOut')).toBe(true);
    expect(isAccessEventType('OwnershipTransferred')).toBe(true);
    expect(isAccessEventType('AlarmRaised')).toBe(false);
  });
});
