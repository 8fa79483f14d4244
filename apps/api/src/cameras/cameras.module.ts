import { Global, Module } from '@nestjs/common';
import { secretBoxProvider } from '@vigil/infrastructure';
import { AuditRecorder } from '../audit/audit.recorder';
import { CamerasController, DeviceGroupsController } from './cameras.controller';
import { CamerasService } from './cameras.service';
import { CamerasReadModel } from './cameras-read-model';
import { DeviceGroupsReadModel } from './device-groups-read-model';
import { DeviceGroupsService } from './device-groups.service';
import { ManualRecordingQueue } from './manual-recording.queue';
import { ManualRecordingService } from './manual-recording.service';

/**
 * Cameras and device groups (issue 6). Global so that the rules and alarm definitions services can check the devices
 * and groups they name without a module cycle.
 */
@Global()
@Module({
  controllers: [CamerasController, DeviceGroupsController],
  providers: [
    secretBoxProvider,
    CamerasReadModel,
    CamerasService,
    DeviceGroupsReadModel,
    DeviceGroupsService,
    ManualRecordingQueue,
    ManualRecordingService,
    AuditRecorder, // stateless: manual recording requests and their denials are audited
  ],
  exports: [CamerasReadModel, DeviceGroupsReadModel],
})
export class CamerasModule {}
