import {
  type DynamicModule,
  Global,
  Inject,
  Injectable,
  Logger,
  Module,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { pgConnection } from '@waymark/db';
import { Pool } from 'pg';
import { markTransactionPooled } from './statement-mode';
import { describeCause } from '../errors/infrastructure-failure';

export const PG_POOL = Symbol('PG_POOL');
export const DATABASE_URL = Symbol('DATABASE_URL');
/** A session connection string (migrations, the job queue): DATABASE_DIRECT_URL, or DATABASE_URL when there is no pooler. */
export const DIRECT_DATABASE_URL = Symbol('DIRECT_DATABASE_URL');

export interface DatabaseOptions {
  /** DATABASE_POOLER: 'transaction' when databaseUrl is a transaction-mode pooler (statement-mode.ts). */
  pooler: 'none' | 'transaction';
  /** Session connection for what holds a connection across transactions; default databaseUrl. */
  directUrl?: string;
  /** Connections of the request pool (DATABASE_POOL_MAX). */
  poolMax: number;
}

const DEFAULT_OPTIONS: DatabaseOptions = { pooler: 'none', poolMax: 10 };

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
export function createPool(databaseUrl: string, options: DatabaseOptions): Pool {
  // A multi-host DATABASE_URL (target_session_attrs=read-write) connects each new connection to the host that
  // accepts writes: after a failover the pool replaces its broken connections on the promoted server.
  const pool = new Pool({ ...pgConnection(databaseUrl).config, max: options.poolMax });
  if (options.pooler === 'transaction') markTransactionPooled(pool);
  const logger = new Logger('Database');
  pool.on('error', (error) =>
    logger.error(
      { cause: describeCause(error) },
      'idle database connection lost; the pool will reconnect',
    ),
  );
  pool.on('connect', (client) => {
    client.on('error', (error) =>
      logger.error(
        { cause: describeCause(error) },
        'database connection lost while in use; its queries fail and the pool discards it',
      ),
    );
  });
  return pool;
}

/** Closes the connection pool when the app shuts down (graceful drain). */
@Injectable()
class DatabaseLifecycle implements OnApplicationShutdown {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }
}

/**
 * One pg Pool: every query is SQL in an area's repository, run on it directly
 * or inside a party scope (docs/architecture.md, "SQL or Prisma Client").
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
        DatabaseLifecycle,
      ],
      exports: [PG_POOL, DATABASE_URL, DIRECT_DATABASE_URL],
    };
  }
}
