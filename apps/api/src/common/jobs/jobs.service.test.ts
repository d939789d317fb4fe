import { Logger } from '@nestjs/common';
import { loadConfig } from '../config/env';
import { createTestDatabase, type TestDatabase } from '@waymark/db/test-support';
import { JobsService } from './jobs.service';

Logger.overrideLogger(false);

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

describe('job queue', () => {
  it('runs each job exactly once even with two workers (two API instances) on one database', async () => {
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' });
    const handled: string[] = [];
    const instances = [new JobsService(db.url, config), new JobsService(db.url, config)];
    for (const [index, jobs] of instances.entries()) {
      jobs.register<{ n: number }>('test-once', async (data) => {
        handled.push(`${index}:${data.n}`);
      });
    }
    await Promise.all(instances.map((jobs) => jobs.onApplicationBootstrap()));
    for (let n = 0; n < 10; n++) await instances[n % 2]!.send('test-once', { n });

    const deadline = Date.now() + 20_000;
    while (handled.length < 10 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
    await Promise.all(instances.map((jobs) => jobs.onApplicationShutdown()));

    const jobNumbers = handled.map((entry) => Number(entry.split(':')[1])).sort((a, b) => a - b);
    expect(jobNumbers).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  }, 30_000);

  it('does not queue a second job with the same singleton key while the first is pending', async () => {
    const jobs = new JobsService(db.url, loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', JOBS_ENABLED: 'false' }));
    jobs.register('test-singleton', async () => undefined, { policy: 'short' });
    await jobs.onApplicationBootstrap();
    const first = await jobs.send('test-singleton', {}, { singletonKey: 'same-file' });
    const second = await jobs.send('test-singleton', {}, { singletonKey: 'same-file' });
    await jobs.onApplicationShutdown();
    expect(first).toEqual(expect.any(String));
    expect(second).toBeNull();
  }, 30_000);
});
