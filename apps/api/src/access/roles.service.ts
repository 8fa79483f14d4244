import { BadRequestException, ConflictException, ForbiddenException, Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  BUILT_IN_ROLE_LIST,
  EVERY_ALARM_DEFINITION_VIEW_WRITE,
  alarmSecurityRefusals,
  roleAssignmentRefusals,
  roleDecider,
  roleFromDefinition,
  type EventStore,
  type Role,
  type RoleCommand,
  type RoleDefinition,
} from '@vigil/domain';
import { EVENT_STORE, handleCommand, isWrongRevision } from '@vigil/infrastructure';
import type { Actor } from '../auth/actor';
import { AccessReadModel } from './access-read-model';
import { roleStream } from './access.projection';
import { reserveName } from './name-reservation';
import { AccessRepository } from './access.repository';
import type { RoleRequest } from './roles.dto';
import { TimeProfilesReadModel } from '../time-profiles/time-profiles-read-model';
import { AlarmDefinitionsReadModel } from '../alarms/alarm-definitions-read-model';

/**
 * Custom roles. The domain validates the definition (known permissions and effects, PTZ priority range, no built-in
 * names); here: unique names, existing time profile and alarm definitions, no role with rights beyond the actor's own,
 * no deleting a role still assigned.
 */
@Injectable()
export class RolesService {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly access: AccessRepository,
    private readonly readModel: AccessReadModel,
    private readonly timeProfiles: TimeProfilesReadModel,
    private readonly alarmDefinitions: AlarmDefinitionsReadModel,
  ) {}

  async list(): Promise<Role[]> {
    return [...BUILT_IN_ROLE_LIST, ...(await this.access.customRoles())];
  }

  async create(actor: Actor, request: RoleRequest): Promise<{ roleId: string }> {
    const definition = toDefinition(randomUUID(), request);
    this.assertWithinActorRights(actor, definition);
    this.assertAlarmSecurity(actor, undefined, definition);
    await this.assertTimeProfileExists(definition);
    await this.assertAlarmDefinitionsExist(definition);
    await this.reserveName(definition);
    await this.command(actor, definition.roleId, {
      type: 'CreateRole',
      data: { ...definition, byUserId: actor.userId, now: Date.now() },
    });
    return { roleId: definition.roleId };
  }

  async update(actor: Actor, roleId: string, request: RoleRequest): Promise<void> {
    const definition = toDefinition(roleId, request);
    this.assertWithinActorRights(actor, definition);
    const [current] = await this.access.roles([roleId]);
    this.assertAlarmSecurity(actor, current?.alarmDefinitionGrants, definition);
    await this.assertTimeProfileExists(definition);
    await this.assertAlarmDefinitionsExist(definition);
    if (current && current.name.trim().toLowerCase() !== definition.name.trim().toLowerCase()) {
      await this.reserveName(definition);
    }
    await this.command(actor, roleId, {
      type: 'UpdateRole',
      data: { ...definition, byUserId: actor.userId, now: Date.now() },
    });
  }

  async delete(actor: Actor, roleId: string): Promise<void> {
    const holders = (await this.access.users()).filter((user) => user.roleIds.includes(roleId));
    if (holders.length > 0) {
      throw new ConflictException({
        code: 'ROLE_IN_USE',
        message: 'the role is still assigned',
        details: holders.map((user) => user.userName),
      });
    }
    await this.command(actor, roleId, {
      type: 'DeleteRole',
      data: { roleId, byUserId: actor.userId, now: Date.now() },
    });
  }

  private async assertTimeProfileExists(definition: RoleDefinition): Promise<void> {
    const id = definition.loginTimeProfileId;
    if (id !== undefined && !(await this.timeProfiles.get(id))) {
      throw new BadRequestException({ code: 'TIME_PROFILE_NOT_FOUND', message: `no time profile ${id}` });
    }
  }

  /** A grant on an alarm definition that does not exist (or no longer does) would silently match nothing. */
  private async assertAlarmDefinitionsExist(definition: RoleDefinition): Promise<void> {
    const named = new Set(
      (definition.alarmDefinitionGrants ?? []).flatMap((grant) =>
        grant.scope.kind === 'definition' ? [grant.scope.alarmDefinitionId] : [],
      ),
    );
    if (named.size === 0) {
      return;
    }
    const known = new Set((await this.alarmDefinitions.list()).map((stored) => stored.definition.id));
    const unknown = [...named].filter((id) => !known.has(id));
    if (unknown.length > 0) {
      throw new BadRequestException({
        code: 'ALARM_DEFINITION_NOT_FOUND',
        message: `no alarm definition ${unknown.join(', ')}`,
        details: unknown,
      });
    }
  }

  /** Changing who has rights on an alarm definition needs Manage security on it (FEATURES 5.3.6). */
  private assertAlarmSecurity(
    actor: Actor,
    before: Role['alarmDefinitionGrants'] | undefined,
    definition: RoleDefinition,
  ): void {
    const refused = alarmSecurityRefusals(
      actor.roles,
      before,
      definition.alarmDefinitionGrants ?? EVERY_ALARM_DEFINITION_VIEW_WRITE,
    );
    if (refused.length > 0) {
      throw new ForbiddenException({
        code: 'ALARM_SECURITY_DENIED',
        message: 'changing rights on an alarm definition needs Manage security on it',
        details: refused,
      });
    }
  }

  private assertWithinActorRights(actor: Actor, definition: RoleDefinition): void {
    const refusals = roleAssignmentRefusals(actor.roles, [roleFromDefinition(definition)]);
    if (refusals.length > 0) {
      throw new ForbiddenException({
        code: 'PRIVILEGE_ESCALATION',
        message: 'a role cannot grant rights you do not have',
        details: refusals,
      });
    }
  }

  private async reserveName(definition: RoleDefinition): Promise<void> {
    try {
      await reserveName(this.store, 'rolename', definition.name, definition.roleId);
    } catch (error) {
      if (isWrongRevision(error)) {
        throw new BadRequestException({ code: 'ROLE_NAME_TAKEN', message: 'that role name is taken' });
      }
      throw error;
    }
  }

  private async command(actor: Actor, roleId: string, command: RoleCommand): Promise<void> {
    const outcome = await handleCommand(this.store, roleStream(roleId), roleDecider, command, {
      actorId: actor.userId,
      address: actor.address,
    });
    await this.readModel.caughtUp(outcome.position);
  }
}

/** The request's open maps are checked by the domain (roleDefinitionProblems → 400 ROLE_INVALID). */
const toDefinition = (roleId: string, request: RoleRequest): RoleDefinition => ({
  roleId,
  name: request.name.trim(),
  description: request.description,
  grants: request.grants,
  cameraGrants: request.cameraGrants.map((grant) => ({
    scope:
      grant.scope.kind === 'camera'
        ? { kind: 'camera', cameraId: grant.scope.cameraId ?? '' }
        : grant.scope.kind === 'group'
          ? { kind: 'group', groupId: grant.scope.groupId ?? '' }
          : { kind: 'all' },
    permissions: grant.permissions,
    ...(grant.ptzPriority === undefined ? {} : { ptzPriority: grant.ptzPriority }),
  })),
  ...(request.alarmDefinitionGrants === undefined
    ? {}
    : {
        alarmDefinitionGrants: request.alarmDefinitionGrants.map((grant) => ({
          scope:
            grant.scope.kind === 'definition'
              ? { kind: 'definition' as const, alarmDefinitionId: grant.scope.alarmDefinitionId ?? '' }
              : { kind: 'all' as const },
          permissions: grant.permissions,
        })),
      }),
  ...(request.loginTimeProfileId === undefined ? {} : { loginTimeProfileId: request.loginTimeProfileId }),
});
