import { Logger } from '@nestjs/common';
import { loadConfig } from '../config/env';
import { createTestDatabase, type TestDatabase } from '@waymark/db/test-support';
import PgBoss from 'pg-boss';
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
    while (handled.length < 10 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 200));
    await Promise.all(instances.map((jobs) => jobs.onApplicationShutdown()));

    const jobNumbers = handled.map((entry) => Number(entry.split(':')[1])).sort((a, b) => a - b);
    expect(jobNumbers).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  }, 30_000);

  it('does not queue a second job with the same singleton key while the first is pending', async () => {
    const jobs = new JobsService(
      db.url,
      loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', JOBS_ENABLED: 'false' }),
    );
    jobs.register('test-singleton', async () => undefined, { policy: 'short' });
    await jobs.onApplicationBootstrap();
    const first = await jobs.send('test-singleton', {}, { singletonKey: 'same-file' });
    const second = await jobs.send('test-singleton', {}, { singletonKey: 'same-file' });
    await jobs.onApplicationShutdown();
    expect(first).toEqual(expect.any(String));
    expect(second).toBeNull();
  }, 30_000);

  it('puts back at once a job whose worker process died (its lease is free), and leaves a job that is still running alone', async () => {
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' });
    // A "dead worker": a bare pg-boss fetches the job (so it is active) and is never heard of again.
    const setup = new JobsService(
      db.url,
      loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', JOBS_ENABLED: 'false' }),
    );
    setup.register('test-orphan', async () => undefined, { retryLimit: 2 });
    setup.register('test-slow', async () => undefined);
    await setup.onApplicationBootstrap();
    const orphanId = await setup.send('test-orphan', { n: 1 });
    await setup.onApplicationShutdown();
    const dead = new PgBoss({
      connectionString: db.url,
      schema: 'pgboss',
      supervise: false,
      schedule: false,
    });
    await dead.start();
    const [fetched] = await dead.fetch('test-orphan');
    expect(fetched?.id).toBe(orphanId);
    await dead.stop({ graceful: false, wait: true });
    // Active for longer than the grace period, as if its process had been killed a minute ago.
    await db.pool.query(
      `UPDATE pgboss.job SET started_on = now() - interval '1 minute' WHERE id = $1`,
      [orphanId],
    );

    let release: () => void = () => undefined;
    const handled: string[] = [];
    const live = new JobsService(db.url, config);
    live.register<{ n: number }>(
      'test-orphan',
      async (_data, jobId) => {
        handled.push(jobId);
      },
      { retryLimit: 2 },
    );
    live.register('test-slow', (_data, jobId) => {
      handled.push(jobId);
      return new Promise<void>((resolve) => (release = resolve));
    });
    await live.onApplicationBootstrap(); // sweeps at start
    const slowId = await live.send('test-slow', {});
    const deadline = Date.now() + 25_000;
    while (!(handled.includes(orphanId!) && handled.includes(slowId!)) && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 200));
    expect(handled).toEqual(expect.arrayContaining([orphanId, slowId]));
    const orphan = (
      await db.pool.query<{ state: string; retry_count: number }>(
        'SELECT state, retry_count FROM pgboss.job WHERE id = $1',
        [orphanId],
      )
    ).rows[0];
    expect(orphan).toEqual({ state: 'completed', retry_count: 1 });

    // The slow job is running here under its lease: even long past the grace period, no sweep (of any instance) takes it.
    await db.pool.query(
      `UPDATE pgboss.job SET started_on = now() - interval '1 minute' WHERE id = $1`,
      [slowId],
    );
    const other = new JobsService(db.url, config);
    other.register('test-orphan', async () => undefined, { retryLimit: 2 });
    other.register('test-slow', async () => undefined);
    expect(await other.sweepOrphans()).toEqual([]);
    expect(await live.sweepOrphans()).toEqual([]);
    expect(
      (
        await db.pool.query<{ state: string }>('SELECT state FROM pgboss.job WHERE id = $1', [
          slowId,
        ])
      ).rows[0]!.state,
    ).toBe('active');
    release();
    await Promise.all([live.onApplicationShutdown(), other.onApplicationShutdown()]);
  }, 40_000);
});
