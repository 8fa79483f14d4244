import { Inject, Injectable, Logger, NotFoundException, UnprocessableEntityException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  ALWAYS_TIME_PROFILE_ID,
  DEFAULT_ALARM_TIME_LIMIT_SECONDS,
  alarmDefinitionDecider,
  alarmDefinitionProblems,
  alarmDefinitionStream,
  isDomainError,
  type AlarmDefinition,
  type AlarmDefinitionCommand,
  type AlarmDefinitionReferences,
  type EventStore,
} from '@vigil/domain';
import { EVENT_STORE, handleCommand, readState } from '@vigil/infrastructure';
import { AccessRepository } from '../access/access.repository';
import type { Actor } from '../auth/actor';
import { CamerasReadModel } from '../cameras/cameras-read-model';
import { DeviceGroupsReadModel } from '../cameras/device-groups-read-model';
import { GenericEventsCatalog } from '../generic-events/generic-events.catalog';
import { TimeProfilesReadModel } from '../time-profiles/time-profiles-read-model';
import { UserDefinedEventsReadModel } from '../user-defined-events/user-defined-events-read-model';
import type { AlarmDefinitionRequest, AlarmDefinitionValidation, AlarmDefinitionView } from './alarm-definitions.dto';
import { AlarmDefinitionsReadModel, type StoredAlarmDefinition } from './alarm-definitions-read-model';
import { AlarmSettingsReadModel } from './alarm-settings-read-model';

/**
 * Alarm definitions (FEATURES 5.1): decided by the domain, validated against what exists now (events, time profiles,
 * users, the priority and category levels of the alarm data settings, cameras and device groups).
 */
@Injectable()
export class AlarmDefinitionsService {
  private readonly logger = new Logger('AlarmDefinitions');

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly readModel: AlarmDefinitionsReadModel,
    private readonly settings: AlarmSettingsReadModel,
    private readonly timeProfiles: TimeProfilesReadModel,
    private readonly userDefinedEvents: UserDefinedEventsReadModel,
    private readonly genericEvents: GenericEventsCatalog,
    private readonly access: AccessRepository,
    private readonly cameras: CamerasReadModel,
    private readonly deviceGroups: DeviceGroupsReadModel,
  ) {}

  async list(): Promise<AlarmDefinitionView[]> {
    return this.readModel.list();
  }

  async get(alarmDefinitionId: string): Promise<AlarmDefinitionView> {
    return this.stored(alarmDefinitionId);
  }

  async create(actor: Actor, request: AlarmDefinitionRequest): Promise<{ alarmDefinitionId: string }> {
    const definition = toDefinition(randomUUID(), request);
    await this.command(actor, definition.id, {
      type: 'CreateAlarmDefinition',
      data: { definition, references: await this.references(), ...by(actor) },
    });
    return { alarmDefinitionId: definition.id };
  }

  async update(actor: Actor, alarmDefinitionId: string, request: AlarmDefinitionRequest): Promise<void> {
    await this.command(actor, alarmDefinitionId, {
      type: 'UpdateAlarmDefinition',
      data: { definition: toDefinition(alarmDefinitionId, request), references: await this.references(), ...by(actor) },
    });
  }

  async delete(actor: Actor, alarmDefinitionId: string): Promise<void> {
    await this.command(actor, alarmDefinitionId, {
      type: 'DeleteAlarmDefinition',
      data: { alarmDefinitionId, ...by(actor) },
    });
  }

  /** Every definition checked against what exists now; broken references are reported by definition name. */
  async validateAll(): Promise<AlarmDefinitionValidation[]> {
    const references = await this.references();
    return (await this.readModel.list()).map(({ definition }) => validation(definition, references));
  }

  async validate(alarmDefinitionId: string): Promise<AlarmDefinitionValidation> {
    return validation((await this.stored(alarmDefinitionId)).definition, await this.references());
  }

  private async stored(alarmDefinitionId: string): Promise<StoredAlarmDefinition> {
    const stored = await this.readModel.get(alarmDefinitionId);
    if (!stored) {
      throw new NotFoundException({ code: 'ALARM_DEFINITION_NOT_FOUND', message: 'no such alarm definition' });
    }
    return stored;
  }

  /** What a definition may refer to today: devices are the cameras, their inputs and outputs. */
  private async references(): Promise<AlarmDefinitionReferences> {
    const settings = await this.settings.get();
    return {
      timeProfileIds: new Set((await this.timeProfiles.list()).map((profile) => profile.id)),
      userDefinedEventIds: new Set((await this.userDefinedEvents.list()).map((event) => event.userDefinedEventId)),
      genericEventIds: new Set(this.genericEvents.definitions().map((definition) => definition.id)),
      deviceIds: await this.cameras.deviceIds(),
      deviceGroupIds: new Set((await this.deviceGroups.list()).map((group) => group.id)),
      userIds: new Set((await this.access.users()).map((user) => user.userId)),
      priorityLevels: new Set(settings.priorities.map((priority) => priority.level)),
      categoryLevels: new Set(settings.categories.map((category) => category.level)),
    };
  }

  /**
   * Decides first on the current state, so that a shape the DTO let through (nested garbage the domain cannot even
   * read) is a 422 and never a 500, then appends through the command handler.
   */
  private async command(actor: Actor, alarmDefinitionId: string, command: AlarmDefinitionCommand): Promise<void> {
    const stream = alarmDefinitionStream(alarmDefinitionId);
    try {
      alarmDefinitionDecider.decide(command, (await readState(this.store, stream, alarmDefinitionDecider)).state);
    } catch (error) {
      if (isDomainError(error)) {
        throw error;
      }
      const message = error instanceof Error ? error.message : String(error);
      this.logger.warn(`malformed alarm definition: ${message}`);
      throw new UnprocessableEntityException({
        code: 'ALARM_DEFINITION_INVALID',
        message: 'the alarm definition is malformed',
        details: { problems: [`ALARM_DEFINITION_MALFORMED: ${message}`] },
      });
    }
    const outcome = await handleCommand(this.store, stream, alarmDefinitionDecider, command, {
      actorId: actor.userId,
      address: actor.address,
    });
    await this.readModel.caughtUp(outcome.position);
  }
}

const by = (actor: Actor) => ({ byUserId: actor.userId, now: Date.now() });

const validation = (definition: AlarmDefinition, references: AlarmDefinitionReferences): AlarmDefinitionValidation => ({
  alarmDefinitionId: definition.id,
  name: definition.name,
  problems: alarmDefinitionProblems(definition, references),
});

/** The request with the defaults of FEATURES 5.1 filled in (enabled, Always, 1 minute, priority 1, assignable). */
const toDefinition = (id: string, request: AlarmDefinitionRequest): AlarmDefinition =>
  ({
    id,
    enabled: request.enabled ?? true,
    name: request.name,
    instructions: request.instructions ?? '',
    triggeringEvent: request.triggeringEvent,
    activation: request.activation ?? { kind: 'timeProfile', timeProfileId: ALWAYS_TIME_PROFILE_ID },
    operatorAction: {
      timeLimitSeconds: request.operatorAction?.timeLimitSeconds ?? DEFAULT_ALARM_TIME_LIMIT_SECONDS,
      eventsTriggered: request.operatorAction?.eventsTriggered ?? [],
    },
    relatedCameraIds: request.relatedCameraIds ?? [],
    ...(request.initialOwnerId === undefined ? {} : { initialOwnerId: request.initialOwnerId }),
    initialPriority: request.initialPriority ?? 1,
    ...(request.categoryLevel === undefined ? {} : { categoryLevel: request.categoryLevel }),
    eventsTriggeredByAlarm: request.eventsTriggeredByAlarm ?? [],
    ...(request.autoCloseOn === undefined ? {} : { autoCloseOn: request.autoCloseOn }),
    assignableToAdministrators: request.assignableToAdministrators ?? true,
  }) as unknown as AlarmDefinition;
