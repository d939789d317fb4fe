// Boots the real API (same factory as production) on a fresh database cloned
// from the migrated template, listening on a random port, for HTTP tests.
import 'reflect-metadata';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { createTestDatabase, type TestDatabase } from '@waymark/db/test-support';
import { loadConfig, type AppConfig } from '../common/config/env';
import { createApp } from '../app.factory';

export interface TestApp {
  app: NestFastifyApplication;
  db: TestDatabase;
  baseUrl: string;
  config: AppConfig;
  close(): Promise<void>;
}

/**
 * Job workers are off unless a suite asks for them (`{ jobsEnabled: true }`): a suite that never waits on a
 * job should not poll every queue each second, and pg-boss's stop leaves a worker-removal loop running
 * that can outlive Jest's module environment (seen as "Cannot destructure property 'setTimeout'").
 */
export async function createTestApp(overrides: Partial<AppConfig> = {}): Promise<TestApp> {
  const db = await createTestDatabase();
  const config: AppConfig = {
    ...loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }),
    jobsEnabled: false,
    ...overrides,
    databaseUrl: db.url,
  };
  const app = await createApp({ config, databaseUrl: db.url });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return {
    app,
    db,
    baseUrl,
    config,
    async close() {
      await app.close();
      await db.drop();
    },
  };
}
