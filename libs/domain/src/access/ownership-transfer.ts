import { AccessError } from './access.errors';
import { ADMINISTRATOR_ROLE_ID, OWNER_ROLE_ID } from './role';
import type { TransferOwnership } from './user.commands';
import type { OwnershipTransferred } from './user.events';
import type { UserState } from './user.state';
import { requireExistingUser } from './user.state';

/**
 * Ownership transfer: an Owner-only action, not a permission. Reads both users' states; the caller appends the event
 * to the former owner's stream with that stream's expected revision (the decision point), then the same event, with
 * the same event id, to the new owner's stream (idempotent; a process manager finishes it after a crash).
 * The former owner keeps its other roles and gets Administrator in place of Owner.
 */
export const decideOwnershipTransfer = (
  command: TransferOwnership,
  from: UserState,
  to: UserState,
): OwnershipTransferred[] => {
  const { fromUserId, toUserId, byUserId, now } = command.data;
  const owner = requireExistingUser(from, fromUserId);
  if (!owner.isOwner) {
    throw new AccessError('NOT_OWNER', `user ${fromUserId} is not the Owner`);
  }
  if (byUserId !== fromUserId) {
    throw new AccessError('OWNER_PROTECTED', 'only the Owner can transfer ownership');
  }
  if (toUserId === fromUserId) {
    return [];
  }
  const heir = requireExistingUser(to, toUserId);
  if (heir.status === 'Disabled') {
    throw new AccessError('USER_DISABLED', `user ${toUserId} is disabled`);
  }
  const others = (ids: readonly string[]) => ids.filter((id) => id !== OWNER_ROLE_ID);
  const fromUserRoleIds = [...new Set([...others(owner.roleIds), ADMINISTRATOR_ROLE_ID])];
  const toUserRoleIds = [OWNER_ROLE_ID, ...others(heir.roleIds)];
  return [{ type: 'OwnershipTransferred', data: { fromUserId, toUserId, fromUserRoleIds, toUserRoleIds, at: now } }];
};
