import { Body, Controller, Get, HttpCode, HttpStatus, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentActor, type Actor } from '../auth/actor';
import { RequirePermission } from '../auth/require-permission.decorator';
import {
  AlarmCategoriesRequest,
  AlarmClosingReasonsRequest,
  AlarmPrioritiesRequest,
  AlarmRetentionRequest,
  AlarmStatesRequest,
  type AlarmSettingsView,
} from './alarm-settings.dto';
import { AlarmSettingsService } from './alarm-settings.service';

/** Alarm data settings (FEATURES 5.2): read with alarms.view, changed with alarmSettings.manage, one section a call. */
@ApiTags('alarms')
@ApiBearerAuth()
@Controller('api/alarm-settings')
export class AlarmSettingsController {
  constructor(private readonly settings: AlarmSettingsService) {}

  @RequirePermission('alarms.view')
  @Get()
  get(): Promise<AlarmSettingsView> {
    return this.settings.get();
  }

  @RequirePermission('alarmSettings.manage')
  @Put('priorities')
  @HttpCode(HttpStatus.NO_CONTENT)
  setPriorities(@CurrentActor() actor: Actor, @Body() body: AlarmPrioritiesRequest): Promise<void> {
    return this.settings.setPriorities(actor, body);
  }

  @RequirePermission('alarmSettings.manage')
  @Put('states')
  @HttpCode(HttpStatus.NO_CONTENT)
  setStates(@CurrentActor() actor: Actor, @Body() body: AlarmStatesRequest): Promise<void> {
    return this.settings.setStates(actor, body);
  }

  @RequirePermission('alarmSettings.manage')
  @Put('categories')
  @HttpCode(HttpStatus.NO_CONTENT)
  setCategories(@CurrentActor() actor: Actor, @Body() body: AlarmCategoriesRequest): Promise<void> {
    return this.settings.setCategories(actor, body);
  }

  @RequirePermission('alarmSettings.manage')
  @Put('reasons-for-closing')
  @HttpCode(HttpStatus.NO_CONTENT)
  setReasonsForClosing(@CurrentActor() actor: Actor, @Body() body: AlarmClosingReasonsRequest): Promise<void> {
    return this.settings.setReasonsForClosing(actor, body);
  }

  @RequirePermission('alarmSettings.manage')
  @Put('retention')
  @HttpCode(HttpStatus.NO_CONTENT)
  setRetention(@CurrentActor() actor: Actor, @Body() body: AlarmRetentionRequest): Promise<void> {
    return this.settings.setRetention(actor, body);
  }
}
