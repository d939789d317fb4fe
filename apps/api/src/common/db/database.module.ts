import { type DynamicModule, Global, Inject, Injectable, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { createPrismaClient, type PrismaClient } from '@waymark/db';
import { Pool } from 'pg';
import { describeCause } from '../errors/infrastructure-failure';

export const PRISMA = Symbol('PRISMA');
export const PG_POOL = Symbol('PG_POOL');
export const DATABASE_URL = Symbol('DATABASE_URL');

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
function createPool(databaseUrl: string): Pool {
  const pool = new Pool({ connectionString: databaseUrl, max: 10 });
  const logger = new Logger('Database');
  pool.on('error', (error) => logger.error({ cause: describeCause(error) }, 'idle database connection lost; the pool will reconnect'));
  pool.on('connect', (client) => {
    client.on('error', (error) => logger.error({ cause: describeCause(error) }, 'database connection lost while in use; its queries fail and the pool discards it'));
  });
  return pool;
}

/** Closes both connection pools when the app shuts down (graceful drain). */
@Injectable()
class DatabaseLifecycle implements OnApplicationShutdown {
  constructor(
    @Inject(PRISMA) private readonly prisma: PrismaClient,
    @Inject(PG_POOL) private readonly pool: Pool,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([this.prisma.$disconnect(), this.pool.end()]);
  }
}

/**
 * Prisma Client for ordinary CRUD, and a plain pg Pool for the SQL that
 * matters (imports, reports, reconciliation) — both over the same database.
 */
@Global()
@Module({})
export class DatabaseModule {
  static forRoot(databaseUrl: string): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [
        { provide: DATABASE_URL, useValue: databaseUrl },
        { provide: PG_POOL, useFactory: () => createPool(databaseUrl) },
        // Prisma shares the pool: one set of connections, one error handler.
        { provide: PRISMA, inject: [PG_POOL], useFactory: (pool: Pool) => createPrismaClient(pool) },
        DatabaseLifecycle,
      ],
      exports: [PRISMA, PG_POOL, DATABASE_URL],
    };
  }
}
