import { deciderSpec } from '../access/testing/decider-spec';
import { ALWAYS_TIME_PROFILE } from './time-profile';
import type { CreateTimeProfile, DeleteTimeProfile, UpdateTimeProfile } from './time-profile.decider';
import { timeProfileDecider } from './time-profile.decider';
import type { TimeProfileCreated, TimeProfileDeleted } from './time-profile.events';
import { aDayLength, aSchedule, everyDay } from './testing/time-profile.fixtures';

const given = deciderSpec(timeProfileDecider);
const NOW = Date.UTC(2026, 0, 15, 9, 0, 0);
const byUserId = 'user-admin';

const profile = aSchedule([everyDay('08:00', '16:00')], { id: 'tp-office', name: 'Office hours' });

const create: CreateTimeProfile = {
  type: 'CreateTimeProfile',
  data: { profile: { ...profile, name: '  Office hours ' }, byUserId, now: NOW },
};
const created: TimeProfileCreated = { type: 'TimeProfileCreated', data: { profile, byUserId, at: NOW } };
const daylight = aDayLength({ id: 'tp-office', name: 'Daylight' });
const update: UpdateTimeProfile = { type: 'UpdateTimeProfile', data: { profile: daylight, byUserId, now: NOW + 1 } };
const del = (usedBy: readonly string[] = []): DeleteTimeProfile => ({
  type: 'DeleteTimeProfile',
  data: { timeProfileId: 'tp-office', usedBy, byUserId, now: NOW + 2 },
});
const deleted: TimeProfileDeleted = {
  type: 'TimeProfileDeleted',
  data: { timeProfileId: 'tp-office', byUserId, at: NOW + 2 },
};

const thrownBy = (run: () => unknown): unknown => {
  try {
    run();
  } catch (error: unknown) {
    return error;
  }
  return undefined;
};

describe('time profile decider', () => {
  describe('CreateTimeProfile', () => {
    it('creates a profile with a trimmed name', () => given([]).when(create).then([created]));

    it('refuses an existing profile, and a deleted profile id', () => {
      given([created]).when(create).thenThrows('TIME_PROFILE_ALREADY_EXISTS');
      given([created, deleted]).when(create).thenThrows('TIME_PROFILE_ALREADY_EXISTS');
    });

    it('refuses the Always id', () =>
      given([])
        .when({ ...create, data: { ...create.data, profile: { ...profile, id: 'always' } } })
        .thenThrows('TIME_PROFILE_BUILT_IN'));

    it('refuses a custom profile of kind always', () =>
      given([])
        .when({ ...create, data: { ...create.data, profile: { ...ALWAYS_TIME_PROFILE, id: 'tp-2' } } })
        .thenThrows('TIME_PROFILE_INVALID'));

    it('refuses an invalid profile, listing the problems in details', () => {
      const invalid = aSchedule([everyDay('08:00', '16:00')], { timeZone: 'Europe/Atlantis', name: '' });
      const error = thrownBy(() =>
        timeProfileDecider.decide({ ...create, data: { ...create.data, profile: invalid } }, { status: 'None' }),
      );
      expect(error).toMatchObject({
        name: 'TimeProfileError',
        code: 'TIME_PROFILE_INVALID',
        details: { problems: ['name must have 1 to 100 characters', "unknown time zone 'Europe/Atlantis'"] },
      });
    });
  });

  describe('UpdateTimeProfile', () => {
    it('replaces the whole definition, even its kind', () =>
      given([created])
        .when(update)
        .then([{ type: 'TimeProfileUpdated', data: { profile: daylight, byUserId, at: NOW + 1 } }]));

    it('refuses an unknown or deleted profile', () => {
      given([]).when(update).thenThrows('TIME_PROFILE_NOT_FOUND');
      given([created, deleted]).when(update).thenThrows('TIME_PROFILE_NOT_FOUND');
    });

    it('refuses to change Always', () =>
      given([])
        .when({ ...update, data: { ...update.data, profile: { ...ALWAYS_TIME_PROFILE, name: 'Sometimes' } } })
        .thenThrows('TIME_PROFILE_BUILT_IN'));

    it('refuses an invalid definition', () =>
      given([created])
        .when({ ...update, data: { ...update.data, profile: aDayLength({ id: 'tp-office', latitude: 100 }) } })
        .thenThrows('TIME_PROFILE_INVALID'));
  });

  describe('DeleteTimeProfile', () => {
    it('deletes a profile no rule uses', () => given([created]).when(del()).then([deleted]));

    it('refuses a profile in use, naming the rules', () => {
      given([created])
        .when(del(['Record at night', 'Night alarm']))
        .thenThrows('TIME_PROFILE_IN_USE');
      const error = thrownBy(() => timeProfileDecider.decide(del(['Record at night']), { status: 'Active', profile }));
      expect(error).toMatchObject({ details: { usedBy: ['Record at night'] } });
    });

    it('refuses an unknown or already deleted profile', () => {
      given([]).when(del()).thenThrows('TIME_PROFILE_NOT_FOUND');
      given([created, deleted]).when(del()).thenThrows('TIME_PROFILE_NOT_FOUND');
    });

    it('never deletes Always', () =>
      given([])
        .when({ ...del(), data: { ...del().data, timeProfileId: 'always' } })
        .thenThrows('TIME_PROFILE_BUILT_IN'));
  });

  it('evolves into the current definition, then the deleted id', () => {
    const { evolve, initialState } = timeProfileDecider;
    const updated = { type: 'TimeProfileUpdated', data: { profile: daylight, byUserId, at: NOW + 1 } } as const;
    expect([created, updated].reduce(evolve, initialState())).toEqual({ status: 'Active', profile: daylight });
    expect([created, updated, deleted].reduce(evolve, initialState())).toEqual({
      status: 'Deleted',
      timeProfileId: 'tp-office',
    });
  });
});
