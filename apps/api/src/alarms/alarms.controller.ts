import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentActor, type Actor } from '../auth/actor';
import { RequirePermission } from '../auth/require-permission.decorator';
import {
  AlarmCountsQuery,
  AlarmListQuery,
  AssignAlarmRequest,
  BulkAcknowledgeRequest,
  BulkChangeStateRequest,
  BulkCloseRequest,
  ChangeAlarmPriorityRequest,
  ChangeAlarmStateRequest,
  CloseAlarmRequest,
  CommentAlarmRequest,
  type AlarmCounts,
  type AlarmHistory,
  type AlarmPage,
  type AlarmView,
  type BulkAlarmResponse,
} from './alarms.dto';
import { AlarmsService } from './alarms.service';

/**
 * Operators' alarms (FEATURES 5.3): seen with alarms.view, handled with alarms.manage (5.3.3, 5.3.4), always within
 * what the caller's roles may see (5.3.2): an alarm from a device they cannot see is answered as one that does not
 * exist (404 ALARM_NOT_FOUND). Commands answer 204 once the alarm list shows their effect.
 */
@ApiTags('alarms')
@ApiBearerAuth()
@Controller('api/alarms')
export class AlarmsController {
  constructor(private readonly alarms: AlarmsService) {}

  @RequirePermission('alarms.view')
  @Get()
  list(@CurrentActor() actor: Actor, @Query() query: AlarmListQuery): Promise<AlarmPage> {
    return this.alarms.list(actor, query);
  }

  /** Declared before `:alarmId`. */
  @RequirePermission('alarms.view')
  @Get('counts')
  counts(@CurrentActor() actor: Actor, @Query() query: AlarmCountsQuery): Promise<AlarmCounts> {
    return this.alarms.counts(actor, query);
  }

  @RequirePermission('alarms.manage')
  @Post('bulk/acknowledge')
  @HttpCode(HttpStatus.OK)
  bulkAcknowledge(@CurrentActor() actor: Actor, @Body() body: BulkAcknowledgeRequest): Promise<BulkAlarmResponse> {
    return this.alarms.bulkAcknowledge(actor, body.alarmIds);
  }

  @RequirePermission('alarms.manage')
  @Post('bulk/state')
  @HttpCode(HttpStatus.OK)
  bulkState(@CurrentActor() actor: Actor, @Body() body: BulkChangeStateRequest): Promise<BulkAlarmResponse> {
    return this.alarms.bulkChangeState(actor, body.alarmIds, body.state);
  }

  @RequirePermission('alarms.manage')
  @Post('bulk/close')
  @HttpCode(HttpStatus.OK)
  bulkClose(@CurrentActor() actor: Actor, @Body() body: BulkCloseRequest): Promise<BulkAlarmResponse> {
    const { alarmIds, ...request } = body;
    return this.alarms.bulkClose(actor, alarmIds, request);
  }

  @RequirePermission('alarms.view')
  @Get(':alarmId')
  get(@CurrentActor() actor: Actor, @Param('alarmId') alarmId: string): Promise<AlarmView> {
    return this.alarms.get(actor, alarmId);
  }

  @RequirePermission('alarms.view')
  @Get(':alarmId/history')
  history(@CurrentActor() actor: Actor, @Param('alarmId') alarmId: string): Promise<AlarmHistory> {
    return this.alarms.history(actor, alarmId);
  }

  @RequirePermission('alarms.manage')
  @Post(':alarmId/acknowledge')
  @HttpCode(HttpStatus.NO_CONTENT)
  acknowledge(@CurrentActor() actor: Actor, @Param('alarmId') alarmId: string): Promise<void> {
    return this.alarms.acknowledge(actor, alarmId);
  }

  @RequirePermission('alarms.manage')
  @Post(':alarmId/assign')
  @HttpCode(HttpStatus.NO_CONTENT)
  assign(
    @CurrentActor() actor: Actor,
    @Param('alarmId') alarmId: string,
    @Body() body: AssignAlarmRequest,
  ): Promise<void> {
    return this.alarms.assign(actor, alarmId, body.ownerId);
  }

  @RequirePermission('alarms.manage')
  @Post(':alarmId/priority')
  @HttpCode(HttpStatus.NO_CONTENT)
  priority(
    @CurrentActor() actor: Actor,
    @Param('alarmId') alarmId: string,
    @Body() body: ChangeAlarmPriorityRequest,
  ): Promise<void> {
    return this.alarms.changePriority(actor, alarmId, body.priority);
  }

  @RequirePermission('alarms.manage')
  @Post(':alarmId/state')
  @HttpCode(HttpStatus.NO_CONTENT)
  state(
    @CurrentActor() actor: Actor,
    @Param('alarmId') alarmId: string,
    @Body() body: ChangeAlarmStateRequest,
  ): Promise<void> {
    return this.alarms.changeState(actor, alarmId, body.state);
  }

  @RequirePermission('alarms.manage')
  @Post(':alarmId/comments')
  @HttpCode(HttpStatus.NO_CONTENT)
  comment(
    @CurrentActor() actor: Actor,
    @Param('alarmId') alarmId: string,
    @Body() body: CommentAlarmRequest,
  ): Promise<void> {
    return this.alarms.comment(actor, alarmId, body.text);
  }

  @RequirePermission('alarms.manage')
  @Post(':alarmId/close')
  @HttpCode(HttpStatus.NO_CONTENT)
  close(
    @CurrentActor() actor: Actor,
    @Param('alarmId') alarmId: string,
    @Body() body: CloseAlarmRequest,
  ): Promise<void> {
    return this.alarms.close(actor, alarmId, body);
  }
}
