import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentActor, type Actor } from '../auth/actor';
import { RequirePermission } from '../auth/require-permission.decorator';
import {
  AlarmDefinitionRequest,
  type AlarmDefinitionValidation,
  type AlarmDefinitionView,
} from './alarm-definitions.dto';
import { AlarmDefinitionsService } from './alarm-definitions.service';

const idParam = new ParseUUIDPipe({ version: '4' });

/** Alarm definitions (FEATURES 5.1): read with alarms.view (5.3.4), changed with alarmDefinitions.manage. */
@ApiTags('alarms')
@ApiBearerAuth()
@Controller('api/alarm-definitions')
export class AlarmDefinitionsController {
  constructor(private readonly definitions: AlarmDefinitionsService) {}

  @RequirePermission('alarms.view')
  @Get()
  list(): Promise<AlarmDefinitionView[]> {
    return this.definitions.list();
  }

  /** Every definition checked against what exists now (declared before `:alarmDefinitionId`). */
  @RequirePermission('alarms.view')
  @Get('validation')
  validateAll(): Promise<AlarmDefinitionValidation[]> {
    return this.definitions.validateAll();
  }

  @RequirePermission('alarms.view')
  @Get(':alarmDefinitionId')
  get(@Param('alarmDefinitionId', idParam) id: string): Promise<AlarmDefinitionView> {
    return this.definitions.get(id);
  }

  @RequirePermission('alarms.view')
  @Get(':alarmDefinitionId/validation')
  validate(@Param('alarmDefinitionId', idParam) id: string): Promise<AlarmDefinitionValidation> {
    return this.definitions.validate(id);
  }

  @RequirePermission('alarmDefinitions.manage')
  @Post()
  create(@CurrentActor() actor: Actor, @Body() body: AlarmDefinitionRequest): Promise<{ alarmDefinitionId: string }> {
    return this.definitions.create(actor, body);
  }

  @RequirePermission('alarmDefinitions.manage')
  @Put(':alarmDefinitionId')
  @HttpCode(HttpStatus.NO_CONTENT)
  update(
    @CurrentActor() actor: Actor,
    @Param('alarmDefinitionId', idParam) id: string,
    @Body() body: AlarmDefinitionRequest,
  ): Promise<void> {
    return this.definitions.update(actor, id, body);
  }

  @RequirePermission('alarmDefinitions.manage')
  @Delete(':alarmDefinitionId')
  @HttpCode(HttpStatus.NO_CONTENT)
  delete(@CurrentActor() actor: Actor, @Param('alarmDefinitionId', idParam) id: string): Promise<void> {
    return this.definitions.delete(actor, id);
  }
}
