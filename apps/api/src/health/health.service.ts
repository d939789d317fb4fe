import { Inject, Injectable } from '@nestjs/common';
import { migrationStatus } from '@waymark/db';
import { Pool } from 'pg';
import { AppError } from '../common/errors/app-error';
import { CommonError } from '../common/errors/error-codes';
import { DATABASE_URL, PG_POOL } from '../common/db/database.module';
import { type ReadinessResponse } from './health.dto';
import { type z } from 'zod';

@Injectable()
export class HealthService {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(DATABASE_URL) private readonly databaseUrl: string,
  ) {}

  async readiness(): Promise<z.infer<typeof ReadinessResponse>> {
    try {
      await this.pool.query('SELECT 1');
    } catch (error) {
      throw new AppError(
        CommonError.NOT_READY,
        `The database is not reachable: ${(error as Error).message}`,
      );
    }
    const status = await migrationStatus({ databaseUrl: this.databaseUrl });
    if (status.pending.length > 0 || status.changed.length > 0 || status.missing.length > 0) {
      throw new AppError(
        CommonError.NOT_READY,
        `Migrations are not current: ${status.pending.length} pending, ${status.changed.length} changed, ${status.missing.length} missing.`,
      );
    }
    return {
      status: 'ready',
      database: 'ok',
      migrations: { applied: status.applied.length, latest: status.applied.at(-1) ?? null },
    };
  }
}
