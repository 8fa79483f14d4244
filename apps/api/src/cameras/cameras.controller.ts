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
  Res,
} from '@nestjs/common';
import type { ManualRecordingView } from '@vigil/domain';
import type { FastifyReply } from 'fastify';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentActor, type Actor } from '../auth/actor';
import { RequireCameraPermission, RequirePermission } from '../auth/require-permission.decorator';
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
import { StartManualRecordingRequest } from './manual-recording.dto';
import { ManualRecordingService } from './manual-recording.service';

const idParam = new ParseUUIDPipe({ version: '4' });

/**
 * Hardware and cameras (issue 6): read with cameras.view, changed with cameras.manage; manual recording with the
 * camera's own `manualRecording` permission.
 */
@ApiTags('cameras')
@ApiBearerAuth()
@Controller('api/cameras')
export class CamerasController {
  constructor(
    private readonly cameras: CamerasService,
    private readonly manual: ManualRecordingService,
  ) {}

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

  /** Whether the camera records manually now, since when, by whom and until when (FEATURES 6.1.3). */
  @RequireCameraPermission('manualRecording')
  @Get(':cameraId/manual-recording')
  manualRecording(
    @CurrentActor() actor: Actor,
    @Param('cameraId', idParam) cameraId: string,
  ): Promise<ManualRecordingView> {
    return this.manual.state(actor, cameraId);
  }

  /** 202: the recorder was asked to start; 200: a manual recording already runs (its state, nothing changed). */
  @RequireCameraPermission('manualRecording')
  @Post(':cameraId/manual-recording')
  async startManualRecording(
    @CurrentActor() actor: Actor,
    @Param('cameraId', idParam) cameraId: string,
    @Body() body: StartManualRecordingRequest,
    @Res({ passthrough: true }) response: FastifyReply,
  ): Promise<ManualRecordingView> {
    const { created, view } = await this.manual.start(actor, cameraId, body.durationSeconds);
    response.status(created ? HttpStatus.ACCEPTED : HttpStatus.OK);
    return view;
  }

  /** 202: the recorder was asked to stop; 200: no manual recording ran (nothing changed). */
  @RequireCameraPermission('manualRecording')
  @Delete(':cameraId/manual-recording')
  async stopManualRecording(
    @CurrentActor() actor: Actor,
    @Param('cameraId', idParam) cameraId: string,
    @Res({ passthrough: true }) response: FastifyReply,
  ): Promise<ManualRecordingView> {
    const { stopped, view } = await this.manual.stop(actor, cameraId);
    response.status(stopped ? HttpStatus.ACCEPTED : HttpStatus.OK);
    return view;
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
