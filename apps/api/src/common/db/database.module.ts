import {
  type DynamicModule,
  Global,
  Inject,
  Injectable,
  Logger,
  Module,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { pgConnection } from '@waymark/db';
import { Pool } from 'pg';
import { ReadDatabase } from './read-database';
import { ReadFreshnessInterceptor } from './read-freshness.interceptor';
import { markTransactionPooled } from './statement-mode';
import { describeCause } from '../errors/infrastructure-failure';

export const PG_POOL = Symbol('PG_POOL');
/** The read replica's pool (DATABASE_READ_URL), or null. Only ReadDatabase uses it. */
const READ_POOL = Symbol('READ_POOL');
export const DATABASE_URL = Symbol('DATABASE_URL');
/** A session connection string (migrations, the job queue): DATABASE_DIRECT_URL, or DATABASE_URL when there is no pooler. */
export const DIRECT_DATABASE_URL = Symbol('DIRECT_DATABASE_URL');

export interface DatabaseOptions {
  /** DATABASE_POOLER: 'transaction' when databaseUrl is a transaction-mode pooler (statement-mode.ts). */
  pooler: 'none' | 'transaction';
  /** Session connection for what holds a connection across transactions; default databaseUrl. */
  directUrl?: string;
  /** Connections of the request pool (DATABASE_POOL_MAX); the replica's pool is as large. */
  poolMax: number;
  /** DATABASE_READ_URL: a streaming replica for the heavy reads (read-database.ts); none = all on the primary. */
  readUrl?: string;
  /** DATABASE_READ_MAX_LAG_SECONDS: beyond this lag the heavy reads go to the primary. */
  readMaxLagSeconds?: number;
}

const DEFAULT_OPTIONS: DatabaseOptions = { pooler: 'none', poolMax: 10 };
/** A replica that does not answer must not hold a request up: fall back to the primary instead. */
const REPLICA_CONNECT_TIMEOUT_MS = 2_000;

/**
 * A connection the server drops (pg_terminate_backend, a failover, a restart)
 * emits 'error'; unhandled, that event kills the process. While a connection
 * is idle the pool listens and replaces it. While it is checked out, pg-pool
 * removes its own listener, so each connection also gets a permanent one: the
 * queries in flight fail (their transaction rolls back, the caller sees the
 * error and a retrying job runs again), the connection is no longer queryable
 * and the pool discards it on release. Found by `npm run drill:faults`: a
 * terminated backend under a running COPY stopped the whole API.
 */
export function createPool(
  databaseUrl: string,
  options: DatabaseOptions,
  role: 'primary' | 'replica' = 'primary',
): Pool {
  // A multi-host DATABASE_URL (target_session_attrs=read-write) connects each new connection to the host that
  // accepts writes: after a failover the pool replaces its broken connections on the promoted server.
  const pool = new Pool({
    ...pgConnection(databaseUrl).config,
    max: options.poolMax,
    ...(role === 'replica' ? { connectionTimeoutMillis: REPLICA_CONNECT_TIMEOUT_MS } : {}),
  });
  if (options.pooler === 'transaction') markTransactionPooled(pool);
  const logger = new Logger(role === 'primary' ? 'Database' : 'ReadReplica');
  // Losing the replica costs nothing but speed (reads fall back): a warning, not an error.
  const report = (message: string, error: Error) => {
    if (role === 'primary') logger.error({ cause: describeCause(error) }, message);
    else logger.warn({ cause: describeCause(error) }, message);
  };
  pool.on('error', (error) =>
    report('idle database connection lost; the pool will reconnect', error),
  );
  pool.on('connect', (client) => {
    client.on('error', (error) =>
      report(
        'database connection lost while in use; its queries fail and the pool discards it',
        error,
      ),
    );
  });
  return pool;
}

/** Closes the connection pool when the app shuts down (graceful drain). */
@Injectable()
class DatabaseLifecycle implements OnApplicationShutdown {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(READ_POOL) private readonly readPool: Pool | null,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([this.pool.end(), this.readPool?.end()]);
  }
}

/**
 * One pg Pool on the primary: every query is SQL in an area's repository, run
 * on it directly or inside a party scope (docs/architecture.md, "SQL or
 * Prisma Client"). With DATABASE_READ_URL, a second pool on the replica,
 * reached only through ReadDatabase (read-database.ts).
 */
@Global()
@Module({})
export class DatabaseModule {
  static forRoot(databaseUrl: string, options: DatabaseOptions = DEFAULT_OPTIONS): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [
        { provide: DATABASE_URL, useValue: databaseUrl },
        { provide: DIRECT_DATABASE_URL, useValue: options.directUrl ?? databaseUrl },
        { provide: PG_POOL, useFactory: () => createPool(databaseUrl, options) },
        {
          provide: READ_POOL,
          useFactory: () =>
            options.readUrl ? createPool(options.readUrl, options, 'replica') : null,
        },
        {
          provide: ReadDatabase,
          inject: [PG_POOL, READ_POOL],
          useFactory: (primary: Pool, replica: Pool | null) =>
            new ReadDatabase(primary, replica, options.readMaxLagSeconds ?? 30),
        },
        { provide: APP_INTERCEPTOR, useClass: ReadFreshnessInterceptor },
        DatabaseLifecycle,
      ],
      exports: [PG_POOL, DATABASE_URL, DIRECT_DATABASE_URL, ReadDatabase],
    };
  }
}
