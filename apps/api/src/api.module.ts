import { Module, type DynamicModule } from '@nestjs/common';
import { createLoggerModule, HealthController, InfrastructureModule } from '@vigil/infrastructure';
import { AccessModule } from './access/access.module';
import { CamerasModule } from './cameras/cameras.module';
import type { ApiEnv } from './config/api.env';
import { ConsoleModule } from './console/console.module';
import { NotificationProfilesModule } from './notification-profiles/notification-profiles.module';
import { RecordingsModule } from './recordings/recordings.module';
import { RecordersModule } from './recorders/recorders.module';
import { TraceModule } from './trace/trace.module';
import { FastifyReadyHook } from './http/fastify-ready.hook';

@Module({})
export class ApiModule {
  static forRoot(env: ApiEnv): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        createLoggerModule(env, 'api'),
        InfrastructureModule.forRoot(env),
        NotificationProfilesModule,
        CamerasModule,
        RecordingsModule.forRoot(env),
        TraceModule.forRoot(env),
        RecordersModule.forRoot(env),
        AccessModule.forRoot(env),
        ConsoleModule,
      ],
      controllers: [HealthController],
      providers: [FastifyReadyHook],
    };
  }
}
