// Every minute, the heads of the audit chains that grew are pinned in the
// global anchor chain (audit-chain.ts, anchorAuditChains). The anchor's hash
// is logged as well, so a copy of it lives outside the database.
import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { type Pool } from 'pg';
import { CLOCK, type Clock } from '../clock/clock';
import { PG_POOL } from '../db/database.module';
import { JobsService } from '../jobs/jobs.service';
import { anchorAuditChains } from './audit-chain';

export const AUDIT_ANCHOR_QUEUE = 'audit-anchor';

@Injectable()
export class AuditAnchorJob implements OnModuleInit {
  private readonly logger = new Logger('Audit');

  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly jobs: JobsService,
  ) {}

  onModuleInit(): void {
    this.jobs.register(AUDIT_ANCHOR_QUEUE, () => this.run(), {
      cron: '* * * * *',
      policy: 'singleton',
      retryLimit: 0,
      expireInSeconds: 120,
    });
  }

  /** One anchoring; null when no chain grew since the last. */
  async run(): Promise<void> {
    const anchor = await anchorAuditChains(this.pool, this.clock.now());
    if (anchor)
      this.logger.log(
        { anchorSeq: anchor.seq, hash: anchor.hash.toString('hex'), chains: anchor.heads.length },
        'audit chains anchored',
      );
  }
}
