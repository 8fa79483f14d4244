import { Module, type DynamicModule } from '@nestjs/common';
import { createLoggerModule, HealthController, InfrastructureModule, QueueRegistry } from '@vigil/infrastructure';
import type { RuleEngineEnv } from './config/rule-engine.env';
import { JobQueuesProvider } from './dispatch/job-queues.provider';

@Module({})
export class RuleEngineModule {
  static forRoot(env: RuleEngineEnv): DynamicModule {
    return {
      module: RuleEngineModule,
      imports: [createLoggerModule(env, 'rule-engine'), InfrastructureModule.forRoot(env)],
      controllers: [HealthController],
      providers: [
        { provide: QueueRegistry, useFactory: () => new QueueRegistry(env.REDIS_URL, env.QUEUE_PREFIX) },
        JobQueuesProvider,
      ],
    };
  }
}
