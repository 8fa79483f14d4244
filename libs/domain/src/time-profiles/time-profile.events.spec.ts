import {
  TIME_PROFILE_EVENT_TYPES,
  allTimeProfileEventTypesListed,
  isTimeProfileEventType,
  timeProfileStream,
} from './time-profile.events';

describe('time profile events', () => {
  it('lists every event type once', () => {
    expect(allTimeProfileEventTypesListed).toBe(true);
    expect(new Set(TIME_PROFILE_EVENT_TYPES).size).toBe(TIME_PROFILE_EVENT_TYPES.length);
  });

  it('recognises its event types', () => {
    expect(isTimeProfileEventType('TimeProfileUpdated')).toBe(true);
    expect(isTimeProfileEventType('RoleUpdated')).toBe(false);
  });

  it('names the stream timeprofile-<id>', () => expect(timeProfileStream('tp-1')).toBe('timeprofile-tp-1'));
});
