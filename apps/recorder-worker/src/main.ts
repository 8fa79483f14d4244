import 'reflect-metadata';
import { createHealthApp, loadEnvOrExit } from '@vigil/infrastructure';
import { RecorderEnv } from './config/recorder.env';
import { RecorderWorkerModule } from './recorder-worker.module';

const main = async (): Promise<void> => {
  const env = loadEnvOrExit(RecorderEnv, 'recorder-worker');
  const app = await createHealthApp(RecorderWorkerModule.forRoot(env));
  await app.listen(env.HEALTH_PORT);
};

main().catch((error: unknown) => {
  process.stderr.write(`recorder-worker failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
