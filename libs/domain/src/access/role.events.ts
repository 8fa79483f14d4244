import type { AccessDomainEvent, EpochMs } from './access.types';
import type { GrantEffect, Permission } from './permissions';
import type { AlarmDefinitionGrant, CameraGrant, Role } from './role';
import { EVERY_ALARM_DEFINITION_VIEW_WRITE } from './role';

// Event type names and field names are persisted (stream `role-<roleId>`): do not rename.

/** The editable part of a role: what CreateRole and UpdateRole carry, and RoleCreated/RoleUpdated store in full. */
export type RoleDefinition = Readonly<{
  roleId: string;
  name: string;
  description: string;
  grants: Readonly<Partial<Record<Permission, GrantEffect>>>;
  cameraGrants: readonly CameraGrant[];
  /** Absent in roles stored before per-definition rights existed: those hold EVERY_ALARM_DEFINITION_VIEW_WRITE. */
  alarmDefinitionGrants?: readonly AlarmDefinitionGrant[];
  loginTimeProfileId?: string;
}>;

export type RoleCreated = AccessDomainEvent<'RoleCreated', RoleDefinition & { byUserId: string; at: EpochMs }>;

/** A full replacement of the definition (not a patch), so a projection needs only the last one. */
export type RoleUpdated = AccessDomainEvent<'RoleUpdated', RoleDefinition & { byUserId: string; at: EpochMs }>;

export type RoleDeleted = AccessDomainEvent<'RoleDeleted', { roleId: string; byUserId: string; at: EpochMs }>;

export type RoleEvent = RoleCreated | RoleUpdated | RoleDeleted;

/** The role a stored definition describes (custom roles; built-in ones are constants). */
export const roleFromDefinition = (definition: RoleDefinition): Role => ({
  id: definition.roleId,
  name: definition.name,
  description: definition.description,
  grants: definition.grants,
  cameraGrants: definition.cameraGrants,
  alarmDefinitionGrants: definition.alarmDefinitionGrants ?? EVERY_ALARM_DEFINITION_VIEW_WRITE,
  ...(definition.loginTimeProfileId === undefined ? {} : { loginTimeProfileId: definition.loginTimeProfileId }),
});
