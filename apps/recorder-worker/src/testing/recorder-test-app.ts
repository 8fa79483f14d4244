import type { INestApplication } from '@nestjs/common';
import { createHealthApp, validateEnv } from '@vigil/infrastructure';
import { RecorderEnv } from '../config/recorder.env';
import { RecorderWorkerModule } from '../recorder-worker.module';

export type RecorderTestSite = Readonly<{ databaseUrl: string; queuePrefix: string; recordingsDir: string }>;

/**
 * A recorder worker app as it runs in production, started for a test on the test's database, queue prefix and
 * recording storage (errors only in the log); `env` adds or overrides variables (RECORDER_ID, pre-buffer, …).
 */
export const startRecorderTestApp = async (
  site: RecorderTestSite,
  env: Record<string, string> = {},
): Promise<INestApplication> => {
  const app = await createHealthApp(
    RecorderWorkerModule.forRoot(
      validateEnv(RecorderEnv, {
        DATABASE_URL: site.databaseUrl,
        REDIS_URL: process.env.REDIS_URL,
        QUEUE_PREFIX: site.queuePrefix,
        LOG_LEVEL: 'error',
        RECORDINGS_DIR: site.recordingsDir,
        ...env,
      }),
    ),
  );
  await app.init();
  return app;
};
