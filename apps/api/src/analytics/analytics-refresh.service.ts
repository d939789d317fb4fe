// Keeps the analytics fact tables current. Runs as the table owner (a system
// job, like the payment runs): facts summarise every party's rows, and
// row-level security scopes them again when a dashboard reads them.
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { type Pool, type PoolClient } from 'pg';
import { PG_POOL } from '../common/db/database.module';
import { withTransaction } from '../common/db/transaction';
import { JobsService } from '../common/jobs/jobs.service';
import {
  DELETE_FLOW_MONEY_MONTHS,
  DELETE_MONEY_MONTHS,
  DELETE_PARKING_MONTHS,
  DELETE_REFERRAL_MONTHS,
  REFRESH_FLOW_MONEY_MONTHS,
  REFRESH_MONEY_MONTHS,
  REFRESH_PARKING_MONTHS,
  REFRESH_PAYMENT_FACTS,
  REFRESH_REFERRAL_FACTS,
  REFRESH_REFERRAL_MONTHS,
} from './analytics-refresh.sql';

/** Queue a payment or remittance run sends `{ primeContractId }` to after it commits, so dashboards show the money at once. */
export const ANALYTICS_REFRESH_QUEUE = 'analytics-refresh';
/** "anly" in ASCII: one refresh at a time. */
const REFRESH_LOCK = 0x616e6c79;

export type RefreshMode = 'FULL' | 'INCREMENTAL' | 'PRIME_CONTRACT';

export interface RefreshReport {
  mode: RefreshMode;
  since: string | null;
  durationMs: number;
  rowsWritten: number;
  referralFacts: number;
  referralMonths: number;
  parkingMonths: number;
  moneyMonths: number;
  flowMoneyMonths: number;
  paymentFacts: number;
}

@Injectable()
export class AnalyticsRefreshService implements OnModuleInit {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    private readonly jobs: JobsService,
  ) {}

  onModuleInit(): void {
    this.jobs.register<{ primeContractId?: string }>(
      ANALYTICS_REFRESH_QUEUE,
      async (data) => {
        await (data.primeContractId
          ? this.refreshPrimeContract(data.primeContractId)
          : this.refresh());
      },
      { policy: 'short', expireInSeconds: 60 * 60, retryLimit: 1 },
    );
  }

  /** Incremental from the last refresh's start (full when there has been none). */
  async refresh(options: { full?: boolean } = {}): Promise<RefreshReport> {
    const last = await this.pool.query<{ started_at: Date }>(
      'SELECT started_at FROM analytics_refresh ORDER BY started_at DESC LIMIT 1',
    );
    const lastStart = last.rows[0]?.started_at ?? null;
    if (options.full || !lastStart) return this.run('FULL', null, null);
    // A day of overlap: facts keyed by day dates, and a clock skew between API instances, cost nothing to cover.
    const since = new Date(lastStart.getTime() - 24 * 3600 * 1000).toISOString().slice(0, 10);
    return this.run('INCREMENTAL', null, since);
  }

  refreshPrimeContract(primeContractId: string): Promise<RefreshReport> {
    return this.run('PRIME_CONTRACT', primeContractId, null);
  }

  private async run(
    mode: RefreshMode,
    primeContractId: string | null,
    since: string | null,
  ): Promise<RefreshReport> {
    const startedAt = new Date();
    const started = performance.now();
    return withTransaction(this.pool, async (client: PoolClient) => {
      await client.query('SELECT pg_advisory_xact_lock($1)', [REFRESH_LOCK]);
      const params = [primeContractId, since];
      const referralFacts = (await client.query(REFRESH_REFERRAL_FACTS, params)).rowCount ?? 0;
      await client.query(DELETE_REFERRAL_MONTHS, [primeContractId]);
      const referralMonths =
        (await client.query(REFRESH_REFERRAL_MONTHS, [primeContractId])).rowCount ?? 0;
      await client.query(DELETE_PARKING_MONTHS, [primeContractId]);
      const parkingMonths =
        (await client.query(REFRESH_PARKING_MONTHS, [primeContractId])).rowCount ?? 0;
      await client.query(DELETE_MONEY_MONTHS, params);
      const moneyMonths = (await client.query(REFRESH_MONEY_MONTHS, params)).rowCount ?? 0;
      await client.query(DELETE_FLOW_MONEY_MONTHS, params);
      const flowMoneyMonths = (await client.query(REFRESH_FLOW_MONEY_MONTHS, params)).rowCount ?? 0;
      const paymentFacts = (await client.query(REFRESH_PAYMENT_FACTS, params)).rowCount ?? 0;
      const rowsWritten =
        referralFacts +
        referralMonths +
        parkingMonths +
        moneyMonths +
        flowMoneyMonths +
        paymentFacts;
      const durationMs = Math.round(performance.now() - started);
      await client.query(
        `INSERT INTO analytics_refresh (mode, since, started_at, finished_at, duration_ms, rows_written) VALUES ($1, $2, $3, now(), $4, $5)`,
        [mode, since, startedAt, durationMs, rowsWritten],
      );
      return {
        mode,
        since,
        durationMs,
        rowsWritten,
        referralFacts,
        referralMonths,
        parkingMonths,
        moneyMonths,
        flowMoneyMonths,
        paymentFacts,
      };
    });
  }
}
