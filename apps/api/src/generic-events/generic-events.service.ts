import { BadRequestException, Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  compileGenericEventExpression,
  formatPosition,
  genericEventDefinitionDecider,
  genericEventStream,
  translateToRegularExpression,
  type EventStore,
  type GenericEventDefinition,
  type GenericEventDefinitionCommand,
  type GenericEventReceived,
} from '@vigil/domain';
import { EVENT_STORE, handleCommand, isWrongRevision, readState } from '@vigil/infrastructure';
import { reserveName } from '../access/name-reservation';
import type { Actor } from '../auth/actor';
import type { ExpressionTestRequest, GenericEventRequest } from './generic-events.dto';
import { ExternalInputAppender } from './external-input.appender';
import { GenericEventsCatalog } from './generic-events.catalog';

export const HTTP_DATA_SOURCE_ID = 'http';

export type IngestResult = Readonly<{ fired: readonly string[]; eventId?: string; position?: string }>;

@Injectable()
export class GenericEventsService {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly catalog: GenericEventsCatalog,
    private readonly appender: ExternalInputAppender,
  ) {}

  list(): GenericEventDefinition[] {
    return this.catalog.definitions();
  }

  async create(actor: Actor, request: GenericEventRequest): Promise<{ genericEventId: string }> {
    const definition = toDefinition(randomUUID(), request);
    const command: GenericEventDefinitionCommand = {
      type: 'DefineGenericEvent',
      data: { definition, byUserId: actor.userId, now: Date.now() },
    };
    genericEventDefinitionDecider.decide(command, genericEventDefinitionDecider.initialState()); // before the name
    await this.reserve(definition);
    await this.command(actor, definition.id, command);
    return { genericEventId: definition.id };
  }

  async update(actor: Actor, id: string, request: GenericEventRequest): Promise<void> {
    const definition = toDefinition(id, request);
    const command: GenericEventDefinitionCommand = {
      type: 'RedefineGenericEvent',
      data: { definition, byUserId: actor.userId, now: Date.now() },
    };
    const { state } = await readState(this.store, genericEventStream(id), genericEventDefinitionDecider);
    genericEventDefinitionDecider.decide(command, state);
    if (state.status === 'Active' && state.definition.name.toLowerCase() !== definition.name.toLowerCase()) {
      await this.reserve(definition);
    }
    await this.command(actor, id, command);
  }

  async remove(actor: Actor, id: string): Promise<void> {
    await this.command(actor, id, {
      type: 'RemoveGenericEvent',
      data: { genericEventId: id, byUserId: actor.userId, now: Date.now() },
    });
  }

  /** The expression tester of the administrator's dialog: does this expression match this string? */
  test(request: ExpressionTestRequest): {
    valid: boolean;
    matches: boolean;
    regularExpression?: string;
    error?: string;
  } {
    const compiled = compileGenericEventExpression(request.expression, request.expressionType);
    if (!compiled.ok) {
      return { valid: false, matches: false, error: compiled.error.message };
    }
    const translated =
      request.expressionType === 'regex'
        ? undefined
        : translateToRegularExpression(request.expression, request.expressionType);
    return {
      valid: true,
      matches: compiled.value(request.packet),
      ...(translated?.ok ? { regularExpression: translated.value } : {}),
    };
  }

  /**
   * Matches a packet and, when it fires generic events, appends GenericEventReceived before answering: an
   * acknowledged event is a stored event. A packet that fires nothing is not an event and is not stored.
   */
  async ingest(packet: string, dataSourceId: string, address: string, actorId: string): Promise<IngestResult> {
    const fired = this.catalog.match(packet, dataSourceId);
    if (fired.length === 0) {
      return { fired: [] };
    }
    const at = Date.now();
    const event: GenericEventReceived = {
      type: 'GenericEventReceived',
      data: { dataSourceId, packet, fired: fired.map((d) => ({ genericEventId: d.id, name: d.name })), address, at },
    };
    const eventId = randomUUID();
    const position = await this.appender.append({
      id: eventId,
      type: event.type,
      data: event.data,
      metadata: { actorId, address },
      at,
    });
    return { fired: fired.map((d) => d.name), eventId, position: formatPosition(position) };
  }

  private async reserve(definition: GenericEventDefinition): Promise<void> {
    try {
      await reserveName(this.store, 'genericeventname', definition.name, definition.id);
    } catch (error) {
      if (isWrongRevision(error)) {
        throw new BadRequestException({ code: 'GENERIC_EVENT_NAME_TAKEN', message: 'that name is taken' });
      }
      throw error;
    }
  }

  private async command(actor: Actor, id: string, command: GenericEventDefinitionCommand): Promise<void> {
    const outcome = await handleCommand(this.store, genericEventStream(id), genericEventDefinitionDecider, command, {
      actorId: actor.userId,
      address: actor.address,
    });
    await this.catalog.caughtUp(outcome.position);
  }
}

const toDefinition = (id: string, request: GenericEventRequest): GenericEventDefinition => ({
  id,
  name: request.name.trim(),
  enabled: request.enabled,
  expression: request.expression,
  expressionType: request.expressionType,
  priority: request.priority,
  ...(request.dataSourceIds ? { dataSourceIds: request.dataSourceIds } : {}),
});
