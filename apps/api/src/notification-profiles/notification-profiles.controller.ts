import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post, Put } from '@nestjs/common';
import { ApiBadGatewayResponse, ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import type { NotificationProfile } from '@vigil/domain';
import { CurrentActor, type Actor } from '../auth/actor';
import { RequirePermission } from '../auth/require-permission.decorator';
import { AviGenerationSettingsService } from './avi-generation-settings.service';
import { MailServerSettingsService } from './mail-server-settings.service';
import {
  AviGenerationSettingsRequest,
  MailServerSettingsRequest,
  NotificationProfileRequest,
  type AviGenerationSettingsView,
  type MailServerSettingsView,
  type TestEmailResult,
} from './notification-profiles.dto';
import { NotificationProfilesService } from './notification-profiles.service';

const idParam = new ParseUUIDPipe({ version: '4' });

/**
 * Bodies are taken as `unknown` (Nest's validation pipe leaves them alone): the domain reads them and answers 422
 * with every problem, unknown fields included.
 */
@ApiTags('notification-profiles')
@ApiBearerAuth()
@Controller('api/notification-profiles')
export class NotificationProfilesController {
  constructor(private readonly profiles: NotificationProfilesService) {}

  @RequirePermission('notificationProfiles.manage')
  @Get()
  list(): Promise<NotificationProfile[]> {
    return this.profiles.list();
  }

  @RequirePermission('notificationProfiles.manage')
  @Get(':notificationProfileId')
  get(@Param('notificationProfileId', idParam) id: string): Promise<NotificationProfile> {
    return this.profiles.get(id);
  }

  @RequirePermission('notificationProfiles.manage')
  @Post()
  @ApiBody({ type: NotificationProfileRequest })
  create(@CurrentActor() actor: Actor, @Body() body: unknown): Promise<{ notificationProfileId: string }> {
    return this.profiles.create(actor, body);
  }

  @RequirePermission('notificationProfiles.manage')
  @Put(':notificationProfileId')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiBody({ type: NotificationProfileRequest })
  update(
    @CurrentActor() actor: Actor,
    @Param('notificationProfileId', idParam) id: string,
    @Body() body: unknown,
  ): Promise<void> {
    return this.profiles.update(actor, id, body);
  }

  @RequirePermission('notificationProfiles.manage')
  @Delete(':notificationProfileId')
  @HttpCode(HttpStatus.NO_CONTENT)
  delete(@CurrentActor() actor: Actor, @Param('notificationProfileId', idParam) id: string): Promise<void> {
    return this.profiles.delete(actor, id);
  }

  /** Sends a test e-mail now through the configured mail server; answers with the server's reply. */
  @RequirePermission('notificationProfiles.manage')
  @Post(':notificationProfileId/test')
  @HttpCode(HttpStatus.OK)
  @ApiBadGatewayResponse({ description: 'the mail server could not be reached or refused: { code: SMTP_… }' })
  test(@Param('notificationProfileId', idParam) id: string): Promise<TestEmailResult> {
    return this.profiles.sendTest(id);
  }
}

@ApiTags('settings')
@ApiBearerAuth()
@Controller('api/settings/mail-server')
export class MailServerSettingsController {
  constructor(private readonly settings: MailServerSettingsService) {}

  @RequirePermission('settings.manage')
  @Get()
  get(): Promise<MailServerSettingsView> {
    return this.settings.get();
  }

  @RequirePermission('settings.manage')
  @Put()
  @ApiBody({ type: MailServerSettingsRequest })
  update(@CurrentActor() actor: Actor, @Body() body: unknown): Promise<MailServerSettingsView> {
    return this.settings.update(actor, body);
  }
}

@ApiTags('settings')
@ApiBearerAuth()
@Controller('api/settings/avi-generation')
export class AviGenerationSettingsController {
  constructor(private readonly settings: AviGenerationSettingsService) {}

  @RequirePermission('settings.manage')
  @Get()
  get(): Promise<AviGenerationSettingsView> {
    return this.settings.get();
  }

  @RequirePermission('settings.manage')
  @Put()
  @ApiBody({ type: AviGenerationSettingsRequest })
  update(@CurrentActor() actor: Actor, @Body() body: unknown): Promise<AviGenerationSettingsView> {
    return this.settings.update(actor, body);
  }
}
