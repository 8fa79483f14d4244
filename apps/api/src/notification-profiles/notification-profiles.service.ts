import { BadGatewayException, ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  notificationProfileDecider,
  notificationProfileStream,
  readNotificationProfile,
  renderNotification,
  type EventStore,
  type NotificationProfile,
  type NotificationProfileCommand,
} from '@vigil/domain';
import {
  EVENT_STORE,
  handleCommand,
  isWrongRevision,
  MailDeliveryError,
  PG_POOL,
  readState,
  sendMail,
} from '@vigil/infrastructure';
import type { Pool } from 'pg';
import { reserveName } from '../access/name-reservation';
import type { Actor } from '../auth/actor';
import { namesOfRulesUsingNotificationProfile } from '../rules/rules-read-model';
import { MailServerSettingsService } from './mail-server-settings.service';
import type { TestEmailResult } from './notification-profiles.dto';
import { NotificationProfilesReadModel } from './notification-profiles-read-model';

/** Notification profiles: definitions decided by the domain; unique names and "in use" checked here with read models. */
@Injectable()
export class NotificationProfilesService {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PG_POOL) private readonly pool: Pool,
    private readonly readModel: NotificationProfilesReadModel,
    private readonly mailServer: MailServerSettingsService,
  ) {}

  list(): Promise<NotificationProfile[]> {
    return this.readModel.list();
  }

  async get(id: string): Promise<NotificationProfile> {
    const profile = await this.readModel.get(id);
    if (!profile) {
      throw new NotFoundException({ code: 'NOTIFICATION_PROFILE_NOT_FOUND', message: 'no such notification profile' });
    }
    return profile;
  }

  async create(actor: Actor, body: unknown): Promise<{ notificationProfileId: string }> {
    const profile = readNotificationProfile(randomUUID(), body);
    await this.command(
      actor,
      profile.id,
      { type: 'CreateNotificationProfile', data: { profile, byUserId: actor.userId, now: Date.now() } },
      () => this.reserve(profile),
    );
    return { notificationProfileId: profile.id };
  }

  async update(actor: Actor, id: string, body: unknown): Promise<void> {
    const profile = readNotificationProfile(id, body);
    const current = await this.readModel.get(id);
    const renamed = current !== undefined && current.name.toLowerCase() !== profile.name.toLowerCase();
    await this.command(
      actor,
      id,
      { type: 'UpdateNotificationProfile', data: { profile, byUserId: actor.userId, now: Date.now() } },
      () => (renamed ? this.reserve(profile) : Promise.resolve()),
    );
  }

  /** Refused (409 NOTIFICATION_PROFILE_IN_USE) while a rule sends notifications with it, naming the rules. */
  async delete(actor: Actor, id: string): Promise<void> {
    const usedBy = (await namesOfRulesUsingNotificationProfile(this.pool, id)).map((name) => `rule ${name}`);
    await this.command(actor, id, {
      type: 'DeleteNotificationProfile',
      data: { notificationProfileId: id, usedBy, byUserId: actor.userId, now: Date.now() },
    });
  }

  /**
   * "Test E-mail" (S2:12423): sends the profile's e-mail now through the configured server, rendered for a test
   * trigger, and answers with the server's reply. A failed delivery is a 502 with the failure's code.
   */
  async sendTest(id: string): Promise<TestEmailResult> {
    const profile = await this.get(id);
    const connection = await this.mailServer.connection();
    const rendered = renderNotification(profile, {
      ruleName: 'Test E-mail',
      eventName: 'TestEmail',
      at: Date.now(),
      imageDeviceIds: [],
    });
    try {
      return await sendMail(connection, { to: profile.recipients, subject: rendered.subject, text: rendered.text });
    } catch (error) {
      if (error instanceof MailDeliveryError) {
        throw new BadGatewayException({
          code: error.code,
          message: error.message,
          details: { permanent: error.permanent, ...(error.responseCode ? { responseCode: error.responseCode } : {}) },
        });
      }
      throw error;
    }
  }

  private async reserve(profile: NotificationProfile): Promise<void> {
    try {
      await reserveName(this.store, 'notificationprofilename', profile.name, profile.id);
    } catch (error) {
      if (isWrongRevision(error)) {
        throw new ConflictException({
          code: 'NOTIFICATION_PROFILE_NAME_TAKEN',
          message: 'that notification profile name is taken',
        });
      }
      throw error;
    }
  }

  /**
   * Decides first (a dry run on the current state) so an invalid change never reserves a name, then reserves, then
   * appends through the command handler.
   */
  private async command(
    actor: Actor,
    id: string,
    command: NotificationProfileCommand,
    beforeAppend: () => Promise<void> = () => Promise.resolve(),
  ): Promise<void> {
    const stream = notificationProfileStream(id);
    notificationProfileDecider.decide(command, (await readState(this.store, stream, notificationProfileDecider)).state);
    await beforeAppend();
    const outcome = await handleCommand(this.store, stream, notificationProfileDecider, command, {
      actorId: actor.userId,
      address: actor.address,
    });
    await this.readModel.caughtUp(outcome.position);
  }
}
