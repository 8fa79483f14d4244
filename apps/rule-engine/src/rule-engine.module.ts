import { Module, type DynamicModule } from '@nestjs/common';
import {
  createLoggerModule,
  HealthController,
  InfrastructureModule,
  QueueRegistry,
  secretBoxProvider,
} from '@vigil/infrastructure';
import { CallWebhookExecutor } from './actions/call-webhook.executor';
import { MakeLogEntryExecutor } from './actions/make-log-entry.executor';
import { NotificationMediaCollector } from './actions/notification-media.collector';
import { RULE_ACTION_EXECUTORS, type RuleActionExecutor } from './actions/rule-action.executor';
import { RuleActionsWorker } from './actions/rule-actions.worker';
import { AlarmActionsWorker } from './alarms/alarm-actions.worker';
import { AlarmEngineService } from './alarms/alarm-engine.service';
import { AlarmRetentionWorker } from './alarms/alarm-retention.worker';
import { SendNotificationExecutor } from './actions/send-notification.executor';
import { TriggerUserDefinedEventExecutor } from './actions/trigger-user-defined-event.executor';
import { RuleEngineEnv } from './config/rule-engine.env';
import { JobQueuesProvider } from './dispatch/job-queues.provider';
import { RuleEngineService } from './engine/rule-engine.service';

/** Every rule-action executor; RuleActionsWorker refuses to start when a job name has none. */
const EXECUTORS = [
  MakeLogEntryExecutor,
  TriggerUserDefinedEventExecutor,
  CallWebhookExecutor,
  SendNotificationExecutor,
];

@Module({})
export class RuleEngineModule {
  static forRoot(env: RuleEngineEnv): DynamicModule {
    return {
      module: RuleEngineModule,
      imports: [createLoggerModule(env, 'rule-engine'), InfrastructureModule.forRoot(env)],
      controllers: [HealthController],
      providers: [
        { provide: RuleEngineEnv, useValue: env },
        { provide: QueueRegistry, useFactory: () => new QueueRegistry(env.REDIS_URL, env.QUEUE_PREFIX) },
        JobQueuesProvider,
        secretBoxProvider,
        NotificationMediaCollector,
        ...EXECUTORS,
        {
          provide: RULE_ACTION_EXECUTORS,
          useFactory: (...executors: RuleActionExecutor[]) => executors,
          inject: EXECUTORS,
        },
        RuleActionsWorker,
        RuleEngineService,
        AlarmActionsWorker,
        AlarmEngineService,
        AlarmRetentionWorker,
      ],
    };
  }
}
