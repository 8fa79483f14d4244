import { BadRequestException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  isWithinTimeProfile,
  nextTransition,
  timeProfileDecider,
  timeProfileStream,
  type EventStore,
  type TimeProfile,
  type TimeProfileCommand,
} from '@vigil/domain';
import { EVENT_STORE, handleCommand, isWrongRevision, readState } from '@vigil/infrastructure';
import { AccessRepository } from '../access/access.repository';
import { reserveName } from '../access/name-reservation';
import { AlarmDefinitionsReadModel } from '../alarms/alarm-definitions-read-model';
import type { Actor } from '../auth/actor';
import { RulesReadModel } from '../rules/rules-read-model';
import type { Evaluation, TimeProfileRequest } from './time-profiles.dto';
import { TimeProfilesReadModel } from './time-profiles-read-model';

/** Time profiles: definitions decided by the domain; unique names and "in use" checked here with read models. */
@Injectable()
export class TimeProfilesService {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly readModel: TimeProfilesReadModel,
    private readonly access: AccessRepository,
    private readonly rules: RulesReadModel,
    private readonly alarmDefinitions: AlarmDefinitionsReadModel,
  ) {}

  list(): Promise<TimeProfile[]> {
    return this.readModel.list();
  }

  async get(id: string): Promise<TimeProfile> {
    const profile = await this.readModel.get(id);
    if (!profile) {
      throw new NotFoundException({ code: 'TIME_PROFILE_NOT_FOUND', message: 'no such time profile' });
    }
    return profile;
  }

  async create(actor: Actor, request: TimeProfileRequest): Promise<{ timeProfileId: string }> {
    const profile = toProfile(randomUUID(), request);
    await this.command(
      actor,
      profile.id,
      { type: 'CreateTimeProfile', data: { profile, byUserId: actor.userId, now: Date.now() } },
      () => this.reserve(profile),
    );
    return { timeProfileId: profile.id };
  }

  async update(actor: Actor, id: string, request: TimeProfileRequest): Promise<void> {
    const profile = toProfile(id, request);
    const current = await this.readModel.get(id);
    const renamed = current !== undefined && current.name.trim().toLowerCase() !== profile.name.trim().toLowerCase();
    await this.command(
      actor,
      id,
      { type: 'UpdateTimeProfile', data: { profile, byUserId: actor.userId, now: Date.now() } },
      () => (renamed ? this.reserve(profile) : Promise.resolve()),
    );
  }

  /** Refused while a rule, an alarm definition or a role's login uses the profile, naming them. */
  async delete(actor: Actor, id: string): Promise<void> {
    const usedBy = [
      ...(await this.rules.namesUsingTimeProfile(id)).map((name) => `rule ${name}`),
      ...(await this.alarmDefinitions.namesUsingTimeProfile(id)).map((name) => `alarm definition ${name}`),
      ...(await this.access.customRoles())
        .filter((role) => role.loginTimeProfileId === id)
        .map((role) => `role ${role.name}`),
    ];
    await this.command(actor, id, {
      type: 'DeleteTimeProfile',
      data: { timeProfileId: id, usedBy, byUserId: actor.userId, now: Date.now() },
    });
  }

  async evaluate(id: string, at: number): Promise<Evaluation> {
    const profile = await this.get(id);
    const next = nextTransition(profile, at);
    return {
      at: new Date(at).toISOString(),
      within: isWithinTimeProfile(profile, at),
      nextTransition: next ? { at: new Date(next.at).toISOString(), entering: next.entering } : null,
    };
  }

  private async reserve(profile: TimeProfile): Promise<void> {
    try {
      await reserveName(this.store, 'timeprofilename', profile.name, profile.id);
    } catch (error) {
      if (isWrongRevision(error)) {
        throw new BadRequestException({ code: 'TIME_PROFILE_NAME_TAKEN', message: 'that time profile name is taken' });
      }
      throw error;
    }
  }

  /**
   * Decides first (a dry run on the current state) so an invalid profile never reserves its name, then reserves,
   * then appends through the command handler.
   */
  private async command(
    actor: Actor,
    id: string,
    command: TimeProfileCommand,
    beforeAppend: () => Promise<void> = () => Promise.resolve(),
  ): Promise<void> {
    const stream = timeProfileStream(id);
    timeProfileDecider.decide(command, (await readState(this.store, stream, timeProfileDecider)).state);
    await beforeAppend();
    const outcome = await handleCommand(this.store, stream, timeProfileDecider, command, {
      actorId: actor.userId,
      address: actor.address,
    });
    await this.readModel.caughtUp(outcome.position);
  }
}

const toProfile = (id: string, request: TimeProfileRequest): TimeProfile =>
  ({
    id,
    name: request.name,
    description: request.description,
    timeZone: request.timeZone,
    kind: request.kind,
    ...(request.kind === 'schedule'
      ? { entries: request.entries ?? [] }
      : {
          latitude: request.latitude,
          longitude: request.longitude,
          sunriseOffsetMinutes: request.sunriseOffsetMinutes ?? 0,
          sunsetOffsetMinutes: request.sunsetOffsetMinutes ?? 0,
        }),
  }) as TimeProfile;
