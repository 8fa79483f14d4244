import type { INestApplication } from '@nestjs/common';
import { RECORDER_MONITOR_QUEUE } from '@vigil/domain';
import { QueueRegistry, validateEnv } from '@vigil/infrastructure';
import request from 'supertest';
import { createTestDatabase, type TestDatabase } from '../../../../libs/infrastructure/src/testing/test-database';
import { createApiApp } from '../api.app';
import { ApiEnv } from '../config/api.env';

export const OWNER_PASSWORD = 'Owner-Passw0rd!';

export type ApiTestApp = Readonly<{
  app: INestApplication;
  /** The test file's own database, for asserting what was stored. */
  databaseUrl: string;
  http: () => ReturnType<typeof request>;
  close: () => Promise<void>;
}>;

/** The real API on its own cloned database and its own Redis key prefix, with a known Owner password. */
export const startApiTestApp = async (env: Record<string, string> = {}): Promise<ApiTestApp> => {
  const database: TestDatabase = await createTestDatabase();
  const app = await createApiApp(
    validateEnv(ApiEnv, {
      DATABASE_URL: database.url,
      REDIS_URL: process.env.REDIS_URL,
      REDIS_KEY_PREFIX: database.name,
      QUEUE_PREFIX: database.name, // its own BullMQ queues (the recorder monitor's among them)
      LOG_LEVEL: 'error',
      VIGIL_OWNER_PASSWORD: OWNER_PASSWORD,
      ...env,
    }),
  );
  await app.init();
  return {
    app,
    databaseUrl: database.url,
    http: () => request(app.getHttpServer()),
    close: async () => {
      await app.close();
      await removeRecorderMonitor(env.QUEUE_PREFIX ?? database.name);
      await database.drop();
    },
  };
};

/** The recorder monitor's job scheduler and jobs outlive the app in Redis: a test's prefix is not used again. */
const removeRecorderMonitor = async (prefix: string): Promise<void> => {
  const queues = new QueueRegistry(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', prefix);
  try {
    await queues.queue(RECORDER_MONITOR_QUEUE).obliterate({ force: true });
  } finally {
    await queues.close();
  }
};

export type Session = Readonly<{ accessToken: string; refreshToken: string }>;

/** Logs in and returns the tokens; fails the test when the login is refused. */
export const login = async (api: ApiTestApp, userName: string, password: string): Promise<Session> => {
  const response = await api.http().post('/api/auth/login').send({ userName, password }).expect(200);
  return response.body as Session;
};

export const bearer = (session: Session): string => `Bearer ${session.accessToken}`;
