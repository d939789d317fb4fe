// The nightly document-expiry scan: every due-diligence document (insurance, safeguarding, registration…) that
// expires within DOCUMENT_EXPIRY_NOTICE_DAYS is told, once, to the administrators of the subcontractor it belongs to
// and of the prime that holds it, who must renew and re-check it. The document is marked told in the same
// transaction as the notifications, so a re-run or a second instance never tells anyone twice.
import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { addDays } from '@waymark/domain';
import { type Pool } from 'pg';
import { AuditService } from '../common/audit/audit.service';
import { CLOCK, type Clock } from '../common/clock/clock';
import { APP_CONFIG } from '../common/config/config.module';
import { type AppConfig } from '../common/config/env';
import { PG_POOL } from '../common/db/database.module';
import { withTransaction } from '../common/db/transaction';
import { JobsService } from '../common/jobs/jobs.service';
import { NotificationsService } from '../notifications/notifications.service';
import { DueDiligenceRepository } from './due-diligence.repository';

export const DOCUMENT_EXPIRY_SCAN_QUEUE = 'due-diligence-expiry-scan';
/** 03:00 UTC, after the alert scan: people find the notice in the morning. */
export const DOCUMENT_EXPIRY_SCAN_CRON = '0 3 * * *';

@Injectable()
export class DueDiligenceExpiryService implements OnModuleInit {
  private readonly logger = new Logger('DocumentExpiry');

  constructor(
    private readonly records: DueDiligenceRepository,
    private readonly notifications: NotificationsService,
    private readonly audit: AuditService,
    private readonly jobs: JobsService,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(PG_POOL) private readonly pool: Pool,
  ) {}

  onModuleInit(): void {
    this.jobs.register(
      DOCUMENT_EXPIRY_SCAN_QUEUE,
      async () => {
        const report = await this.scan();
        this.logger.log(report, 'document expiry scan');
      },
      { cron: DOCUMENT_EXPIRY_SCAN_CRON, policy: 'singleton', retryLimit: 2 },
    );
  }

  /** Tells the organisations of every document expiring within the notice period, once; answers how many it told of. */
  async scan(): Promise<{ notified: number; noticeDays: number }> {
    const today = this.clock.today();
    const noticeDays = this.config.documentExpiryNoticeDays;
    const notified = await withTransaction(this.pool, async (client) => {
      const due = await this.records.dueForExpiryNotice(client, {
        today,
        until: addDays(today, noticeDays),
      });
      for (const record of due) {
        await this.notifications.documentExpiring(client, {
          ...record,
          expiresOn: record.expiresOn!,
        });
        await this.records.markExpiryNotified(client, record.id, this.clock.now());
        await this.audit.record(client, {
          actorUserId: null,
          actorOrganisationId: null,
          action: 'due-diligence.notify-expiry',
          entityType: 'due_diligence_record',
          entityId: record.id,
          data: { expiresOn: record.expiresOn, noticeDays },
        });
      }
      return due.length;
    });
    return { notified, noticeDays };
  }
}
