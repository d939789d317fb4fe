// Notifications: other areas raise one with a one-line call inside the
// transaction of the event (so a rolled-back change notifies nobody), this
// service decides who is concerned — by organisation and role, plus named
// people such as a claim's maker — and each person's preferences decide inbox,
// email, both or neither (waymark_raise_notification). Email leaves later,
// from a pg-boss job (EmailDeliveryService), so a slow or absent mail server
// never blocks or fails the business write.
import { Inject, Injectable, Logger } from '@nestjs/common';
import { formatDayInWords, formatPence, wordFor, type ClaimStatus } from '@waymark/domain';
import { type Pool, type PoolClient } from 'pg';
import { type Principal } from '../common/auth/principal';
import { CLOCK, type Clock } from '../common/clock/clock';
import { APP_CONFIG } from '../common/config/config.module';
import { type AppConfig } from '../common/config/env';
import { PG_POOL } from '../common/db/database.module';
import { withPartyScope } from '../common/db/party-scope';
import { withTransaction } from '../common/db/transaction';
import { AppError } from '../common/errors/app-error';
import { CommonError } from '../common/errors/error-codes';
import { EmailDeliveryService } from './email-delivery.service';
import {
  NOTIFICATION_KIND_WORDS,
  NOTIFICATION_KINDS,
  type NotificationKind,
} from './notification-kinds';
import { type InboxQuery, type OutboxQuery, type SetPreferencesBody } from './notifications.dto';
import {
  type NotificationRow,
  NotificationsRepository,
  type RaiseInput,
} from './notifications.repository';

/** Finance people look after claims and money; admins hear of allocations and alerts too. */
const MONEY_ROLES = ['FINANCE', 'ADMIN'];
const CASEWORK_ROLES = ['CASEWORKER', 'ADMIN'];
const OVERSIGHT_ROLES = ['ADMIN', 'AUDITOR'];

const CLAIM_KIND: Partial<
  Record<ClaimStatus, { kind: NotificationKind; verb: string; isCommissionerDecision: boolean }>
> = {
  PRIME_QUERIED: { kind: 'CLAIM_QUERIED', verb: 'queried', isCommissionerDecision: false },
  PRIME_APPROVED: { kind: 'CLAIM_APPROVED', verb: 'approved', isCommissionerDecision: false },
  PRIME_REJECTED: { kind: 'CLAIM_REJECTED', verb: 'rejected', isCommissionerDecision: false },
  QUERIED: { kind: 'CLAIM_QUERIED', verb: 'queried', isCommissionerDecision: true },
  APPROVED: { kind: 'CLAIM_APPROVED', verb: 'approved', isCommissionerDecision: true },
  REJECTED: { kind: 'CLAIM_REJECTED', verb: 'rejected', isCommissionerDecision: true },
};

export interface ClaimForNotice {
  id: string;
  primeContractId: string;
  subcontractId: string | null;
  participantReference: string;
  milestoneName: string;
  amountPence: string;
}

const toNotification = (row: NotificationRow) => ({
  ...row,
  createdAt: row.createdAt.toISOString(),
  readAt: row.readAt?.toISOString() ?? null,
  isRead: row.readAt !== null,
});

@Injectable()
export class NotificationsService {
  private readonly logger = new Logger('Notifications');

  constructor(
    private readonly notifications: NotificationsRepository,
    private readonly delivery: EmailDeliveryService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(PG_POOL) private readonly pool: Pool,
  ) {}

  // ───────── raising (inside the caller's transaction) ─────────

  /**
   * A claim was queried, approved or rejected. The delivering organisation's
   * finance people — who submit its claims and answer queries — hear of every
   * decision; the prime's finance people also hear of the commissioner's. The
   * caseworker who drafted it follows it in the portal (docs/operations.md "Notifications").
   */
  async claimMoved(
    client: PoolClient,
    actor: Principal,
    claim: ClaimForNotice,
    to: ClaimStatus,
    reason: string | null,
  ): Promise<void> {
    const step = CLAIM_KIND[to];
    if (!step) return;
    const parties = await this.notifications.partiesOf(
      client,
      claim.primeContractId,
      claim.subcontractId,
    );
    if (!parties) return;
    const deliverer = parties.subcontractorId ?? parties.primeId;
    const who = await this.notifications.organisationName(client, actor.organisationId);
    const about = `${claim.milestoneName} for participant ${claim.participantReference} (${formatPence(BigInt(claim.amountPence))})`;
    await this.raise(client, {
      kind: step.kind,
      organisationIds: step.isCommissionerDecision ? [deliverer, parties.primeId] : [deliverer],
      roles: ['FINANCE'],
      userIds: [],
      actorUserId: actor.userId,
      title: `Claim ${step.verb}: ${about}`,
      body: `${who} ${step.verb} the claim${reason ? `: “${reason}”` : '.'}`,
      linkPath: `/claims/${claim.id}`,
      entityType: 'claim',
      entityId: claim.id,
    });
  }

  /** A referral was allocated to a subcontract: the subcontractor's caseworkers and admins. */
  async referralAllocated(
    client: PoolClient,
    actor: Principal,
    referral: {
      id: string;
      primeContractId: string;
      subcontractId: string | null;
      participantReference: string;
    },
  ): Promise<void> {
    const parties = await this.notifications.partiesOf(
      client,
      referral.primeContractId,
      referral.subcontractId,
    );
    if (!parties?.subcontractorId) return;
    const who = await this.notifications.organisationName(client, actor.organisationId);
    await this.raise(client, {
      kind: 'REFERRAL_ALLOCATED',
      organisationIds: [parties.subcontractorId],
      roles: CASEWORK_ROLES,
      userIds: [],
      actorUserId: actor.userId,
      title: `New referral: participant ${referral.participantReference}`,
      body: `${who} allocated participant ${referral.participantReference} to your organisation.`,
      linkPath: `/referrals/${referral.id}`,
      entityType: 'referral',
      entityId: referral.id,
    });
  }

  /** A prime recorded a payment to a subcontractor as paid: the subcontractor's finance people. */
  async subcontractorPaid(
    client: PoolClient,
    actor: Principal,
    payment: {
      id: string;
      subcontractorId: string;
      amountPence: string;
      paidReference: string;
      paidOn: string;
      isLate: boolean;
    },
  ): Promise<void> {
    const who = await this.notifications.organisationName(client, actor.organisationId);
    await this.raise(client, {
      kind: 'PAYMENT_MADE',
      organisationIds: [payment.subcontractorId],
      roles: MONEY_ROLES,
      userIds: [],
      actorUserId: actor.userId,
      title: `Payment made: ${formatPence(BigInt(payment.amountPence))} from ${who}`,
      body: `${who} paid ${formatPence(BigInt(payment.amountPence))} on ${payment.paidOn} (reference ${payment.paidReference})${payment.isLate ? ', later than your subcontract allows' : ''}.`,
      linkPath: '/payments',
      entityType: 'subcontractor_payment',
      entityId: payment.id,
    });
  }

  /** A commissioner recorded a remittance as paid: the prime's finance people and admins. */
  async remittancePaid(
    client: PoolClient,
    actor: Principal,
    remittance: {
      id: string;
      primeId: string;
      netPence: bigint;
      paidReference: string;
      paidOn: string;
      primeContractReference: string;
    },
  ): Promise<void> {
    const who = await this.notifications.organisationName(client, actor.organisationId);
    await this.raise(client, {
      kind: 'PAYMENT_MADE',
      organisationIds: [remittance.primeId],
      roles: MONEY_ROLES,
      userIds: [],
      actorUserId: actor.userId,
      title: `Remittance paid: ${formatPence(remittance.netPence)} from ${who}`,
      body: `${who} paid ${formatPence(remittance.netPence)} for prime contract ${remittance.primeContractReference} on ${remittance.paidOn} (reference ${remittance.paidReference}).`,
      linkPath: '/remittances',
      entityType: 'remittance',
      entityId: remittance.id,
    });
  }

  /**
   * A due-diligence document is about to expire (the nightly document-expiry scan, once per document): the
   * administrators of the subcontractor it belongs to, who renew it, and of the prime that holds it, who re-checks it.
   */
  async documentExpiring(
    client: PoolClient,
    document: {
      id: string;
      primeId: string;
      primeName: string;
      subcontractorId: string;
      subcontractorName: string;
      kind: string;
      title: string;
      expiresOn: string;
    },
  ): Promise<void> {
    const what = `${wordFor('dueDiligenceKind', document.kind)}: ${document.title}`;
    const when = formatDayInWords(document.expiresOn);
    await this.raise(client, {
      kind: 'DOCUMENT_EXPIRING',
      organisationIds: [document.subcontractorId, document.primeId],
      roles: ['ADMIN'],
      userIds: [],
      actorUserId: null,
      title: `Document expiring on ${when}: ${document.title} (${document.subcontractorName})`,
      body: `${what}, held by ${document.primeName} for ${document.subcontractorName}, expires on ${when}. Renew it and send ${document.primeName} the new one to record.`,
      linkPath: '/supply-chain',
      entityType: 'due_diligence_record',
      entityId: document.id,
    });
  }

  /**
   * The nightly scan raised a new alert: the prime's and the commissioner's
   * overseers; a late-payment alert on a subcontract also tells the
   * subcontractor's finance people that its payments are late.
   */
  async alertRaised(
    client: PoolClient,
    alert: { kind: string; primeContractId: string; subcontractId: string | null; detail: string },
  ): Promise<void> {
    const parties = await this.notifications.partiesOf(
      client,
      alert.primeContractId,
      alert.subcontractId,
    );
    if (!parties) return;
    await this.raise(client, {
      kind: 'ALERT_RAISED',
      organisationIds: [parties.primeId, parties.commissionerId],
      roles: [...OVERSIGHT_ROLES, 'FINANCE'],
      userIds: [],
      actorUserId: null,
      title: `Alert: ${alert.detail}`,
      body: alert.detail,
      linkPath: '/alerts',
      entityType: 'prime_contract',
      entityId: alert.primeContractId,
    });
    if (alert.kind === 'LATE_PAYMENT' && parties.subcontractorId) {
      await this.raise(client, {
        kind: 'PAYMENT_LATE',
        organisationIds: [parties.subcontractorId],
        roles: MONEY_ROLES,
        userIds: [],
        actorUserId: null,
        title: 'Payments to your organisation are running late',
        body: alert.detail,
        linkPath: '/payments',
        entityType: 'subcontract',
        entityId: alert.subcontractId,
      });
    }
  }

  private async raise(client: PoolClient, input: Omit<RaiseInput, 'emailBody'>): Promise<void> {
    const link = input.linkPath
      ? `${this.config.webOrigin.replace(/\/$/, '')}${input.linkPath}`
      : null;
    const emailBody = [
      input.body,
      ...(link ? ['', `Open it in Waymark: ${link}`] : []),
      '',
      `You get this email because of your notification settings. Change them: ${this.config.webOrigin.replace(/\/$/, '')}/account`,
    ].join('\n');
    const notified = await this.notifications.raise(client, { ...input, emailBody });
    this.logger.debug(
      { kind: input.kind, entityId: input.entityId, notified },
      'notification raised',
    );
    if (notified > 0) this.delivery.requestDelivery();
  }

  // ───────── the reader's own inbox and preferences ─────────

  async inbox(principal: Principal, query: InboxQuery) {
    const userId = requirePerson(principal);
    return withPartyScope(this.pool, principal, async (client) => {
      const { rows, total, unread } = await this.notifications.inbox(client, userId, {
        isUnreadOnly: query.unreadOnly,
        offset: (query.page - 1) * query.pageSize,
        limit: query.pageSize,
      });
      return {
        notifications: rows.map(toNotification),
        total,
        unread,
        page: query.page,
        pageSize: query.pageSize,
      };
    });
  }

  async unreadCount(principal: Principal): Promise<number> {
    const userId = requirePerson(principal);
    return withPartyScope(this.pool, principal, (client) =>
      this.notifications.count(client, userId, true),
    );
  }

  async markRead(principal: Principal, id: string): Promise<void> {
    const userId = requirePerson(principal);
    await withPartyScope(this.pool, principal, async (client) => {
      if (!(await this.notifications.markRead(client, userId, id, this.clock.now())))
        throw new AppError(CommonError.NOT_FOUND, 'No notification with that id in your inbox.');
    });
  }

  async markAllRead(principal: Principal): Promise<number> {
    const userId = requirePerson(principal);
    return withPartyScope(this.pool, principal, (client) =>
      this.notifications.markAllRead(client, userId, this.clock.now()),
    );
  }

  async preferences(principal: Principal) {
    const userId = requirePerson(principal);
    const stored = await withPartyScope(this.pool, principal, (client) =>
      this.notifications.preferences(client, userId),
    );
    return NOTIFICATION_KINDS.map((kind) => {
      const own = stored.find((p) => p.kind === kind);
      return {
        kind,
        ...NOTIFICATION_KIND_WORDS[kind],
        isInApp: own?.isInApp ?? true,
        isByEmail: own?.isByEmail ?? true,
      };
    });
  }

  async setPreferences(principal: Principal, body: SetPreferencesBody) {
    const userId = requirePerson(principal);
    await withPartyScope(this.pool, principal, async (client) => {
      for (const preference of body.preferences)
        await this.notifications.setPreference(client, userId, preference, this.clock.now());
    });
    return this.preferences(principal);
  }

  // ───────── the platform admin's outbox ─────────

  async outbox(query: OutboxQuery) {
    const { rows, total } = await withTransaction(this.pool, (client) =>
      this.notifications.outbox(client, {
        ...(query.state ? { state: query.state } : {}),
        offset: (query.page - 1) * query.pageSize,
        limit: query.pageSize,
      }),
    );
    return {
      emails: rows.map((row) => ({
        ...row,
        kindLabel: NOTIFICATION_KIND_WORDS[row.kind].label,
        createdAt: row.createdAt.toISOString(),
        sentAt: row.sentAt?.toISOString() ?? null,
      })),
      total,
      page: query.page,
      pageSize: query.pageSize,
      isSmtpConfigured: this.config.mail.smtpUrl !== undefined,
    };
  }
}

function requirePerson(principal: Principal): string {
  if (!principal.userId)
    throw new AppError(
      CommonError.FORBIDDEN,
      'Notifications belong to people; an API key has no inbox.',
    );
  return principal.userId;
}
