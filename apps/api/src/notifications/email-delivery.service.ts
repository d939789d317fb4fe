// Delivers the email outbox from a pg-boss job, outside any business
// transaction: raising a notification asks for a run (debounced to one queued
// run), and a run every minute catches whatever a lost request missed. Each
// run takes queued rows with FOR UPDATE SKIP LOCKED, so two instances never
// send the same email. With SMTP_URL set, mail goes through nodemailer; without
// it (a plain `npm start`), emails are marked KEPT and stay in the outbox for
// the platform admin to read in the portal (docs/operations.md "Email").
import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
import { type Pool } from 'pg';
import { CLOCK, type Clock } from '../common/clock/clock';
import { APP_CONFIG } from '../common/config/config.module';
import { type AppConfig } from '../common/config/env';
import { PG_POOL } from '../common/db/database.module';
import { withTransaction } from '../common/db/transaction';
import { JobsService } from '../common/jobs/jobs.service';
import { NotificationsRepository } from './notifications.repository';

export const EMAIL_DELIVERY_QUEUE = 'notification-email-delivery';
/** Every minute: the backstop for a delivery request lost with its process. */
const EMAIL_DELIVERY_CRON = '* * * * *';
const BATCH = 50;
/** After this many failed attempts an email is marked FAILED and left for the platform admin to see. */
const MAX_ATTEMPTS = 5;

export interface DeliveryReport {
  sent: number;
  kept: number;
  failed: number;
}

@Injectable()
export class EmailDeliveryService implements OnModuleInit {
  private readonly logger = new Logger('EmailDelivery');
  private transport: Transporter | undefined;

  constructor(
    private readonly notifications: NotificationsRepository,
    private readonly jobs: JobsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(PG_POOL) private readonly pool: Pool,
  ) {}

  onModuleInit(): void {
    this.jobs.register(
      EMAIL_DELIVERY_QUEUE,
      async () => {
        const report = await this.deliverQueued();
        if (report.sent + report.kept + report.failed > 0)
          this.logger.log(report, 'email outbox delivered');
      },
      { cron: EMAIL_DELIVERY_CRON, policy: 'short', expireInSeconds: 5 * 60, retryLimit: 2 },
    );
  }

  /** Asks for a delivery run soon; never throws and never waits (the notified change may still be committing). */
  requestDelivery(): void {
    this.jobs
      .send(EMAIL_DELIVERY_QUEUE, {}, { singletonKey: 'deliver', startAfterSeconds: 2 })
      .catch((error: unknown) => {
        this.logger.warn(
          { err: error },
          'could not queue an email delivery run; the next scheduled run will send it',
        );
      });
  }

  /** Sends (or keeps) every queued email, in batches, until none is left that this run can take. */
  async deliverQueued(): Promise<DeliveryReport> {
    const report: DeliveryReport = { sent: 0, kept: 0, failed: 0 };
    for (;;) {
      const batch = await withTransaction(this.pool, async (client) => {
        const emails = await this.notifications.takeQueued(client, BATCH);
        for (const email of emails) {
          if (!this.config.mail.smtpUrl) {
            await this.notifications.markDelivered(client, email.id, 'KEPT', this.clock.now());
            report.kept++;
            continue;
          }
          try {
            await this.mailer().sendMail({
              from: this.config.mail.from,
              to: email.toAddress,
              subject: email.subject,
              text: email.body,
            });
            await this.notifications.markDelivered(client, email.id, 'SENT', this.clock.now());
            report.sent++;
          } catch (error) {
            const isFinal = email.attempts + 1 >= MAX_ATTEMPTS;
            await this.notifications.markFailedAttempt(
              client,
              email.id,
              (error as Error).message.slice(0, 500),
              isFinal,
            );
            if (isFinal) report.failed++;
            this.logger.warn(
              { err: error, emailId: email.id, attempt: email.attempts + 1 },
              'email not sent',
            );
          }
        }
        return emails.length;
      });
      // A short batch means nothing queued is left for this run (a failed email waits for the next run).
      if (batch < BATCH) return report;
    }
  }

  private mailer(): Transporter {
    this.transport ??= createTransport(this.config.mail.smtpUrl);
    return this.transport;
  }
}
