import { Body, Controller, Get, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentActor, type Actor } from '../auth/actor';
import { RequirePermission } from '../auth/require-permission.decorator';
import { DataSourcesService, type DataSourceView } from './data-sources.service';
import { DataSourceRequest } from './generic-events.dto';

@ApiTags('generic-events')
@ApiBearerAuth()
@Controller('api/generic-events/data-sources')
export class DataSourcesController {
  constructor(private readonly dataSources: DataSourcesService) {}

  /** Every data source, whether it is listening, and what its listener counted (refused, dropped, stored). */
  @RequirePermission('genericEvents.edit')
  @Get()
  list(): DataSourceView[] {
    return this.dataSources.list();
  }

  @RequirePermission('genericEvents.edit')
  @Post()
  create(@CurrentActor() actor: Actor, @Body() body: DataSourceRequest): Promise<DataSourceView> {
    return this.dataSources.create(actor, body);
  }

  /** Answers once the listener follows the new settings (`listening` says whether the port could be opened). */
  @RequirePermission('genericEvents.edit')
  @Put(':dataSourceId')
  configure(
    @CurrentActor() actor: Actor,
    @Param('dataSourceId') id: string,
    @Body() body: DataSourceRequest,
  ): Promise<DataSourceView> {
    return this.dataSources.configure(actor, id, body);
  }
}
