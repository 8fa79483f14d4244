import { deciderSpec } from '../access/testing/decider-spec';
import { NOTIFICATION_PROFILE_DEFAULTS, type NotificationProfile } from './notification-profile';
import { notificationProfileDecider } from './notification-profile.decider';
import type { NotificationProfileCreated, NotificationProfileDeleted } from './notification-profile.events';

const errorOf = (run: () => unknown): unknown => {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected it to throw');
};

const given = deciderSpec(notificationProfileDecider);
const id = 'np-1';
const profile: NotificationProfile = {
  ...NOTIFICATION_PROFILE_DEFAULTS,
  id,
  name: 'Security: Red Sector Entrance',
  recipients: ['guard@example.org'],
  subject: 'Alarm on $DeviceName$',
  messageText: 'Check $DeviceName$',
  timeBetweenEmailsSeconds: 120,
};
const created: NotificationProfileCreated = {
  type: 'NotificationProfileCreated',
  data: { profile, byUserId: 'admin', at: 1 },
};
const deleted: NotificationProfileDeleted = {
  type: 'NotificationProfileDeleted',
  data: { notificationProfileId: id, byUserId: 'admin', at: 3 },
};

describe('notification profile decider', () => {
  it('creates a valid profile with a trimmed name, once', () => {
    given([])
      .when({
        type: 'CreateNotificationProfile',
        data: { profile: { ...profile, name: `  ${profile.name} ` }, byUserId: 'admin', now: 1 },
      })
      .then([created]);
    given([created])
      .when({ type: 'CreateNotificationProfile', data: { profile, byUserId: 'admin', now: 2 } })
      .thenThrows('NOTIFICATION_PROFILE_ALREADY_EXISTS');
  });

  it('refuses an invalid profile, listing every problem', () => {
    const run = () =>
      notificationProfileDecider.decide(
        {
          type: 'CreateNotificationProfile',
          data: {
            profile: { ...profile, name: ' ', recipients: ['not-an-address'], frameRate: 0 },
            byUserId: 'a',
            now: 1,
          },
        },
        notificationProfileDecider.initialState(),
      );

    expect(errorOf(run)).toMatchObject({
      code: 'NOTIFICATION_PROFILE_INVALID',
      details: {
        problems: [
          'name: needs 1 to 100 characters',
          "recipients: 'not-an-address' is not an e-mail address",
          'frameRate: an integer from 1 to 30',
        ],
      },
    });
  });

  it('updates an existing profile; an unknown or deleted one is not found', () => {
    const changed = { ...profile, subject: 'New subject' };
    given([created])
      .when({ type: 'UpdateNotificationProfile', data: { profile: changed, byUserId: 'admin', now: 2 } })
      .then([{ type: 'NotificationProfileUpdated', data: { profile: changed, byUserId: 'admin', at: 2 } }]);
    given([])
      .when({ type: 'UpdateNotificationProfile', data: { profile: changed, byUserId: 'admin', now: 2 } })
      .thenThrows('NOTIFICATION_PROFILE_NOT_FOUND');
    given([created, deleted])
      .when({ type: 'UpdateNotificationProfile', data: { profile: changed, byUserId: 'admin', now: 4 } })
      .thenThrows('NOTIFICATION_PROFILE_NOT_FOUND');
    given([created, deleted])
      .when({ type: 'CreateNotificationProfile', data: { profile, byUserId: 'admin', now: 4 } })
      .thenThrows('NOTIFICATION_PROFILE_ALREADY_EXISTS');
  });

  it('deletes an unused profile and refuses while rules use it, naming them', () => {
    given([created])
      .when({
        type: 'DeleteNotificationProfile',
        data: { notificationProfileId: id, usedBy: [], byUserId: 'admin', now: 3 },
      })
      .then([deleted]);
    const inUse = () =>
      notificationProfileDecider.decide(
        {
          type: 'DeleteNotificationProfile',
          data: { notificationProfileId: id, usedBy: ['rule Door alarm'], byUserId: 'admin', now: 3 },
        },
        notificationProfileDecider.evolve(notificationProfileDecider.initialState(), created),
      );
    expect(errorOf(inUse)).toMatchObject({
      code: 'NOTIFICATION_PROFILE_IN_USE',
      details: { usedBy: ['rule Door alarm'] },
    });
  });
});
