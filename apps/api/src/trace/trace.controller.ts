import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '../auth/require-permission.decorator';
import { TraceService, type EventTrace } from './trace.service';

@ApiTags('events')
@ApiBearerAuth()
@Controller('api/events')
export class TraceController {
  constructor(private readonly traces: TraceService) {}

  /** What an event caused: rule firings, the jobs they issued and their outcome, and what those appended. */
  @RequirePermission('rules.view')
  @Get(':eventId/trace')
  trace(@Param('eventId') eventId: string): Promise<EventTrace> {
    return this.traces.trace(eventId);
  }
}
