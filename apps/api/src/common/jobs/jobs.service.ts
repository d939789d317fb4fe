// Background work on a PostgreSQL-backed queue (pg-boss), so API instances
// stay stateless: any instance may enqueue, each job is handed to exactly one
// worker (SKIP LOCKED), and a crashed worker's job is retried promptly (job
// leases, below) or, failing that, after expiry.
// pg-boss starts lazily on first use, so processes that never touch a queue
// (most tests, the OpenAPI writer) pay nothing for it.
//
// Job leases: while a worker runs a job it holds a session advisory lock on
// the job's id, on one "lease" connection per process. A process that dies
// loses its connection and with it every lease, so an active job whose lease
// anyone can take has no living worker. Every worker process sweeps for such
// orphans at start and then every ORPHAN_SWEEP_EVERY_MS, and fails them back
// into pg-boss's retry (5 s later) — a bulk import killed with its API resumes
// seconds after any instance is up, not when its 10-15 minute expiry runs out.
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { newPgClient, pgConnection } from '@waymark/db';
import { type Client } from 'pg';
import PgBoss from 'pg-boss';
import { APP_CONFIG } from '../config/config.module';
import { type AppConfig } from '../config/env';
import { DIRECT_DATABASE_URL } from '../db/database.module';
import { describeCause } from '../errors/infrastructure-failure';

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

const BOSS_SCHEMA = 'pgboss';
/** Serialises queue creation across instances: concurrent CREATE of pg-boss partitions deadlocks. */
const QUEUE_SETUP_LOCK = 0x6a6f6273; // "jobs"
/** Advisory-lock namespace (first key) of job leases; the second key is hashtext(job id). */
const JOB_LEASE_NAMESPACE = 0x6c656173; // "leas"
const ORPHAN_SWEEP_EVERY_MS = 15_000;
/** A job is only judged after this long active: a worker takes its lease within milliseconds of starting it. */
const ORPHAN_GRACE_SECONDS = 30;
/**
 * pg-boss marks a job completed just after its handler returns. The lease is
 * held a little longer, so that no sweep takes a finished job that is not yet
 * marked completed for an orphan and runs it again.
 */
const LEASE_RELEASE_DELAY_MS = 10_000;
const TAKE_LEASE = 'SELECT pg_try_advisory_lock($1, hashtext($2))';

type Handler<T> = (data: T, jobId: string) => Promise<void>;

@Injectable()
export class JobsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Jobs');
  private readonly handlers = new Map<
    string,
    { handler: Handler<never>; options: JobHandlerOptions }
  >();
  private boss: Promise<PgBoss> | undefined;
  /** Ids of the jobs this process is running, whose leases its lease connection holds. */
  private readonly running = new Set<string>();
  private lease: Promise<Client> | undefined;
  private sweepTimer: NodeJS.Timeout | undefined;
  /** The sweep in flight, awaited at shutdown so its connection is not cut under it. */
  private sweeping: Promise<unknown> | undefined;
  private stopping = false;

  constructor(
    // A session connection: leases and queue set-up are session advisory locks, which a transaction pooler would lose.
    @Inject(DIRECT_DATABASE_URL) private readonly databaseUrl: string,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Declares a queue and its handler; call from a module's constructor or onModuleInit. */
  register<T extends object>(
    queue: string,
    handler: Handler<T>,
    options: JobHandlerOptions = {},
  ): void {
    if (this.handlers.has(queue)) throw new Error(`Job queue ${queue} is registered twice`);
    this.handlers.set(queue, { handler: handler, options });
  }

  /**
   * Enqueues a job; with a singletonKey, a second identical job is not queued while one is pending.
   * startAfterSeconds delays it (a job asked for from inside a transaction should start after the commit).
   */
  async send<T extends object>(
    queue: string,
    data: T,
    options: { singletonKey?: string; startAfterSeconds?: number } = {},
  ): Promise<string | null> {
    const boss = await this.started();
    const registered = this.handlers.get(queue)?.options ?? {};
    return boss.send(queue, data, {
      ...(options.singletonKey ? { singletonKey: options.singletonKey } : {}),
      ...(options.startAfterSeconds ? { startAfter: options.startAfterSeconds } : {}),
      retryLimit: registered.retryLimit ?? 3,
      retryDelay: 5,
      expireInSeconds: registered.expireInSeconds ?? 15 * 60,
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.jobsEnabled && this.handlers.size > 0) await this.started();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    clearInterval(this.sweepTimer);
    await this.sweeping;
    if (!this.boss) return;
    const boss = await this.boss;
    // Graceful: let running handlers finish (bounded), so a deploy does not abandon a referral import half-way.
    await boss.stop({ graceful: true, wait: true, timeout: 20_000 });
    const lease = await this.lease?.catch(() => undefined);
    await lease?.end().catch(() => undefined);
  }

  /**
   * Fails back into retry every active job of our queues, started more than
   * ORPHAN_GRACE_SECONDS ago, whose lease nobody holds (its worker process is
   * gone). Each is judged under a transaction-level try-lock on its lease, so
   * two sweeping instances never both fail it, and pg-boss's fail touches only
   * jobs still active. Returns the ids it failed.
   */
  async sweepOrphans(): Promise<string[]> {
    const boss = await this.started();
    const queues = [...this.handlers.keys()];
    const sweeper = await this.connectForOneTask('sweep');
    const failed: string[] = [];
    try {
      const { rows } = await sweeper.query<{ id: string; name: string }>(
        `SELECT id, name FROM ${BOSS_SCHEMA}.job WHERE state = 'active' AND name = ANY($1) AND started_on < now() - make_interval(secs => $2)`,
        [queues, ORPHAN_GRACE_SECONDS],
      );
      for (const job of rows) {
        if (this.running.has(job.id)) continue;
        await sweeper.query('BEGIN');
        try {
          const { rows: taken } = await sweeper.query<{ free: boolean }>(
            'SELECT pg_try_advisory_xact_lock($1, hashtext($2)) AS free',
            [JOB_LEASE_NAMESPACE, job.id],
          );
          if (taken[0]?.free) {
            await boss.fail(job.name, job.id, {
              message: 'the worker running this job stopped (its process ended); retried',
            });
            failed.push(job.id);
          }
        } finally {
          await sweeper.query('COMMIT');
        }
      }
    } finally {
      await sweeper.end();
    }
    if (failed.length > 0)
      this.logger.warn({ jobIds: failed }, 'jobs whose worker had stopped were put back for retry');
    return failed;
  }

  /**
   * A connection of its own for one task (a sweep, queue set-up), ended by the
   * caller. One the server ends (a restart, pg_terminate_backend) fails that
   * task, not the process: pg emits 'error' on the client, which must be heard.
   */
  private async connectForOneTask(task: string): Promise<Client> {
    const client = newPgClient(this.databaseUrl);
    client.on('error', (error) =>
      this.logger.warn({ cause: describeCause(error) }, `${task} connection lost`),
    );
    await client.connect();
    return client;
  }

  /** The process's lease connection; if it drops, a new one re-takes the running jobs' leases. */
  private leaseConnection(): Promise<Client> {
    this.lease ??= (async () => {
      const client = newPgClient(this.databaseUrl);
      client.on('error', (error) => {
        this.logger.warn(
          { cause: describeCause(error) },
          'job lease connection lost; reconnecting',
        );
        this.lease = undefined;
        if (!this.stopping)
          void this.leaseConnection().catch((reconnectError: unknown) =>
            this.logger.error(
              { cause: describeCause(reconnectError) },
              'job lease reconnection failed',
            ),
          );
      });
      await client.connect();
      for (const id of this.running) await client.query(TAKE_LEASE, [JOB_LEASE_NAMESPACE, id]);
      return client;
    })();
    this.lease.catch(() => (this.lease = undefined));
    return this.lease;
  }

  /**
   * Runs a job under its lease. A lease that cannot be taken does not stop the job: handlers are written to be re-run, the lease
   * only speeds up recovery.
   */
  private async underLease(jobId: string, work: () => Promise<void>): Promise<void> {
    this.running.add(jobId);
    const lease = await this.leaseConnection().catch(() => undefined);
    await lease?.query(TAKE_LEASE, [JOB_LEASE_NAMESPACE, jobId]).catch(() => undefined);
    try {
      await work();
    } finally {
      const release = setTimeout(() => {
        this.running.delete(jobId);
        void lease
          ?.query('SELECT pg_advisory_unlock($1, hashtext($2))', [JOB_LEASE_NAMESPACE, jobId])
          .catch(() => undefined);
      }, LEASE_RELEASE_DELAY_MS);
      release.unref();
    }
  }

  private started(): Promise<PgBoss> {
    this.boss ??= this.start();
    return this.boss;
  }

  private async start(): Promise<PgBoss> {
    const workers = this.config.jobsEnabled;
    // Several hosts (a failover pair): pg-boss hands its options to pg.Pool, which constructs the given Client —
    // the one that finds the host accepting writes, as the request pool does (@waymark/db pg-connection.ts).
    const connection = pgConnection(this.databaseUrl).config;
    const boss = new PgBoss({
      connectionString: connection.connectionString,
      ...(connection.Client ? ({ Client: connection.Client } as object) : {}),
      schema: BOSS_SCHEMA,
      max: 4,
      supervise: workers,
      schedule: workers,
    });
    boss.on('error', (error) =>
      this.logger.error({ cause: describeCause(error) }, 'job queue error'),
    );
    await boss.start();
    await this.createQueues(boss);
    for (const [queue, { handler, options }] of this.handlers) {
      if (!workers) continue;
      await boss.work<object>(queue, { batchSize: 1, pollingIntervalSeconds: 1 }, async ([job]) => {
        if (!job) return;
        await this.underLease(job.id, async () => {
          this.logger.log({ queue, jobId: job.id }, 'job started');
          await handler(job.data as never, job.id);
          this.logger.log({ queue, jobId: job.id }, 'job finished');
        });
      });
      if (options.cron) await boss.schedule(queue, options.cron, {}, { tz: 'UTC' });
    }
    if (workers && this.handlers.size > 0) this.scheduleSweeps();
    return boss;
  }

  /** A sweep right after start (the usual case: this process replaces one that died), then periodically. */
  private scheduleSweeps(): void {
    const sweep = () => {
      if (this.stopping || this.sweeping) return;
      this.sweeping = this.sweepOrphans()
        .catch((error: unknown) =>
          this.logger.error({ cause: describeCause(error) }, 'sweep for orphaned jobs failed'),
        )
        .finally(() => (this.sweeping = undefined));
    };
    setImmediate(sweep);
    this.sweepTimer = setInterval(sweep, ORPHAN_SWEEP_EVERY_MS);
    this.sweepTimer.unref();
  }

  private async createQueues(boss: PgBoss): Promise<void> {
    const lock = await this.connectForOneTask('queue set-up');
    try {
      await lock.query('SELECT pg_advisory_lock($1)', [QUEUE_SETUP_LOCK]);
      for (const [queue, { options }] of this.handlers) {
        if (!(await boss.getQueue(queue)))
          await boss.createQueue(queue, { name: queue, policy: options.policy ?? 'standard' });
      }
    } finally {
      await lock.query('SELECT pg_advisory_unlock($1)', [QUEUE_SETUP_LOCK]).catch(() => undefined);
      await lock.end();
    }
  }
}
