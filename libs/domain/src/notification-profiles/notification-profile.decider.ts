import type { AccessCommand, AccessDecider, EpochMs } from '../access/access.types';
import { assertNever } from '../shared';
import { notificationProfileProblems, type NotificationProfile } from './notification-profile';
import { NotificationProfileError } from './notification-profile.errors';
import type { NotificationProfileEvent } from './notification-profile.events';

/**
 * Notification profile definitions, stream `notificationprofile-<id>`. Checked by the caller, because they need read
 * models: unique names, and which rules use a profile (passed in as DeleteNotificationProfile's `usedBy`).
 */

export type CreateNotificationProfile = AccessCommand<
  'CreateNotificationProfile',
  { profile: NotificationProfile; byUserId: string; now: EpochMs }
>;
/** A full replacement of the definition; `profile.id` names the profile to change. */
export type UpdateNotificationProfile = AccessCommand<
  'UpdateNotificationProfile',
  { profile: NotificationProfile; byUserId: string; now: EpochMs }
>;
/** `usedBy`: the names of the rules that send notifications with the profile, from a read model. */
export type DeleteNotificationProfile = AccessCommand<
  'DeleteNotificationProfile',
  { notificationProfileId: string; usedBy: readonly string[]; byUserId: string; now: EpochMs }
>;
export type NotificationProfileCommand =
  CreateNotificationProfile | UpdateNotificationProfile | DeleteNotificationProfile;

export type NotificationProfileState =
  | Readonly<{ status: 'None' }>
  | Readonly<{ status: 'Active'; profile: NotificationProfile }>
  | Readonly<{ status: 'Deleted'; notificationProfileId: string }>;

export const initialNotificationProfileState = (): NotificationProfileState => ({ status: 'None' });

const validProfile = (profile: NotificationProfile): NotificationProfile => {
  const trimmed: NotificationProfile = { ...profile, name: profile.name.trim() };
  const problems = notificationProfileProblems(trimmed);
  if (problems.length > 0) {
    throw new NotificationProfileError('NOTIFICATION_PROFILE_INVALID', problems.join('; '), { problems });
  }
  return trimmed;
};

const requireActive = (state: NotificationProfileState, id: string): void => {
  if (state.status !== 'Active') {
    const why = state.status === 'Deleted' ? 'was deleted' : 'does not exist';
    throw new NotificationProfileError('NOTIFICATION_PROFILE_NOT_FOUND', `notification profile ${id} ${why}`);
  }
};

export const decideNotificationProfile = (
  command: NotificationProfileCommand,
  state: NotificationProfileState,
): NotificationProfileEvent[] => {
  switch (command.type) {
    case 'CreateNotificationProfile': {
      const { profile, byUserId, now } = command.data;
      if (state.status !== 'None') {
        // a deleted profile's id is never reused: rules that named it must not silently pick up a new definition
        throw new NotificationProfileError(
          'NOTIFICATION_PROFILE_ALREADY_EXISTS',
          `notification profile ${profile.id} exists`,
        );
      }
      return [{ type: 'NotificationProfileCreated', data: { profile: validProfile(profile), byUserId, at: now } }];
    }
    case 'UpdateNotificationProfile': {
      const { profile, byUserId, now } = command.data;
      requireActive(state, profile.id);
      return [{ type: 'NotificationProfileUpdated', data: { profile: validProfile(profile), byUserId, at: now } }];
    }
    case 'DeleteNotificationProfile': {
      const { notificationProfileId, usedBy, byUserId, now } = command.data;
      requireActive(state, notificationProfileId);
      if (usedBy.length > 0) {
        throw new NotificationProfileError(
          'NOTIFICATION_PROFILE_IN_USE',
          `notification profile ${notificationProfileId} is used by ${usedBy.join(', ')}`,
          { usedBy },
        );
      }
      return [{ type: 'NotificationProfileDeleted', data: { notificationProfileId, byUserId, at: now } }];
    }
    default:
      return assertNever(command);
  }
};

export const evolveNotificationProfile = (
  state: NotificationProfileState,
  event: NotificationProfileEvent,
): NotificationProfileState => {
  switch (event.type) {
    case 'NotificationProfileCreated':
    case 'NotificationProfileUpdated':
      return state.status === 'Deleted' ? state : { status: 'Active', profile: event.data.profile };
    case 'NotificationProfileDeleted':
      return { status: 'Deleted', notificationProfileId: event.data.notificationProfileId };
    default:
      return assertNever(event);
  }
};

export const notificationProfileDecider = {
  decide: decideNotificationProfile,
  evolve: evolveNotificationProfile,
  initialState: initialNotificationProfileState,
} satisfies AccessDecider<NotificationProfileState, NotificationProfileCommand, NotificationProfileEvent>;
