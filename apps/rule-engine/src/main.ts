import 'reflect-metadata';
import { createHealthApp, loadEnvOrExit, startApp } from '@vigil/infrastructure';
import { RuleEngineEnv } from './config/rule-engine.env';
import { RuleEngineModule } from './rule-engine.module';

startApp('rule-engine', async () => {
  const env = loadEnvOrExit(RuleEngineEnv, 'rule-engine');
  const app = await createHealthApp(RuleEngineModule.forRoot(env));
  await app.listen(env.HEALTH_PORT);
});
