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
  Query,
} from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentActor, type Actor } from '../auth/actor';
import { RequirePermission } from '../auth/require-permission.decorator';
import { DeliveriesQuery, WebhookRequest, type WebhookDeliveryView } from './webhooks.dto';
import { WebhooksService } from './webhooks.service';
import type { WebhookView } from './webhooks-read-model';

const idParam = new ParseUUIDPipe({ version: '4' });

@ApiTags('webhooks')
@ApiBearerAuth()
@Controller('api/webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @RequirePermission('webhooks.manage')
  @Get()
  list(): Promise<WebhookView[]> {
    return this.webhooks.list();
  }

  @RequirePermission('webhooks.manage')
  @Get(':webhookId')
  get(@Param('webhookId', idParam) id: string): Promise<WebhookView> {
    return this.webhooks.get(id);
  }

  /** The delivery log: every attempt, newest first. */
  @RequirePermission('webhooks.manage')
  @Get(':webhookId/deliveries')
  deliveries(@Param('webhookId', idParam) id: string, @Query() query: DeliveriesQuery): Promise<WebhookDeliveryView[]> {
    return this.webhooks.deliveries(id, query.limit);
  }

  @RequirePermission('webhooks.manage')
  @Post()
  create(@CurrentActor() actor: Actor, @Body() body: WebhookRequest): Promise<{ webhookId: string }> {
    return this.webhooks.create(actor, body);
  }

  @RequirePermission('webhooks.manage')
  @Put(':webhookId')
  @HttpCode(HttpStatus.NO_CONTENT)
  update(
    @CurrentActor() actor: Actor,
    @Param('webhookId', idParam) id: string,
    @Body() body: WebhookRequest,
  ): Promise<void> {
    return this.webhooks.update(actor, id, body);
  }

  @RequirePermission('webhooks.manage')
  @Delete(':webhookId')
  @HttpCode(HttpStatus.NO_CONTENT)
  delete(@CurrentActor() actor: Actor, @Param('webhookId', idParam) id: string): Promise<void> {
    return this.webhooks.delete(actor, id);
  }
}
