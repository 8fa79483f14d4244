import { Module, type DynamicModule } from '@nestjs/common';
import { createLoggerModule, HealthController, InfrastructureModule } from '@vigil/infrastructure';
import { RecorderEnv } from './config/recorder.env';
import { RecorderJobsWorker } from './jobs/recorder-jobs.worker';

@Module({})
export class RecorderWorkerModule {
  static forRoot(env: RecorderEnv): DynamicModule {
    return {
      module: RecorderWorkerModule,
      imports: [createLoggerModule(env, `recorder-worker ${env.RECORDER_ID}`), InfrastructureModule.forRoot(env)],
      controllers: [HealthController],
      providers: [{ provide: RecorderEnv, useValue: env }, RecorderJobsWorker],
    };
  }
}
