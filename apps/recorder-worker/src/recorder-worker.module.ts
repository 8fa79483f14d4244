import { Module, type DynamicModule } from '@nestjs/common';
import type { EventStore } from '@vigil/domain';
import {
  createLoggerModule,
  EVENT_STORE,
  HealthController,
  InfrastructureModule,
  SecretBox,
  secretBoxProvider,
} from '@vigil/infrastructure';
import { RecorderEnv } from './config/recorder.env';
import { DeviceEventsService } from './device-events/device-events.service';
import { RecorderJobsWorker } from './jobs/recorder-jobs.worker';
import { CameraControlDirectory } from './ptz/camera-control.directory';
import { OutputsService } from './ptz/outputs.service';
import { PtzService } from './ptz/ptz.service';
import { RECORDER_CAMERA_SOURCE, type RecorderCameraSource } from './recording/recorder-cameras.port';
import { RegistryCameraSource } from './recording/registry-camera.source';
import { RecordingService } from './recording/recording.service';
import { SharedCameraSource } from './recording/shared-camera.source';
import { RecorderRegistrationService } from './registration/recorder-registration.service';
import { RecordingStorageEnforcer } from './storage/recording-storage.enforcer';

@Module({})
export class RecorderWorkerModule {
  /** `cameras`: the cameras to record; by default those the camera registry assigns to this recorder, followed live. */
  static forRoot(env: RecorderEnv, cameras?: RecorderCameraSource): DynamicModule {
    return {
      module: RecorderWorkerModule,
      imports: [createLoggerModule(env, `recorder-worker ${env.RECORDER_ID}`), InfrastructureModule.forRoot(env)],
      controllers: [HealthController],
      providers: [
        { provide: RecorderEnv, useValue: env },
        secretBoxProvider,
        // one follow of the cameras, shared by the recordings and the device events
        cameras === undefined
          ? {
              provide: RECORDER_CAMERA_SOURCE,
              inject: [EVENT_STORE, SecretBox],
              useFactory: (store: EventStore, secrets: SecretBox) =>
                new SharedCameraSource(
                  new RegistryCameraSource(
                    store,
                    secrets,
                    env.RECORDER_ID,
                    env.DEFAULT_RECORDER_ID,
                    env.RECORDER_MAX_CAMERAS,
                  ),
                ),
            }
          : { provide: RECORDER_CAMERA_SOURCE, useValue: new SharedCameraSource(cameras) },
        {
          provide: RecordingService,
          inject: [EVENT_STORE, RECORDER_CAMERA_SOURCE],
          useFactory: (store: EventStore, source: RecorderCameraSource) =>
            new RecordingService(
              {
                recorderId: env.RECORDER_ID,
                recordingsDirectory: env.RECORDINGS_DIR,
                ...(env.PRE_BUFFER_DIR === undefined ? {} : { preBufferDirectory: env.PRE_BUFFER_DIR }),
                preBufferSeconds: env.PRE_BUFFER_SECONDS,
                preBufferLocation: env.PRE_BUFFER_LOCATION,
                communicationDebounceSeconds: env.COMMUNICATION_ERROR_DEBOUNCE_SECONDS,
                stallSeconds: env.STREAM_STALL_SECONDS,
              },
              store,
              source,
            ),
        },
        {
          provide: RecordingStorageEnforcer,
          inject: [RecordingService, EVENT_STORE],
          useFactory: (recordings: RecordingService, store: EventStore) =>
            new RecordingStorageEnforcer(
              {
                retentionMs: env.RECORDINGS_RETENTION_HOURS * 3_600_000,
                ...(env.RECORDINGS_MAX_SIZE_MB === undefined
                  ? {}
                  : { maxBytes: env.RECORDINGS_MAX_SIZE_MB * 1_000_000 }),
                minFreeBytes: env.RECORDINGS_MIN_FREE_MB * 1_000_000,
              },
              recordings,
              store,
            ),
        },
        CameraControlDirectory,
        {
          provide: PtzService,
          inject: [EVENT_STORE, CameraControlDirectory],
          useFactory: (store: EventStore, directory: CameraControlDirectory) => new PtzService(store, directory),
        },
        {
          provide: OutputsService,
          inject: [CameraControlDirectory],
          useFactory: (directory: CameraControlDirectory) => new OutputsService(directory),
        },
        RecorderJobsWorker,
        DeviceEventsService,
        RecorderRegistrationService,
      ],
    };
  }
}
