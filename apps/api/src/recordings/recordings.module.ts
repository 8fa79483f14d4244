import { Module, type DynamicModule } from '@nestjs/common';
import { AuditRecorder } from '../audit/audit.recorder';
import type { ApiEnv } from '../config/api.env';
import { RecordingsController } from './recordings.controller';
import { RecordingsReadModel } from './recordings-read-model';
import { RECORDINGS_DIRECTORY, RecordingsService } from './recordings.service';

/** The recordings index, playback and export (issue 6). Cameras and device groups come from the global CamerasModule. */
@Module({})
export class RecordingsModule {
  static forRoot(env: ApiEnv): DynamicModule {
    return {
      module: RecordingsModule,
      controllers: [RecordingsController],
      providers: [
        { provide: RECORDINGS_DIRECTORY, useValue: env.RECORDINGS_DIR },
        AuditRecorder,
        RecordingsReadModel,
        RecordingsService,
      ],
    };
  }
}
