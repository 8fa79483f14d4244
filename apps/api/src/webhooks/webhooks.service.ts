import { ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  webhookDecider,
  webhookDeliveryStream,
  webhookStream,
  type EventStore,
  type WebhookApiVersion,
  type WebhookCommand,
  type WebhookDeliveryAttempted,
} from '@vigil/domain';
import { EVENT_STORE, handleCommand, isWrongRevision, readState } from '@vigil/infrastructure';
import { reserveName } from '../access/name-reservation';
import type { Actor } from '../auth/actor';
import { RulesReadModel } from '../rules/rules-read-model';
import type { WebhookDeliveryView, WebhookRequest } from './webhooks.dto';
import { WebhooksReadModel, type WebhookView } from './webhooks-read-model';

export const DEFAULT_DELIVERIES_LIMIT = 50;

/**
 * Webhook endpoints: definitions decided by the domain; unique names and "in use by a rule" checked here with read
 * models. The token goes into the event store (the rule engine signs with it) and never comes back out of the API.
 */
@Injectable()
export class WebhooksService {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly readModel: WebhooksReadModel,
    private readonly rules: RulesReadModel,
  ) {}

  list(): Promise<WebhookView[]> {
    return this.readModel.list();
  }

  async get(webhookId: string): Promise<WebhookView> {
    const webhook = await this.readModel.get(webhookId);
    if (!webhook) {
      throw new NotFoundException({ code: 'WEBHOOK_NOT_FOUND', message: 'no such webhook' });
    }
    return webhook;
  }

  async create(actor: Actor, request: WebhookRequest): Promise<{ webhookId: string }> {
    const webhookId = randomUUID();
    const { name, address, token } = request;
    await this.command(
      actor,
      webhookId,
      {
        type: 'CreateWebhook',
        data: {
          webhook: {
            id: webhookId,
            name,
            address,
            apiVersion: apiVersionOf(request),
            ...(typeof token === 'string' ? { token } : {}),
          },
          byUserId: actor.userId,
          now: Date.now(),
        },
      },
      () => this.reserve(name, webhookId),
    );
    return { webhookId };
  }

  /** A full replacement, except the token: omitted keeps it, null removes it. */
  async update(actor: Actor, webhookId: string, request: WebhookRequest): Promise<void> {
    const current = await this.readModel.get(webhookId);
    const renamed = current !== undefined && current.name.trim().toLowerCase() !== request.name.trim().toLowerCase();
    await this.command(
      actor,
      webhookId,
      {
        type: 'UpdateWebhook',
        data: {
          webhookId,
          name: request.name,
          address: request.address,
          apiVersion: apiVersionOf(request),
          ...(request.token === undefined ? {} : { token: request.token }),
          byUserId: actor.userId,
          now: Date.now(),
        },
      },
      () => (renamed ? this.reserve(request.name, webhookId) : Promise.resolve()),
    );
  }

  /** Refused while a rule calls the webhook (in its actions or stop actions), naming the rules. */
  async delete(actor: Actor, webhookId: string): Promise<void> {
    const usedBy = (await this.rules.namesUsingWebhook(webhookId)).map((name) => `rule ${name}`);
    await this.command(actor, webhookId, {
      type: 'DeleteWebhook',
      data: { webhookId, usedBy, byUserId: actor.userId, now: Date.now() },
    });
  }

  /** The delivery log, newest attempt first, read backwards from the webhook's delivery stream. */
  async deliveries(webhookId: string, limit = DEFAULT_DELIVERIES_LIMIT): Promise<WebhookDeliveryView[]> {
    await this.get(webhookId);
    const attempts: WebhookDeliveryView[] = [];
    for await (const stored of this.store.readStream(webhookDeliveryStream(webhookId), {
      direction: 'backwards',
      maxCount: limit,
    })) {
      if (stored.type !== 'WebhookDeliveryAttempted') {
        continue;
      }
      const { data } = stored as unknown as WebhookDeliveryAttempted;
      attempts.push({
        eventId: stored.id,
        jobId: data.jobId,
        attempt: data.attempt,
        at: new Date(data.at).toISOString(),
        url: data.url,
        ...(data.statusCode === undefined ? {} : { statusCode: data.statusCode }),
        durationMs: data.durationMs,
        outcome: data.outcome,
        ...(data.error === undefined ? {} : { error: data.error }),
      });
    }
    return attempts;
  }

  private async reserve(name: string, webhookId: string): Promise<void> {
    try {
      await reserveName(this.store, 'webhookname', name, webhookId);
    } catch (error) {
      if (isWrongRevision(error)) {
        throw new ConflictException({ code: 'WEBHOOK_NAME_TAKEN', message: 'that webhook name is taken' });
      }
      throw error;
    }
  }

  /**
   * Decides first (a dry run on the current state) so an invalid webhook never reserves its name, then reserves,
   * then appends through the command handler.
   */
  private async command(
    actor: Actor,
    webhookId: string,
    command: WebhookCommand,
    beforeAppend: () => Promise<void> = () => Promise.resolve(),
  ): Promise<void> {
    const stream = webhookStream(webhookId);
    if (webhookDecider.decide(command, (await readState(this.store, stream, webhookDecider)).state).length === 0) {
      return;
    }
    await beforeAppend();
    const outcome = await handleCommand(this.store, stream, webhookDecider, command, {
      actorId: actor.userId,
      address: actor.address,
    });
    await this.readModel.caughtUp(outcome.position);
  }
}

const apiVersionOf = (request: WebhookRequest): WebhookApiVersion => (request.apiVersion ?? 'v1') as WebhookApiVersion;
