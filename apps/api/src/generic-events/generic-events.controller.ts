import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  ParseUUIDPipe,
  Post,
  Put,
  Res,
} from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { GenericEventDefinition } from '@vigil/domain';
import type { FastifyReply } from 'fastify';
import { CurrentActor, type Actor } from '../auth/actor';
import { RequirePermission } from '../auth/require-permission.decorator';
import { ExpressionTestRequest, GenericEventRequest, GenericPacketRequest } from './generic-events.dto';
import { GenericEventsService, HTTP_DATA_SOURCE_ID, type IngestResult } from './generic-events.service';

const idParam = new ParseUUIDPipe({ version: '4' });

@ApiTags('generic-events')
@ApiBearerAuth()
@Controller('api/generic-events')
export class GenericEventsController {
  constructor(private readonly events: GenericEventsService) {}

  @RequirePermission('genericEvents.edit')
  @Get()
  list(): GenericEventDefinition[] {
    return this.events.list();
  }

  @RequirePermission('genericEvents.edit')
  @Post()
  create(@CurrentActor() actor: Actor, @Body() body: GenericEventRequest): Promise<{ genericEventId: string }> {
    return this.events.create(actor, body);
  }

  @RequirePermission('genericEvents.edit')
  @Put(':genericEventId')
  @HttpCode(HttpStatus.NO_CONTENT)
  update(
    @CurrentActor() actor: Actor,
    @Param('genericEventId', idParam) id: string,
    @Body() body: GenericEventRequest,
  ): Promise<void> {
    return this.events.update(actor, id, body);
  }

  @RequirePermission('genericEvents.edit')
  @Delete(':genericEventId')
  @HttpCode(HttpStatus.NO_CONTENT)
  remove(@CurrentActor() actor: Actor, @Param('genericEventId', idParam) id: string): Promise<void> {
    return this.events.remove(actor, id);
  }

  /** Tests an expression against a string, as the administrator's dialog does. */
  @RequirePermission('genericEvents.edit')
  @Post('test')
  @HttpCode(HttpStatus.OK)
  test(@Body() body: ExpressionTestRequest): ReturnType<GenericEventsService['test']> {
    return this.events.test(body);
  }
}

/** Generic events over HTTP, for integrations that do not speak raw TCP/UDP (usually with an API key). */
@ApiTags('generic-events')
@ApiSecurity('apiKey')
@Controller('api/events')
export class GenericEventsIngestController {
  constructor(private readonly events: GenericEventsService) {}

  /** 202 with the events it fired, once stored; 200 with none when the packet matched nothing. */
  @RequirePermission('genericEvents.trigger')
  @Post('generic')
  async ingest(
    @CurrentActor() actor: Actor,
    @Body() body: GenericPacketRequest,
    @Res({ passthrough: true }) response: FastifyReply,
  ): Promise<IngestResult> {
    const result = await this.events.ingest(
      body.packet,
      body.dataSourceId ?? HTTP_DATA_SOURCE_ID,
      actor.address,
      actor.userId,
    );
    response.status(result.fired.length > 0 ? HttpStatus.ACCEPTED : HttpStatus.OK);
    return result;
  }
}
