// Background work on a PostgreSQL-backed queue (pg-boss), so API instances
// stay stateless: any instance may enqueue, each job is handed to exactly one
// worker (SKIP LOCKED), and a crashed worker's job is retried after expiry.
// pg-boss starts lazily on first use, so processes that never touch a queue
// (most tests, the OpenAPI writer) pay nothing for it.
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Client } from 'pg';
import PgBoss from 'pg-boss';
import { APP_CONFIG } from '../config/config.module';
import { type AppConfig } from '../config/env';
import { DATABASE_URL } from '../db/database.module';

export interface JobHandlerOptions {
  /** Seconds before a running job is considered lost and retried. */
  expireInSeconds?: number;
  retryLimit?: number;
  /** A cron expression (UTC) to enqueue the job on a schedule, e.g. nightly scans. */
  cron?: string;
  /**
   * pg-boss queue policy. 'short' keeps at most one queued job per singleton
   * key (e.g. one import per file), 'singleton' at most one active.
   */
  policy?: 'standard' | 'short' | 'singleton' | 'stately';
}

/** Serialises queue creation across instances: concurrent CREATE of pg-boss partitions deadlocks. */
const QUEUE_SETUP_LOCK = 0x6a6f6273; // "jobs"

type Handler<T> = (data: T, jobId: string) => Promise<void>;

@Injectable()
export class JobsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Jobs');
  private readonly handlers = new Map<string, { handler: Handler<never>; options: JobHandlerOptions }>();
  private boss: Promise<PgBoss> | undefined;

  constructor(
    @Inject(DATABASE_URL) private readonly databaseUrl: string,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Declares a queue and its handler; call from a module's constructor or onModuleInit. */
  register<T extends object>(queue: string, handler: Handler<T>, options: JobHandlerOptions = {}): void {
    if (this.handlers.has(queue)) throw new Error(`Job queue ${queue} is registered twice`);
    this.handlers.set(queue, { handler: handler, options });
  }

  /** Enqueues a job; with a singletonKey, a second identical job is not queued while one is pending. */
  async send<T extends object>(queue: string, data: T, options: { singletonKey?: string } = {}): Promise<string | null> {
    const boss = await this.started();
    const registered = this.handlers.get(queue)?.options ?? {};
    return boss.send(queue, data, {
      ...(options.singletonKey ? { singletonKey: options.singletonKey } : {}),
      retryLimit: registered.retryLimit ?? 3,
      retryDelay: 5,
      expireInSeconds: registered.expireInSeconds ?? 15 * 60,
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.jobsEnabled && this.handlers.size > 0) await this.started();
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.boss) return;
    const boss = await this.boss;
    // Graceful: let running handlers finish (bounded), so a deploy does not abandon a payment run.
    await boss.stop({ graceful: true, wait: true, timeout: 20_000 });
  }

  private started(): Promise<PgBoss> {
    this.boss ??= this.start();
    return this.boss;
  }

  private async start(): Promise<PgBoss> {
    const workers = this.config.jobsEnabled;
    const boss = new PgBoss({ connectionString: this.databaseUrl, schema: 'pgboss', max: 4, supervise: workers, schedule: workers });
    boss.on('error', (error) => this.logger.error({ err: error }, 'job queue error'));
    await boss.start();
    await this.createQueues(boss);
    for (const [queue, { handler, options }] of this.handlers) {
      if (!workers) continue;
      await boss.work<object>(queue, { batchSize: 1, pollingIntervalSeconds: 1 }, async ([job]) => {
        if (!job) return;
        this.logger.log({ queue, jobId: job.id }, 'job started');
        await handler(job.data as never, job.id);
        this.logger.log({ queue, jobId: job.id }, 'job finished');
      });
      if (options.cron) await boss.schedule(queue, options.cron, {}, { tz: 'UTC' });
    }
    return boss;
  }

  private async createQueues(boss: PgBoss): Promise<void> {
    const lock = new Client({ connectionString: this.databaseUrl });
    await lock.connect();
    try {
      await lock.query('SELECT pg_advisory_lock($1)', [QUEUE_SETUP_LOCK]);
      for (const [queue, { options }] of this.handlers) {
        if (!(await boss.getQueue(queue))) await boss.createQueue(queue, { name: queue, policy: options.policy ?? 'standard' });
      }
    } finally {
      await lock.query('SELECT pg_advisory_unlock($1)', [QUEUE_SETUP_LOCK]).catch(() => undefined);
      await lock.end();
    }
  }
}
