import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post, Put } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { CurrentActor, type Actor } from '../auth/actor';
import { RequirePermission } from '../auth/require-permission.decorator';
import { TriggerRequest, UserDefinedEventRequest, type TriggerResponse } from './user-defined-events.dto';
import { UserDefinedEventsService } from './user-defined-events.service';
import type { UserDefinedEventView } from './user-defined-events-read-model';

const idParam = new ParseUUIDPipe({ version: '4' });

@ApiTags('user-defined-events')
@ApiBearerAuth()
@Controller('api/user-defined-events')
export class UserDefinedEventsController {
  constructor(private readonly events: UserDefinedEventsService) {}

  /** Those who may trigger events see the list (operators choose from it). */
  @RequirePermission('userDefinedEvents.trigger')
  @Get()
  list(): Promise<UserDefinedEventView[]> {
    return this.events.list();
  }

  @RequirePermission('userDefinedEvents.edit')
  @Post()
  create(@CurrentActor() actor: Actor, @Body() body: UserDefinedEventRequest): Promise<{ userDefinedEventId: string }> {
    return this.events.create(actor, body.name);
  }

  @RequirePermission('userDefinedEvents.edit')
  @Put(':userDefinedEventId')
  @HttpCode(HttpStatus.NO_CONTENT)
  rename(
    @CurrentActor() actor: Actor,
    @Param('userDefinedEventId', idParam) id: string,
    @Body() body: UserDefinedEventRequest,
  ): Promise<void> {
    return this.events.rename(actor, id, body.name);
  }

  @RequirePermission('userDefinedEvents.edit')
  @Delete(':userDefinedEventId')
  @HttpCode(HttpStatus.NO_CONTENT)
  delete(@CurrentActor() actor: Actor, @Param('userDefinedEventId', idParam) id: string): Promise<void> {
    return this.events.delete(actor, id);
  }

  /** 202 once the trigger is durably stored; the rule engine reacts to it from the event store. */
  @RequirePermission('userDefinedEvents.trigger')
  @ApiSecurity('apiKey')
  @Post(':userDefinedEventId/trigger')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiAcceptedResponse({ description: 'stored: { eventId, position }' })
  trigger(
    @CurrentActor() actor: Actor,
    @Param('userDefinedEventId', idParam) id: string,
    @Body() body: TriggerRequest,
  ): Promise<TriggerResponse> {
    return this.events.trigger(actor, id, body);
  }
}
