import { assertNever, isAccessEventType, type AccessEvent, type StoredEvent } from '@vigil/domain';
import type { Projection } from '@vigil/infrastructure';
import type { PoolClient } from 'pg';

export const USER_STREAM_PREFIX = 'user-'; // persisted: do not rename
export const ROLE_STREAM_PREFIX = 'role-'; // persisted: do not rename
export const API_KEY_STREAM_PREFIX = 'apikey-'; // persisted: do not rename
export const userStream = (userId: string): string => `${USER_STREAM_PREFIX}${userId}`;
export const roleStream = (roleId: string): string => `${ROLE_STREAM_PREFIX}${roleId}`;
export const apiKeyStream = (keyId: string): string => `${API_KEY_STREAM_PREFIX}${keyId}`;

const at = (epochMs: number): Date => new Date(epochMs);

/** Projects the user-*, role-* and apikey-* streams into access.users, access.roles and access.api_keys. */
export class AccessProjection implements Projection {
  readonly name = 'access-read-model'; // persisted: the checkpoint's id
  readonly filter = { streamPrefixes: [USER_STREAM_PREFIX, ROLE_STREAM_PREFIX, API_KEY_STREAM_PREFIX] };

  async handle(events: readonly StoredEvent[], tx: PoolClient): Promise<void> {
    for (const stored of events) {
      if (isAccessEventType(stored.type)) {
        await this.apply({ type: stored.type, data: stored.data } as AccessEvent, tx);
      }
    }
  }

  async reset(tx: PoolClient): Promise<void> {
    await tx.query('TRUNCATE access.users, access.roles, access.api_keys');
  }

  private async apply(event: AccessEvent, tx: PoolClient): Promise<void> {
    switch (event.type) {
      case 'UserCreated': {
        const d = event.data;
        await tx.query(
          `INSERT INTO access.users (user_id, user_name, display_name, role_ids, is_owner, must_change_password,
             created_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $7) ON CONFLICT (user_id) DO NOTHING`,
          [d.userId, d.userName, d.displayName, d.roleIds, d.isOwner, d.mustChangePassword, at(d.at)],
        );
        return;
      }
      case 'UserPasswordChanged':
        await this.updateUser(tx, event.data.userId, event.data.at, 'must_change_password = $3', [
          event.data.mustChangePassword,
        ]);
        return;
      case 'UserDisabled':
        await this.updateUser(tx, event.data.userId, event.data.at, 'disabled = true');
        return;
      case 'UserEnabled':
        await this.updateUser(tx, event.data.userId, event.data.at, 'disabled = false');
        return;
      case 'UserDeleted':
        await tx.query('DELETE FROM access.users WHERE user_id = $1', [event.data.userId]);
        return;
      case 'UserRolesChanged':
        await this.updateUser(tx, event.data.userId, event.data.at, 'role_ids = $3', [event.data.roleIds]);
        return;
      case 'OwnershipTransferred':
        await this.updateUser(tx, event.data.fromUserId, event.data.at, 'is_owner = false, role_ids = $3', [
          event.data.fromUserRoleIds,
        ]);
        await this.updateUser(tx, event.data.toUserId, event.data.at, 'is_owner = true, role_ids = $3', [
          event.data.toUserRoleIds,
        ]);
        return;
      case 'UserLockedOut':
        await this.updateUser(tx, event.data.userId, event.data.at, 'locked_until = $3', [at(event.data.until)]);
        return;
      case 'UserLoginSucceeded':
        await this.updateUser(tx, event.data.userId, event.data.at, 'locked_until = NULL');
        return;
      case 'UserLoginFailed':
        return;
      case 'RoleCreated':
      case 'RoleUpdated': {
        const { byUserId: _by, at: when, ...definition } = event.data;
        await tx.query(
          `INSERT INTO access.roles (role_id, name, definition, updated_at) VALUES ($1, $2, $3, $4)
           ON CONFLICT (role_id) DO UPDATE SET name = $2, definition = $3, updated_at = $4`,
          [definition.roleId, definition.name, JSON.stringify(definition), at(when)],
        );
        return;
      }
      case 'RoleDeleted':
        await tx.query('DELETE FROM access.roles WHERE role_id = $1', [event.data.roleId]);
        return;
      case 'ApiKeyCreated': {
        const d = event.data;
        await tx.query(
          `INSERT INTO access.api_keys (key_id, name, secret_hash, scopes, created_by, created_at)
           VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (key_id) DO NOTHING`,
          [d.keyId, d.name, d.secretHash, JSON.stringify(d.scopes), d.createdBy, at(d.at)],
        );
        return;
      }
      case 'ApiKeyRevoked':
        await tx.query('UPDATE access.api_keys SET revoked_at = $2 WHERE key_id = $1', [
          event.data.keyId,
          at(event.data.at),
        ]);
        return;
      default:
        assertNever(event);
    }
  }

  private async updateUser(
    tx: PoolClient,
    userId: string,
    when: number,
    assignments: string,
    values: readonly unknown[] = [],
  ): Promise<void> {
    await tx.query(`UPDATE access.users SET ${assignments}, updated_at = $2 WHERE user_id = $1`, [
      userId,
      at(when),
      ...values,
    ]);
  }
}
