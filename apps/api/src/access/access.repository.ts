import { builtInRoleById, roleFromDefinition, type Role, type RoleDefinition } from '@vigil/domain';
import type { Pool } from 'pg';

export type UserRow = Readonly<{
  userId: string;
  userName: string;
  displayName: string;
  roleIds: readonly string[];
  isOwner: boolean;
  disabled: boolean;
  mustChangePassword: boolean;
  lockedUntil: Date | null;
  createdAt: Date;
}>;

type UserRecord = {
  user_id: string;
  user_name: string;
  display_name: string;
  role_ids: string[];
  is_owner: boolean;
  disabled: boolean;
  must_change_password: boolean;
  locked_until: Date | null;
  created_at: Date;
};

const USER_COLUMNS = `user_id, user_name, display_name, role_ids, is_owner, disabled, must_change_password,
  locked_until, created_at`;

const toUser = (row: UserRecord): UserRow => ({
  userId: row.user_id,
  userName: row.user_name,
  displayName: row.display_name,
  roleIds: row.role_ids,
  isOwner: row.is_owner,
  disabled: row.disabled,
  mustChangePassword: row.must_change_password,
  lockedUntil: row.locked_until,
  createdAt: row.created_at,
});

/** Queries of the access read models (projected by AccessProjection). */
export class AccessRepository {
  constructor(private readonly pool: Pool) {}

  async userByName(userName: string): Promise<UserRow | undefined> {
    const { rows } = await this.pool.query<UserRecord>(
      `SELECT ${USER_COLUMNS} FROM access.users WHERE lower(user_name) = lower($1)`,
      [userName],
    );
    return rows[0] && toUser(rows[0]);
  }

  async user(userId: string): Promise<UserRow | undefined> {
    const { rows } = await this.pool.query<UserRecord>(`SELECT ${USER_COLUMNS} FROM access.users WHERE user_id = $1`, [
      userId,
    ]);
    return rows[0] && toUser(rows[0]);
  }

  async users(): Promise<UserRow[]> {
    const { rows } = await this.pool.query<UserRecord>(`SELECT ${USER_COLUMNS} FROM access.users ORDER BY user_name`);
    return rows.map(toUser);
  }

  async ownerExists(): Promise<boolean> {
    const { rowCount } = await this.pool.query(`SELECT 1 FROM access.users WHERE is_owner`);
    return (rowCount ?? 0) > 0;
  }

  /** Built-in roles come from the domain; custom ones from the read model. Unknown ids are left out. */
  async roles(roleIds: readonly string[]): Promise<Role[]> {
    const builtIn = roleIds.map(builtInRoleById).filter((role): role is Role => role !== undefined);
    const customIds = roleIds.filter((id) => !builtInRoleById(id));
    if (customIds.length === 0) {
      return builtIn;
    }
    const { rows } = await this.pool.query<{ definition: RoleDefinition }>(
      `SELECT definition FROM access.roles WHERE role_id = ANY($1::text[])`,
      [customIds],
    );
    return [...builtIn, ...rows.map((row) => roleFromDefinition(row.definition))];
  }

  async customRoles(): Promise<Role[]> {
    const { rows } = await this.pool.query<{ definition: RoleDefinition }>(
      `SELECT definition FROM access.roles ORDER BY name`,
    );
    return rows.map((row) => roleFromDefinition(row.definition));
  }
}
