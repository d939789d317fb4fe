import { type DynamicModule, Global, Inject, Injectable, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { createPrismaClient, type PrismaClient } from '@waymark/db';
import { Pool } from 'pg';

export const PRISMA = Symbol('PRISMA');
export const PG_POOL = Symbol('PG_POOL');
export const DATABASE_URL = Symbol('DATABASE_URL');

/**
 * An idle pooled connection that the server drops (pg_terminate_backend, a
 * failover) emits 'error' on the pool; unhandled, that event kills the
 * process. Log it and let the pool replace the connection instead.
 */
function createPool(databaseUrl: string): Pool {
  const pool = new Pool({ connectionString: databaseUrl, max: 10 });
  const logger = new Logger('Database');
  pool.on('error', (error) => logger.error({ err: error }, 'idle database connection lost; the pool will reconnect'));
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
