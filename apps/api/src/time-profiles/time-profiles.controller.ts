import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { TimeProfile } from '@vigil/domain';
import { CurrentActor, type Actor } from '../auth/actor';
import { RequirePermission } from '../auth/require-permission.decorator';
import { EvaluateQuery, TimeProfileRequest, type Evaluation } from './time-profiles.dto';
import { TimeProfilesService } from './time-profiles.service';

@ApiTags('time-profiles')
@ApiBearerAuth()
@Controller('api/time-profiles')
export class TimeProfilesController {
  constructor(private readonly profiles: TimeProfilesService) {}

  @RequirePermission('rules.view')
  @Get()
  list(): Promise<TimeProfile[]> {
    return this.profiles.list();
  }

  @RequirePermission('rules.view')
  @Get(':timeProfileId')
  get(@Param('timeProfileId') id: string): Promise<TimeProfile> {
    return this.profiles.get(id);
  }

  /** Is the profile active at `at` (default now), and when does that next change? */
  @RequirePermission('rules.view')
  @Get(':timeProfileId/evaluate')
  evaluate(@Param('timeProfileId') id: string, @Query() query: EvaluateQuery): Promise<Evaluation> {
    return this.profiles.evaluate(id, query.at ? Date.parse(query.at) : Date.now());
  }

  @RequirePermission('timeProfiles.manage')
  @Post()
  create(@CurrentActor() actor: Actor, @Body() body: TimeProfileRequest): Promise<{ timeProfileId: string }> {
    return this.profiles.create(actor, body);
  }

  @RequirePermission('timeProfiles.manage')
  @Put(':timeProfileId')
  @HttpCode(HttpStatus.NO_CONTENT)
  update(
    @CurrentActor() actor: Actor,
    @Param('timeProfileId') id: string,
    @Body() body: TimeProfileRequest,
  ): Promise<void> {
    return this.profiles.update(actor, id, body);
  }

  @RequirePermission('timeProfiles.manage')
  @Delete(':timeProfileId')
  @HttpCode(HttpStatus.NO_CONTENT)
  delete(@CurrentActor() actor: Actor, @Param('timeProfileId') id: string): Promise<void> {
    return this.profiles.delete(actor, id);
  }
}
