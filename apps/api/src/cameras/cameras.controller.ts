import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentActor, type Actor } from '../auth/actor';
import { RequirePermission } from '../auth/require-permission.decorator';
import {
  AddCameraRequest,
  DeviceGroupRequest,
  RecorderAssignmentRequest,
  RecordingSettingsRequest,
  RediscoverCameraRequest,
  UpdateCameraRequest,
  type CameraView,
  type DeviceGroupView,
} from './cameras.dto';
import { CamerasService } from './cameras.service';
import { DeviceGroupsService } from './device-groups.service';

const idParam = new ParseUUIDPipe({ version: '4' });

/** Hardware and cameras (issue 6): read with cameras.view, changed with cameras.manage. */
@ApiTags('cameras')
@ApiBearerAuth()
@Controller('api/cameras')
export class CamerasController {
  constructor(private readonly cameras: CamerasService) {}

  @RequirePermission('cameras.view')
  @Get()
  list(): Promise<CameraView[]> {
    return this.cameras.list();
  }

  @RequirePermission('cameras.view')
  @Get(':cameraId')
  get(@Param('cameraId', idParam) cameraId: string): Promise<CameraView> {
    return this.cameras.get(cameraId);
  }

  /** Discovers the camera (profiles, streams, PTZ and presets, inputs and outputs), then adds it. */
  @RequirePermission('cameras.manage')
  @Post()
  add(@CurrentActor() actor: Actor, @Body() body: AddCameraRequest): Promise<{ cameraId: string }> {
    return this.cameras.add(actor, body);
  }

  /** Name and / or enabled. */
  @RequirePermission('cameras.manage')
  @Put(':cameraId')
  @HttpCode(HttpStatus.NO_CONTENT)
  update(
    @CurrentActor() actor: Actor,
    @Param('cameraId', idParam) cameraId: string,
    @Body() body: UpdateCameraRequest,
  ): Promise<void> {
    return this.cameras.update(actor, cameraId, body);
  }

  @RequirePermission('cameras.manage')
  @Put(':cameraId/recording')
  @HttpCode(HttpStatus.NO_CONTENT)
  recording(
    @CurrentActor() actor: Actor,
    @Param('cameraId', idParam) cameraId: string,
    @Body() body: RecordingSettingsRequest,
  ): Promise<void> {
    return this.cameras.changeRecordingSettings(actor, cameraId, body);
  }

  @RequirePermission('cameras.manage')
  @Put(':cameraId/recorder')
  @HttpCode(HttpStatus.NO_CONTENT)
  recorder(
    @CurrentActor() actor: Actor,
    @Param('cameraId', idParam) cameraId: string,
    @Body() body: RecorderAssignmentRequest,
  ): Promise<void> {
    return this.cameras.assignToRecorder(actor, cameraId, body);
  }

  @RequirePermission('cameras.manage')
  @Post(':cameraId/rediscover')
  @HttpCode(HttpStatus.OK)
  rediscover(
    @CurrentActor() actor: Actor,
    @Param('cameraId', idParam) cameraId: string,
    @Body() body: RediscoverCameraRequest,
  ): Promise<CameraView> {
    return this.cameras.rediscover(actor, cameraId, body);
  }

  @RequirePermission('cameras.manage')
  @Delete(':cameraId')
  @HttpCode(HttpStatus.NO_CONTENT)
  remove(@CurrentActor() actor: Actor, @Param('cameraId', idParam) cameraId: string): Promise<void> {
    return this.cameras.remove(actor, cameraId);
  }
}

@ApiTags('cameras')
@ApiBearerAuth()
@Controller('api/device-groups')
export class DeviceGroupsController {
  constructor(private readonly groups: DeviceGroupsService) {}

  @RequirePermission('cameras.view')
  @Get()
  list(): Promise<DeviceGroupView[]> {
    return this.groups.list();
  }

  @RequirePermission('cameras.view')
  @Get(':deviceGroupId')
  get(@Param('deviceGroupId', idParam) deviceGroupId: string): Promise<DeviceGroupView> {
    return this.groups.get(deviceGroupId);
  }

  @RequirePermission('cameras.manage')
  @Post()
  create(@CurrentActor() actor: Actor, @Body() body: DeviceGroupRequest): Promise<{ deviceGroupId: string }> {
    return this.groups.create(actor, body);
  }

  @RequirePermission('cameras.manage')
  @Put(':deviceGroupId')
  @HttpCode(HttpStatus.NO_CONTENT)
  update(
    @CurrentActor() actor: Actor,
    @Param('deviceGroupId', idParam) deviceGroupId: string,
    @Body() body: DeviceGroupRequest,
  ): Promise<void> {
    return this.groups.update(actor, deviceGroupId, body);
  }

  @RequirePermission('cameras.manage')
  @Delete(':deviceGroupId')
  @HttpCode(HttpStatus.NO_CONTENT)
  delete(@CurrentActor() actor: Actor, @Param('deviceGroupId', idParam) deviceGroupId: string): Promise<void> {
    return this.groups.delete(actor, deviceGroupId);
  }
}
