import type { AccessCommand, AccessDecider, EpochMs } from '../access/access.types';
import { assertNever } from '../shared';
import type { TimeProfile } from './time-profile';
import { ALWAYS_TIME_PROFILE_ID, timeProfileProblems } from './time-profile';
import { TimeProfileError } from './time-profile.errors';
import type { TimeProfileEvent } from './time-profile.events';

/**
 * Time profile definitions, stream `timeprofile-<id>`. The built-in Always profile is a code constant
 * (ALWAYS_TIME_PROFILE) and refuses every command. Checked by the caller, because they need read models: who may
 * manage profiles, unique names, and which rules use a profile (passed in as DeleteTimeProfile's `usedBy`).
 */

export type CreateTimeProfile = AccessCommand<
  'CreateTimeProfile',
  { profile: TimeProfile; byUserId: string; now: EpochMs }
>;
/** A full replacement of the definition; `profile.id` names the profile to change. */
export type UpdateTimeProfile = AccessCommand<
  'UpdateTimeProfile',
  { profile: TimeProfile; byUserId: string; now: EpochMs }
>;
/** `usedBy`: the names of the rules (and other definitions) that use the profile, from a read model. */
export type DeleteTimeProfile = AccessCommand<
  'DeleteTimeProfile',
  { timeProfileId: string; usedBy: readonly string[]; byUserId: string; now: EpochMs }
>;
export type TimeProfileCommand = CreateTimeProfile | UpdateTimeProfile | DeleteTimeProfile;

export type TimeProfileState =
  | Readonly<{ status: 'None' }>
  | Readonly<{ status: 'Active'; profile: TimeProfile }>
  | Readonly<{ status: 'Deleted'; timeProfileId: string }>;

export const initialTimeProfileState = (): TimeProfileState => ({ status: 'None' });

const refuseBuiltIn = (timeProfileId: string): void => {
  if (timeProfileId === ALWAYS_TIME_PROFILE_ID) {
    throw new TimeProfileError('TIME_PROFILE_BUILT_IN', 'the built-in Always profile cannot be changed');
  }
};

/** Trims the name and checks the definition; custom profiles are never of kind 'always'. */
const validProfile = (profile: TimeProfile): TimeProfile => {
  const trimmed: TimeProfile = { ...profile, name: typeof profile.name === 'string' ? profile.name.trim() : '' };
  const problems = [
    ...timeProfileProblems(trimmed),
    ...(trimmed.kind === 'always' ? ["only the built-in Always profile is of kind 'always'"] : []),
  ];
  if (problems.length > 0) {
    throw new TimeProfileError('TIME_PROFILE_INVALID', problems.join('; '), { problems });
  }
  return trimmed;
};

const requireActive = (state: TimeProfileState, timeProfileId: string): void => {
  if (state.status !== 'Active') {
    const why = state.status === 'Deleted' ? 'was deleted' : 'does not exist';
    throw new TimeProfileError('TIME_PROFILE_NOT_FOUND', `time profile ${timeProfileId} ${why}`);
  }
};

export const decideTimeProfile = (command: TimeProfileCommand, state: TimeProfileState): TimeProfileEvent[] => {
  switch (command.type) {
    case 'CreateTimeProfile': {
      const { byUserId, now } = command.data;
      refuseBuiltIn(command.data.profile.id);
      if (state.status !== 'None') {
        // a deleted profile's id is never reused: rules that named it must not silently pick up a new definition
        throw new TimeProfileError('TIME_PROFILE_ALREADY_EXISTS', `time profile ${command.data.profile.id} exists`);
      }
      return [{ type: 'TimeProfileCreated', data: { profile: validProfile(command.data.profile), byUserId, at: now } }];
    }
    case 'UpdateTimeProfile': {
      const { byUserId, now } = command.data;
      refuseBuiltIn(command.data.profile.id);
      requireActive(state, command.data.profile.id);
      return [{ type: 'TimeProfileUpdated', data: { profile: validProfile(command.data.profile), byUserId, at: now } }];
    }
    case 'DeleteTimeProfile': {
      const { timeProfileId, usedBy, byUserId, now } = command.data;
      refuseBuiltIn(timeProfileId);
      requireActive(state, timeProfileId);
      if (usedBy.length > 0) {
        throw new TimeProfileError(
          'TIME_PROFILE_IN_USE',
          `time profile ${timeProfileId} is used by ${usedBy.join(', ')}`,
          {
            usedBy,
          },
        );
      }
      return [{ type: 'TimeProfileDeleted', data: { timeProfileId, byUserId, at: now } }];
    }
    default:
      return assertNever(command);
  }
};

export const evolveTimeProfile = (state: TimeProfileState, event: TimeProfileEvent): TimeProfileState => {
  switch (event.type) {
    case 'TimeProfileCreated':
    case 'TimeProfileUpdated':
      return state.status === 'Deleted' ? state : { status: 'Active', profile: event.data.profile };
    case 'TimeProfileDeleted':
      return { status: 'Deleted', timeProfileId: event.data.timeProfileId };
    default:
      return assertNever(event);
  }
};

export const timeProfileDecider = {
  decide: decideTimeProfile,
  evolve: evolveTimeProfile,
  initialState: initialTimeProfileState,
} satisfies AccessDecider<TimeProfileState, TimeProfileCommand, TimeProfileEvent>;
