import { ForbiddenException, Inject, Injectable, UnprocessableEntityException } from '@nestjs/common';
import {
  ADMINISTRATOR_ROLE_ID,
  AlarmError,
  OWNER_ROLE_ID,
  alarmDecider,
  alarmHandleableBy,
  alarmSourceOf,
  alarmStream,
  alarmVisibility,
  alarmVisibleTo,
  allAlarmStates,
  hasPermission,
  isAlarmEventType,
  type AlarmCommand,
  type AlarmDataSettings,
  type AlarmEvent,
  type AlarmRaised,
  type AlarmState,
  type EventStore,
  type GlobalPosition,
} from '@vigil/domain';
import { EVENT_STORE, handleCommand, toErrorBody, type CommandDecider } from '@vigil/infrastructure';
import { AccessRepository } from '../access/access.repository';
import { AuditRecorder } from '../audit/audit.recorder';
import type { Actor } from '../auth/actor';
import { DeviceGroupsReadModel } from '../cameras/device-groups-read-model';
import { AlarmDefinitionsReadModel } from './alarm-definitions-read-model';
import { AlarmSettingsReadModel } from './alarm-settings-read-model';
import { AlarmsReadModel, type AlarmFilter, type AlarmRow } from './alarms-read-model';
import {
  ALARM_LIST_LIMIT_DEFAULT,
  type AlarmCounts,
  type AlarmCountsQuery,
  type AlarmHistory,
  type AlarmListQuery,
  type AlarmPage,
  type AlarmView,
  type BulkAlarmResponse,
  type BulkAlarmResult,
  type CloseAlarmRequest,
} from './alarms.dto';

/** Several commands on one alarm decided together and appended at once (a comment and the closing, say). */
const alarmCommands: CommandDecider<AlarmState, readonly AlarmCommand[], AlarmEvent> = {
  decide: (commands, state) => {
    const events: AlarmEvent[] = [];
    let current = state;
    for (const command of commands) {
      const decided = alarmDecider.decide(command, current);
      events.push(...decided);
      current = decided.reduce(alarmDecider.evolve, current);
    }
    return events;
  },
  evolve: alarmDecider.evolve,
  initialState: alarmDecider.initialState,
};

/** Ids the engine gives alarms are UUIDs; anything else cannot be one and is answered as any unknown alarm. */
const ALARM_ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$/;

/** The one answer for an alarm that does not exist and for one the actor may not see (FEATURES 5.3.2, 5.3.6). */
const notFound = (alarmId: string): AlarmError => new AlarmError('ALARM_NOT_FOUND', `alarm ${alarmId} does not exist`);

type By = Readonly<{ alarmId: string; byUserId: string; now: number }>;
/** The commands to decide, from who acts, the alarm data settings now, and how the alarm was raised. */
type BuildCommands = (
  by: By,
  settings: AlarmDataSettings,
  raised: AlarmRaised['data'],
) => AlarmCommand[] | Promise<AlarmCommand[]>;

/**
 * Operators' handling of alarms (FEATURES 5.3): the list, one alarm and its history, counts, and the lifecycle
 * commands of the alarm aggregate. Every alarm is looked at through the actor's visibility (alarm-visibility.ts): an
 * alarm from a device their roles cannot see (by itself or through a device group, as the groups are now), or of a
 * definition they have no View on, answers exactly as an alarm that does not exist (the denial is audited). Changes
 * need alarms.manage (the routes declare it) and Write on the alarm's definition (else 403); each is stored with who
 * made it and from where, and audited.
 */
@Injectable()
export class AlarmsService {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly readModel: AlarmsReadModel,
    private readonly settings: AlarmSettingsReadModel,
    private readonly definitions: AlarmDefinitionsReadModel,
    private readonly access: AccessRepository,
    private readonly groups: DeviceGroupsReadModel,
    private readonly audit: AuditRecorder,
  ) {}

  async list(actor: Actor, query: AlarmListQuery): Promise<AlarmPage> {
    const sort = query.sort ?? 'time';
    const direction = query.order ?? (sort === 'time' ? 'desc' : 'asc');
    const page = await this.readModel.page(
      filterOf(query),
      alarmVisibility(actor.roles, await this.groups.membership()),
      { sort, direction },
      query.limit ?? ALARM_LIST_LIMIT_DEFAULT,
      query.cursor,
    );
    const settings = await this.settings.get();
    return {
      alarms: page.rows.map((row) => toView(row, settings)),
      ...(page.nextCursor === undefined ? {} : { nextCursor: page.nextCursor }),
    };
  }

  async counts(actor: Actor, query: AlarmCountsQuery): Promise<AlarmCounts> {
    const { byState, byPriority } = await this.readModel.counts(
      filterOf(query),
      alarmVisibility(actor.roles, await this.groups.membership()),
    );
    const settings = await this.settings.get();
    const stateNames = new Map(allAlarmStates(settings).map((state) => [state.level, state.name]));
    const priorityNames = new Map(settings.priorities.map((priority) => [priority.level, priority.name]));
    const counted = (counts: Map<number, number>, names: Map<number, string>) =>
      [...counts]
        .sort(([a], [b]) => a - b)
        .map(([level, count]) => {
          const name = names.get(level);
          return { level, ...(name === undefined ? {} : { name }), count };
        });
    return {
      total: [...byState.values()].reduce((sum, count) => sum + count, 0),
      byState: counted(byState, stateNames),
      byPriority: counted(byPriority, priorityNames),
    };
  }

  async get(actor: Actor, alarmId: string): Promise<AlarmView> {
    return toView(await this.visibleRow(actor, alarmId, 'GET', `/api/alarms/${alarmId}`), await this.settings.get());
  }

  /** Every event of the alarm's stream, oldest first, with who caused it and when. */
  async history(actor: Actor, alarmId: string): Promise<AlarmHistory> {
    await this.visibleRow(actor, alarmId, 'GET', `/api/alarms/${alarmId}/history`);
    const userNames = new Map((await this.access.users()).map((user) => [user.userId, user.userName]));
    const entries: AlarmHistory['entries'] = [];
    for await (const stored of this.store.readStream(alarmStream(alarmId))) {
      if (!isAlarmEventType(stored.type)) {
        continue;
      }
      const event = { type: stored.type, data: stored.data } as AlarmEvent;
      const { alarmId: _alarmId, at, ...rest } = event.data;
      const { byUserId, ...details } = rest as { byUserId?: string } & Record<string, unknown>;
      const byUserName = byUserId === undefined ? undefined : userNames.get(byUserId);
      entries.push({
        eventId: stored.id,
        type: event.type,
        at: new Date(at).toISOString(),
        ...(byUserId === undefined ? {} : { byUserId }),
        ...(byUserName === undefined ? {} : { byUserName }),
        details,
      });
    }
    return { alarmId, entries };
  }

  acknowledge(actor: Actor, alarmId: string): Promise<void> {
    return this.one(actor, alarmId, 'acknowledge', (by) => [{ type: 'AcknowledgeAlarm', data: by }]);
  }

  assign(actor: Actor, alarmId: string, ownerId: string): Promise<void> {
    return this.one(actor, alarmId, 'assign', async (by, _settings, raised) => {
      await this.checkAssignable(ownerId, raised);
      return [{ type: 'AssignAlarm', data: { ...by, ownerId } }];
    });
  }

  changePriority(actor: Actor, alarmId: string, priority: number): Promise<void> {
    return this.one(actor, alarmId, 'priority', (by, settings) => [
      {
        type: 'ChangeAlarmPriority',
        data: { ...by, priority, priorityLevels: settings.priorities.map((level) => level.level) },
      },
    ]);
  }

  changeState(actor: Actor, alarmId: string, state: number): Promise<void> {
    return this.one(actor, alarmId, 'state', stateChange(state));
  }

  comment(actor: Actor, alarmId: string, text: string): Promise<void> {
    return this.one(actor, alarmId, 'comments', (by) => [{ type: 'CommentAlarm', data: { ...by, text } }]);
  }

  close(actor: Actor, alarmId: string, request: CloseAlarmRequest): Promise<void> {
    return this.one(actor, alarmId, 'close', closing(request));
  }

  bulkAcknowledge(actor: Actor, alarmIds: readonly string[]): Promise<BulkAlarmResponse> {
    return this.bulk(actor, alarmIds, 'bulk/acknowledge', (by) => [{ type: 'AcknowledgeAlarm', data: by }]);
  }

  bulkChangeState(actor: Actor, alarmIds: readonly string[], state: number): Promise<BulkAlarmResponse> {
    return this.bulk(actor, alarmIds, 'bulk/state', stateChange(state));
  }

  bulkClose(actor: Actor, alarmIds: readonly string[], request: CloseAlarmRequest): Promise<BulkAlarmResponse> {
    return this.bulk(actor, alarmIds, 'bulk/close', closing(request));
  }

  /** One command; answers once the alarm list shows its effect. */
  private async one(actor: Actor, alarmId: string, verb: string, build: BuildCommands): Promise<void> {
    const { position } = await this.decide(actor, alarmId, `/api/alarms/${alarmId}/${verb}`, build);
    await this.readModel.caughtUp(position);
  }

  /**
   * Each alarm on its own (one may fail while the others succeed), in the order given; answers with each alarm's
   * outcome once the list shows them all. Errors are the bodies a single request would have had.
   */
  private async bulk(
    actor: Actor,
    alarmIds: readonly string[],
    verb: string,
    build: BuildCommands,
  ): Promise<BulkAlarmResponse> {
    const results: BulkAlarmResult[] = [];
    let last: GlobalPosition | undefined;
    for (const alarmId of alarmIds) {
      try {
        const { position } = await this.decide(actor, alarmId, `/api/alarms/${verb} (alarm ${alarmId})`, build);
        last = position ?? last;
        results.push({ alarmId, ok: true, changed: position !== undefined });
      } catch (error) {
        const body = toErrorBody(error);
        if (body.statusCode >= 500) {
          throw error;
        }
        results.push({ alarmId, ok: false, statusCode: body.statusCode, code: body.code, message: body.message });
      }
    }
    await this.readModel.caughtUp(last);
    return { results };
  }

  /**
   * The alarm must exist and be visible to the actor (its stream's AlarmRaised says where it came from and its
   * definition; those never change), and its definition allow the actor Write. Then the commands are decided on the
   * stream and appended with who and from where.
   */
  private async decide(
    actor: Actor,
    alarmId: string,
    path: string,
    build: BuildCommands,
  ): Promise<{ position?: GlobalPosition }> {
    const raised = ALARM_ID.test(alarmId) ? await this.raised(alarmId) : undefined;
    if (!raised) {
      throw notFound(alarmId);
    }
    const source = alarmSourceOf(raised);
    const membership = await this.groups.membership();
    if (!alarmVisibleTo(actor.roles, source, membership)) {
      await this.denied(actor, 'POST', path, 'visibility of the alarm');
      throw notFound(alarmId);
    }
    if (!alarmHandleableBy(actor.roles, source, membership)) {
      await this.denied(actor, 'POST', path, 'write on the alarm definition');
      throw new ForbiddenException({ code: 'FORBIDDEN', message: 'you may view this alarm but not handle it' });
    }
    const by = { alarmId, byUserId: actor.userId, now: Date.now() };
    const commands = await build(by, await this.settings.get(), raised);
    const { position } = await handleCommand(this.store, alarmStream(alarmId), alarmCommands, commands, {
      actorId: actor.userId,
      address: actor.address,
    });
    return position === undefined ? {} : { position };
  }

  private async raised(alarmId: string): Promise<AlarmRaised['data'] | undefined> {
    for await (const stored of this.store.readStream(alarmStream(alarmId), { maxCount: 1 })) {
      return stored.type === 'AlarmRaised' ? (stored.data as AlarmRaised['data']) : undefined;
    }
    return undefined;
  }

  /** The alarm's row when it exists and the actor may see it; otherwise the answer of an unknown alarm. */
  private async visibleRow(actor: Actor, alarmId: string, method: string, path: string): Promise<AlarmRow> {
    const row = ALARM_ID.test(alarmId) ? await this.readModel.get(alarmId) : undefined;
    if (!row) {
      throw notFound(alarmId);
    }
    const source = {
      alarmDefinitionId: row.alarmDefinitionId,
      ...(row.sourceDeviceId === null ? {} : { sourceDeviceId: row.sourceDeviceId }),
    };
    if (!alarmVisibleTo(actor.roles, source, await this.groups.membership())) {
      await this.denied(actor, method, path, 'visibility of the alarm');
      throw notFound(alarmId);
    }
    return row;
  }

  /** An alarm the actor may not see or handle was asked for: audited as a denial. */
  private async denied(actor: Actor, method: string, path: string, required: string): Promise<void> {
    await this.audit.record({
      type: 'PermissionDenied',
      data: {
        userId: actor.userId,
        method,
        path: path.slice(0, 500),
        required,
        address: actor.address,
        at: Date.now(),
      },
    });
  }

  /**
   * The new owner must be an enabled user who may view alarms and see this one (its device, with the device groups as
   * they are now, and View on its definition); when the alarm's definition is not "assignable to administrators"
   * (FEATURES 5.1, S2:14212), not an Owner or Administrator.
   */
  private async checkAssignable(ownerId: string, raised: AlarmRaised['data']): Promise<void> {
    const user = /^[0-9a-f-]{36}$/i.test(ownerId) ? await this.access.user(ownerId) : undefined;
    const refuse = (why: string): never => {
      throw new UnprocessableEntityException({ code: 'ALARM_OWNER_INVALID', message: `${ownerId} ${why}` });
    };
    if (!user || user.disabled) {
      return refuse('is not an enabled user');
    }
    const roles = await this.access.roles(user.roleIds);
    if (
      !hasPermission(roles, 'alarms.view') ||
      !alarmVisibleTo(roles, alarmSourceOf(raised), await this.groups.membership())
    ) {
      return refuse('may not see this alarm');
    }
    const definition = await this.definitions.get(raised.alarmDefinitionId);
    const administrator =
      user.isOwner || user.roleIds.includes(OWNER_ROLE_ID) || user.roleIds.includes(ADMINISTRATOR_ROLE_ID);
    if (definition?.definition.assignableToAdministrators === false && administrator) {
      return refuse('is an administrator, and this alarm is not assignable to administrators');
    }
  }
}

const stateChange =
  (state: number): BuildCommands =>
  (by, settings) => [
    {
      type: 'ChangeAlarmState',
      data: { ...by, stateLevel: state, stateLevels: allAlarmStates(settings).map((level) => level.level) },
    },
  ];

/** The comment (when given) and the closing, decided together: a refused closing leaves no comment behind. */
const closing =
  (request: CloseAlarmRequest): BuildCommands =>
  (by, settings) => [
    ...(request.comment === undefined
      ? []
      : [{ type: 'CommentAlarm' as const, data: { ...by, text: request.comment } }]),
    {
      type: 'CloseAlarm',
      data: {
        ...by,
        ...(request.reason === undefined ? {} : { reason: request.reason }),
        reasonsForClosing: settings.reasonsForClosing,
      },
    },
  ];

const filterOf = (query: AlarmCountsQuery): AlarmFilter => ({
  ...(query.state === undefined ? {} : { stateLevels: query.state }),
  ...(query.closed === undefined ? {} : { closed: query.closed === 'true' }),
  ...(query.priority === undefined ? {} : { priorities: query.priority }),
  ...(query.category === undefined ? {} : { categoryLevels: query.category }),
  ...(query.sourceDeviceId === undefined ? {} : { sourceDeviceIds: query.sourceDeviceId }),
  ...(query.ownerId === undefined ? {} : { ownerId: query.ownerId }),
  ...(query.alarmDefinitionId === undefined ? {} : { alarmDefinitionId: query.alarmDefinitionId }),
  ...(query.from === undefined ? {} : { from: new Date(query.from) }),
  ...(query.to === undefined ? {} : { to: new Date(query.to) }),
});

const iso = (date: Date | null): string | undefined => date?.toISOString();

/** The row as the API shows it, with the names the alarm data settings give its levels now. */
const toView = (row: AlarmRow, settings: AlarmDataSettings): AlarmView => {
  const optional = {
    priorityName: settings.priorities.find((priority) => priority.level === row.priority)?.name,
    stateName: allAlarmStates(settings).find((state) => state.level === row.stateLevel)?.name,
    categoryLevel: row.categoryLevel ?? undefined,
    categoryName:
      row.categoryLevel === null
        ? undefined
        : settings.categories.find((category) => category.level === row.categoryLevel)?.name,
    sourceDeviceId: row.sourceDeviceId ?? undefined,
    ownerId: row.ownerId ?? undefined,
    ownerName: row.ownerName ?? undefined,
    acknowledgedAt: iso(row.acknowledgedAt),
    acknowledgedBy: row.acknowledgedBy ?? undefined,
    closedAt: iso(row.closedAt),
    closedBy: row.closedBy ?? undefined,
    closedReason: row.closedReason ?? undefined,
  };
  return {
    alarmId: row.alarmId,
    alarmDefinitionId: row.alarmDefinitionId,
    name: row.name,
    priority: row.priority,
    stateLevel: row.stateLevel,
    relatedCameraIds: row.relatedCameraIds,
    triggeringEventId: row.triggeringEventId,
    raisedAt: row.raisedAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    commentCount: row.commentCount,
    revision: row.revision,
    ...(Object.fromEntries(Object.entries(optional).filter(([, value]) => value !== undefined)) as Partial<AlarmView>),
  };
};
