import { WorkerEnv } from '@vigil/infrastructure';

export class RuleEngineEnv extends WorkerEnv {
  override HEALTH_PORT = 3001;
}
