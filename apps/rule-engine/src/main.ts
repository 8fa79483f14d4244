import 'reflect-metadata';
import { createHealthApp, loadEnvOrExit } from '@vigil/infrastructure';
import { RuleEngineEnv } from './config/rule-engine.env';
import { RuleEngineModule } from './rule-engine.module';

const main = async (): Promise<void> => {
  const env = loadEnvOrExit(RuleEngineEnv, 'rule-engine');
  const app = await createHealthApp(RuleEngineModule.forRoot(env));
  await app.listen(env.HEALTH_PORT);
};

main().catch((error: unknown) => {
  process.stderr.write(`rule-engine failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
