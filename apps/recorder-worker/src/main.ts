import 'reflect-metadata';
import { createHealthApp, loadEnvOrExit, startApp } from '@vigil/infrastructure';
import { RecorderEnv } from './config/recorder.env';
import { RecorderWorkerModule } from './recorder-worker.module';

startApp('recorder-worker', async () => {
  const env = loadEnvOrExit(RecorderEnv, 'recorder-worker');
  const app = await createHealthApp(RecorderWorkerModule.forRoot(env));
  await app.listen(env.HEALTH_PORT);
});
