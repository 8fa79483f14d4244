import type { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { createHealthApp, QueueRegistry, validateEnv } from '@vigil/infrastructure';
import type { Queue } from 'bullmq';
import { RuleEngineEnv } from '../config/rule-engine.env';
import { RuleEngineService } from '../engine/rule-engine.service';
import { RuleEngineModule } from '../rule-engine.module';

export type RuleEngineTestApp = Readonly<{
  app: INestApplication;
  engine: RuleEngineService;
  /** A queue of this app's own BullMQ prefix, for asserting what was issued. */
  queue: (name: string) => Queue;
  prefix: string;
  close: () => Promise<void>;
}>;

/** The real rule engine on a given database, with its own BullMQ key prefix (one per test file). */
export const startRuleEngineTestApp = async (
  databaseUrl: string,
  env: Record<string, string> = {},
): Promise<RuleEngineTestApp> => {
  const prefix = env.QUEUE_PREFIX ?? `t${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  const app = await createHealthApp(
    RuleEngineModule.forRoot(
      validateEnv(RuleEngineEnv, {
        DATABASE_URL: databaseUrl,
        REDIS_URL: process.env.REDIS_URL,
        QUEUE_PREFIX: prefix,
        LOG_LEVEL: 'error',
        ...env,
      }),
    ),
  );
  await app.init();
  const queues = new QueueRegistry(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', prefix);
  return {
    app,
    engine: app.get(RuleEngineService),
    prefix,
    queue: (name) => queues.queue(name),
    close: async () => {
      await queues.close();
      await app.close();
    },
  };
};
