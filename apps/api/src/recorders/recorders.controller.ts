import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '../auth/require-permission.decorator';
import type { RecorderView } from './recorders.dto';
import { RecordersService } from './recorders.service';

/**
 * Recorder workers (recording servers) and their status. Read with cameras.view, as the cameras they record are:
 * who may see the hardware may see where it is recorded. Recorders register themselves; nothing here changes them.
 */
@ApiTags('recorders')
@ApiBearerAuth()
@Controller('api/recorders')
export class RecordersController {
  constructor(private readonly recorders: RecordersService) {}

  @RequirePermission('cameras.view')
  @Get()
  list(): Promise<RecorderView[]> {
    return this.recorders.list();
  }

  @RequirePermission('cameras.view')
  @Get(':recorderId')
  get(@Param('recorderId') recorderId: string): Promise<RecorderView> {
    return this.recorders.get(recorderId);
  }
}
