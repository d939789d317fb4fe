// Referral use cases: intake, accept / reject, needs assessment, allocation,
// hand-back, attachment and exit. Every transition goes through the domain
// state machine and writes a referral_transition row and an audit event in
// the same transaction as the change.
import { randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  checkRecordingDate,
  allocateReferral,
  assignGroupUnder,
  totalBarrierScore,
  isDomainError,
  type AllocationPolicy,
  type Barrier,
  ReferralError,
  type ReferralStatus,
  transitionReferral,
  type TransitionResult,
} from '@waymark/domain';
import { DatabaseError, type Pool, type PoolClient } from 'pg';
import { type z } from 'zod';
import { AuditService } from '../common/audit/audit.service';
import { auditActor, type Principal, recordingUserId } from '../common/auth/principal';
import { APP_CONFIG } from '../common/config/config.module';
import { type AppConfig } from '../common/config/env';
import { PG_POOL } from '../common/db/database.module';
import { withPartyScope } from '../common/db/party-scope';
import { AppError } from '../common/errors/app-error';
import { CommonError } from '../common/errors/error-codes';
import {
  decryptNiNumber,
  encryptNiNumber,
  hmacNiNumber,
  maskNiNumber,
  normaliseNiNumber,
} from '../common/pii/ni-number';
import { canReadNiNumber, canReadSpecialCategory } from '../participants/participant-privacy';
import { type NeedsAssessmentRow, ParticipantsService } from '../participants/participants.service';
import { checkEligibility } from './eligibility';
import { CLOCK, type Clock } from '../common/clock/clock';
import { ProgrammeRulesService } from '../programmes/programme-rules.service';
import { relationTo, requireVersion } from './referral-access';
import {
  type AllocateReferralBody,
  type CreateReferralBody,
  type NeedsAssessmentHistory,
  type ReallocateReferralBody,
  type ReferralView,
} from './referrals.dto';
import { NotificationsService } from '../notifications/notifications.service';
import { ReferralsError } from './referrals.errors';
import {
  type OpenContractRow,
  type ReferralRow,
  ReferralsRepository,
  type ReferralState,
} from './referrals.repository';

type View = z.infer<typeof ReferralView>;

/** Whole years from `dateOfBirth` to `onDay`. */
function ageOn(dateOfBirth: string, onDay: string): number {
  const years = Number(onDay.slice(0, 4)) - Number(dateOfBirth.slice(0, 4));
  return onDay.slice(5) < dateOfBirth.slice(5) ? years - 1 : years;
}
const SPECIALISM_SEVERITY = 2; // a barrier at MEDIUM or above asks for a matching specialism

/** Pseudonymous participant reference: "P-" and 10 base-32 characters (50 random bits). */
function newParticipantReference(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  return `P-${[...randomBytes(10)].map((byte) => alphabet[byte % 32]).join('')}`;
}

function stateOf(row: ReferralRow): ReferralState {
  return {
    status: row.status,
    subcontractId: row.subcontractId,
    allocationRule: row.allocationRule,
    allocationReason: row.allocationReason,
    acceptedAt: row.acceptedAt,
    allocatedAt: row.allocatedAt,
    attachedOn: row.attachedOn,
    exitedOn: row.exitedOn,
    exitReason: row.exitReason,
  };
}

export interface VisibleReferral {
  row: ReferralRow;
  relation: NonNullable<ReturnType<typeof relationTo>>;
}

@Injectable()
export class ReferralsService {
  constructor(
    private readonly referrals: ReferralsRepository,
    private readonly participants: ParticipantsService,
    private readonly audit: AuditService,
    private readonly programmeRules: ProgrammeRulesService,
    private readonly notifications: NotificationsService,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  // ───────── reads ─────────

  /** The referral if it is in the caller's slice, else 404 (never 403: its existence is not revealed). */
  async findVisibleOrThrow(
    client: PoolClient,
    principal: Principal,
    id: string,
    options: { forUpdate?: boolean } = {},
  ): Promise<VisibleReferral> {
    const row = await this.referrals.findVisible(client, id, principal.organisationId, options);
    const relation = row ? relationTo(row, principal) : null;
    if (!row || !relation)
      throw new AppError(CommonError.NOT_FOUND, `No referral ${id} in your organisation's slice.`);
    return { row, relation };
  }

  async get(principal: Principal, id: string): Promise<View> {
    return withPartyScope(this.pool, principal, async (client) => {
      const { row, relation } = await this.findVisibleOrThrow(client, principal, id);
      return this.toView(client, principal, row, relation, { revealSensitive: true });
    });
  }

  async needsAssessments(
    principal: Principal,
    id: string,
  ): Promise<z.infer<typeof NeedsAssessmentHistory>> {
    return withPartyScope(this.pool, principal, async (client) => {
      const { row } = await this.findVisibleOrThrow(client, principal, id);
      return historyOf(await this.participants.listNeedsAssessments(client, row.participantId));
    });
  }

  // ───────── intake ─────────

  /** The live prime contracts the calling referral partner may refer into, named by prime, area and programme. */
  async openContracts(principal: Principal): Promise<OpenContractRow[]> {
    return this.referrals.listOpenContracts(principal.organisationId, this.clock.today());
  }

  async create(
    principal: Principal,
    input: z.infer<typeof CreateReferralBody>,
  ): Promise<{ referral: View; isReplay: boolean }> {
    const userId = recordingUserId(principal);
    const partnerId = this.partnerFor(principal, input.referralPartnerId);
    const contract = await this.referrals.findReferrableContract(input.primeContractId, partnerId);
    if (
      !contract ||
      (principal.organisationKind === 'COMMISSIONER' &&
        contract.commissionerId !== principal.organisationId)
    ) {
      throw new AppError(
        CommonError.NOT_FOUND,
        `No open prime contract ${input.primeContractId} to refer to.`,
        [
          {
            field: 'body.primeContractId',
            message: 'is not an open prime contract you can refer to',
          },
        ],
      );
    }
    if (!contract.isOpenToPartner) {
      throw new AppError(
        ReferralsError.CONTRACT_NOT_OPEN_TO_PARTNER,
        `${contract.name} takes referrals only from the offices the commissioner has listed for its area; choose one of the contracts open to you (GET /referrals/open-contracts).`,
        [
          {
            field: 'body.primeContractId',
            message: `${contract.name} does not take referrals from your office`,
          },
        ],
      );
    }
    try {
      return await withPartyScope(this.pool, principal, async (client) => {
        if (
          partnerId !== principal.organisationId &&
          !(await this.referrals.isReferralPartner(client, partnerId))
        ) {
          throw new AppError(
            CommonError.VALIDATION_FAILED,
            'body.referralPartnerId: is not a referral partner',
            [{ field: 'body.referralPartnerId', message: 'is not a referral partner' }],
          );
        }
        if (input.externalReference) {
          const existingId = await this.referrals.findIdByExternalReference(
            client,
            partnerId,
            input.externalReference,
          );
          if (existingId) {
            const { row, relation } = await this.findVisibleOrThrow(client, principal, existingId);
            return {
              referral: await this.toView(client, principal, row, relation, {
                revealSensitive: false,
              }),
              isReplay: true,
            };
          }
        }
        const niNumber = normaliseNiNumber(input.participant.niNumber);
        const niNumberHmac = hmacNiNumber(niNumber, this.config.piiHmacKey);
        const existing = await this.participants.findByNiHmac(contract.programmeId, niNumberHmac);
        if (existing?.liveReferralId) {
          throw new AppError(
            ReferralsError.DUPLICATE_LIVE_REFERRAL,
            `Participant ${existing.participantReference} already has a live referral ${existing.liveReferralId} (${existing.liveReferralStatus}) in this programme.`,
            [
              {
                field: 'body.participant.niNumber',
                message: `matches participant ${existing.participantReference}, live referral ${existing.liveReferralId}`,
              },
            ],
          );
        }
        if (existing && existing.primeContractId !== contract.id) {
          throw new AppError(
            ReferralsError.PARTICIPANT_IN_OTHER_CONTRACT,
            `Participant ${existing.participantReference} was referred under another prime contract of this programme; refer them there.`,
            [
              {
                field: 'body.primeContractId',
                message: `participant ${existing.participantReference} belongs to another prime contract`,
              },
            ],
          );
        }
        const participantId = existing?.participantId ?? randomUUID();
        const scope = { programmeId: contract.programmeId, primeContractId: contract.id };
        if (!existing) {
          await this.participants.create(client, {
            id: participantId,
            ...scope,
            reference: newParticipantReference(),
            niNumberHmac,
            niNumberCiphertext: encryptNiNumber(niNumber, this.config.piiEncryptionKey),
            benefitType: input.participant.benefitType,
            dateOfBirth: input.participant.dateOfBirth,
          });
        }
        const referralId = randomUUID();
        await this.referrals.insert(client, {
          id: referralId,
          ...scope,
          referralPartnerId: partnerId,
          participantId,
          externalReference: input.externalReference ?? null,
          receivedAt: this.clock.now(),
        });
        await this.referrals.insertTransition(client, {
          ...scope,
          referralId,
          from: null,
          to: 'RECEIVED',
          byUserId: userId,
          reason: null,
        });
        // After the referral: the upsert must see the participant, which the caller's slice reaches through the referral.
        const special = input.participant.specialCategory;
        if (special && Object.keys(special).length > 0) {
          await this.participants.recordSpecialCategory(client, {
            participantId,
            ...scope,
            data: special,
            recordedByUserId: userId,
          });
        }
        await this.audit.record(client, {
          ...auditActor(principal),
          action: 'referral.create',
          entityType: 'referral',
          entityId: referralId,
          programmeId: contract.programmeId,
          data: {
            primeContractId: contract.id,
            referralPartnerId: partnerId,
            participantId,
            hasSpecialCategory: Boolean(special),
          },
        });
        const { row, relation } = await this.findVisibleOrThrow(client, principal, referralId);
        return {
          referral: await this.toView(client, principal, row, relation, { revealSensitive: false }),
          isReplay: false,
        };
      });
    } catch (error) {
      // Two referrals for the same person (or the same external reference) racing: the loser is told, nothing is written.
      if (error instanceof DatabaseError && error.code === '23505') {
        throw new AppError(
          ReferralsError.DUPLICATE_LIVE_REFERRAL,
          `A referral for this participant or external reference was made at the same moment (${error.constraint ?? 'unique'}); read it and retry.`,
        );
      }
      throw error;
    }
  }

  private partnerFor(principal: Principal, requested: string | undefined): string {
    if (principal.organisationKind === 'COMMISSIONER') {
      if (!requested)
        throw new AppError(
          CommonError.VALIDATION_FAILED,
          'body.referralPartnerId: is required when a commissioner refers',
          [{ field: 'body.referralPartnerId', message: 'is required when a commissioner refers' }],
        );
      return requested;
    }
    if (requested && requested !== principal.organisationId) {
      throw new AppError(
        CommonError.VALIDATION_FAILED,
        'body.referralPartnerId: a referral partner refers as itself',
        [
          {
            field: 'body.referralPartnerId',
            message: 'must be omitted (you refer as your own organisation)',
          },
        ],
      );
    }
    return principal.organisationId;
  }

  // ───────── transitions ─────────

  async accept(principal: Principal, id: string, ifMatch: string | undefined): Promise<View> {
    return this.transitionWith(principal, id, ifMatch, async (_client, row) => {
      const decision = this.check(principal, row, 'ACCEPTED');
      const failure = checkEligibility({
        rules: row.eligibility,
        dateOfBirth: row.dateOfBirth,
        benefitType: row.benefitType,
        today: this.clock.today(),
      });
      if (failure) {
        throw new AppError(
          ReferralsError.REFERRAL_INELIGIBLE,
          `Not eligible: ${failure.rule} — ${failure.message}.`,
          [{ field: `eligibility.${failure.rule}`, message: failure.message }],
        );
      }
      return [
        { decision, next: { ...stateOf(row), status: 'ACCEPTED', acceptedAt: this.clock.now() } },
      ];
    });
  }

  async reject(
    principal: Principal,
    id: string,
    ifMatch: string | undefined,
    reason: string,
  ): Promise<View> {
    return this.transitionWith(principal, id, ifMatch, (_client, row) => {
      const decision = this.check(principal, row, 'REJECTED', reason);
      return Promise.resolve([
        { decision, next: { ...stateOf(row), status: 'REJECTED' as const } },
      ]);
    });
  }

  async allocate(
    principal: Principal,
    id: string,
    ifMatch: string | undefined,
    input: z.infer<typeof AllocateReferralBody>,
  ): Promise<View> {
    return this.transitionWith(principal, id, ifMatch, async (client, row) => {
      const decision = this.check(principal, row, 'ALLOCATED', input.reason);
      // A referral handed back is not offered to the same subcontract again automatically.
      const exclude = row.status === 'ACCEPTED' && row.subcontractId ? row.subcontractId : null;
      const choice = await this.chooseSubcontract(client, row, {
        subcontractId: input.subcontractId,
        reason: input.reason,
        exclude,
      });
      return [
        {
          decision,
          next: { ...stateOf(row), status: 'ALLOCATED', ...choice, allocatedAt: this.clock.now() },
        },
      ];
    });
  }

  /** The prime takes a referral back from a subcontract and allocates it again, in one step. */
  async reallocate(
    principal: Principal,
    id: string,
    ifMatch: string | undefined,
    input: z.infer<typeof ReallocateReferralBody>,
  ): Promise<View> {
    return this.transitionWith(principal, id, ifMatch, async (client, row) => {
      const takeBack = this.check(principal, row, 'ACCEPTED', input.reason);
      const accepted: ReferralState = { ...stateOf(row), status: 'ACCEPTED' };
      const allocate = this.check(
        principal,
        { ...row, status: 'ACCEPTED' },
        'ALLOCATED',
        input.reason,
      );
      const choice = await this.chooseSubcontract(client, row, {
        subcontractId: input.subcontractId,
        reason: input.reason,
        exclude: row.subcontractId,
      });
      return [
        { decision: takeBack, next: accepted },
        {
          decision: allocate,
          next: { ...accepted, status: 'ALLOCATED', ...choice, allocatedAt: this.clock.now() },
        },
      ];
    });
  }

  async handBack(
    principal: Principal,
    id: string,
    ifMatch: string | undefined,
    reason: string,
  ): Promise<View> {
    return this.transitionWith(principal, id, ifMatch, (_client, row) => {
      const decision = this.check(principal, row, 'ACCEPTED', reason);
      // subcontract_id keeps the last holder (so it can be excluded from automatic reallocation); status ACCEPTED takes it off their
      // caseload.
      return Promise.resolve([
        { decision, next: { ...stateOf(row), status: 'ACCEPTED' as const } },
      ]);
    });
  }

  async attach(
    principal: Principal,
    id: string,
    ifMatch: string | undefined,
    attachedOn: string | undefined,
  ): Promise<View> {
    return this.transitionWith(principal, id, ifMatch, async (client, row) => {
      const decision = this.check(principal, row, 'ATTACHED');
      const on = attachedOn ?? this.clock.today();
      const recorded = await this.checkRecordingDate(client, row, on, 'body.attachedOn');
      // A late attachment says so on the transition (the timeline shows it) and in the audit record.
      const reason = recorded.isLate
        ? `recorded late: attached on ${on}, recorded on ${this.clock.today()} (${recorded.daysLate} days later)`
        : decision.reason;
      return [
        {
          decision: { ...decision, ...(reason ? { reason } : {}) },
          next: { ...stateOf(row), status: 'ATTACHED' as const, attachedOn: on },
        },
      ];
    });
  }

  /**
   * The date a journey fact (attachment, activity, milestone) happened, against the referral and the API's clock:
   * refused before the referral was received, in the future, or older than the programme's late-recording window
   * (422 naming `field`); otherwise how late it is being recorded (domain checkRecordingDate).
   */
  async checkRecordingDate(
    client: PoolClient,
    row: Pick<ReferralRow, 'programmeId' | 'receivedAt'> & { lateRecordingDays?: number },
    occurredOn: string,
    field: string,
  ): Promise<{ daysLate: number; isLate: boolean }> {
    const check = checkRecordingDate({
      occurredOn,
      referralReceivedOn: row.receivedAt.toISOString().slice(0, 10),
      today: this.clock.today(),
      // A caller that read the programme's window with the referral (activities) saves the query.
      lateRecordingDays:
        row.lateRecordingDays ?? (await this.referrals.lateRecordingDays(client, row.programmeId)),
    });
    if (!check.isAccepted)
      throw new AppError(
        ReferralsError.RECORDING_DATE_REFUSED,
        `${field}: ${occurredOn} ${check.message}.`,
        [{ field, message: check.message }],
        undefined,
        { refusal: check.refusal },
      );
    return { daysLate: check.daysLate, isLate: check.isLate };
  }

  async exit(
    principal: Principal,
    id: string,
    ifMatch: string | undefined,
    input: { reason: string; exitedOn?: string },
  ): Promise<View> {
    return this.transitionWith(principal, id, ifMatch, (_client, row) => {
      const decision = this.check(principal, row, 'EXITED', input.reason);
      const exitedOn = input.exitedOn ?? this.clock.today();
      if (row.attachedOn && exitedOn < row.attachedOn) {
        throw new AppError(
          CommonError.VALIDATION_FAILED,
          `body.exitedOn: must be on or after attachment (${row.attachedOn})`,
          [{ field: 'body.exitedOn', message: `must be on or after ${row.attachedOn}` }],
        );
      }
      return Promise.resolve([
        {
          decision,
          next: {
            ...stateOf(row),
            status: 'EXITED' as const,
            exitedOn,
            exitReason: decision.reason ?? input.reason,
          },
        },
      ]);
    });
  }

  /**
   * Locks the referral, checks If-Match, lets `plan` decide (domain checks,
   * allocation) and writes each step: referral row, transition row, audit
   * event — all or nothing.
   */
  private async transitionWith(
    principal: Principal,
    id: string,
    ifMatch: string | undefined,
    plan: (
      client: PoolClient,
      row: ReferralRow,
    ) => Promise<{ decision: TransitionResult<ReferralStatus>; next: ReferralState }[]>,
  ): Promise<View> {
    return withPartyScope(this.pool, principal, async (client) => {
      const { row } = await this.findVisibleOrThrow(client, principal, id, { forUpdate: true });
      requireVersion(ifMatch, row.version);
      const steps = await plan(client, row);
      let version = row.version;
      for (const { decision, next } of steps) {
        if (!(await this.referrals.update(client, row.id, version, next)))
          throw new AppError(
            ReferralsError.REFERRAL_VERSION_STALE,
            'The referral changed while it was being updated: read it again and retry.',
          );
        version += 1;
        await this.referrals.insertTransition(client, {
          programmeId: row.programmeId,
          primeContractId: row.primeContractId,
          referralId: row.id,
          from: decision.from,
          to: decision.to,
          byUserId: decision.byUserId,
          reason: decision.reason ?? null,
        });
        await this.audit.record(client, {
          ...auditActor(principal),
          action: `referral.${decision.to.toLowerCase()}`,
          entityType: 'referral',
          entityId: row.id,
          programmeId: row.programmeId,
          data: {
            from: decision.from,
            to: decision.to,
            reason: decision.reason ?? null,
            ...(next.status === 'ALLOCATED'
              ? {
                  subcontractId: next.subcontractId,
                  allocationRule: next.allocationRule,
                  allocationReason: next.allocationReason,
                }
              : {}),
          },
        });
        if (decision.to === 'ALLOCATED')
          await this.notifications.referralAllocated(client, principal, {
            id: row.id,
            primeContractId: row.primeContractId,
            subcontractId: next.subcontractId,
            participantReference: row.participantReference,
          });
      }
      const updated = await this.findVisibleOrThrow(client, principal, id);
      return this.toView(client, principal, updated.row, updated.relation, {
        revealSensitive: false,
      });
    });
  }

  /** The domain state machine, tried with each of the caller's roles; 409 lists what this caller may do from here. */
  private check(
    principal: Principal,
    row: Pick<
      ReferralRow,
      'status' | 'primeId' | 'subcontractorId' | 'commissionerId' | 'referralPartnerId'
    >,
    to: ReferralStatus,
    reason?: string,
  ): TransitionResult<ReferralStatus> {
    const userId = requireUser(principal);
    const party = relationTo(row, principal);
    const allowed = new Set<string>();
    for (const role of principal.roles) {
      if (!party) break;
      try {
        return transitionReferral({ from: row.status, to, actor: { party, role, userId }, reason });
      } catch (error) {
        if (!isDomainError(error)) throw error;
        if (error.code === ReferralError.REASON_REQUIRED) {
          throw new AppError(
            CommonError.VALIDATION_FAILED,
            `body.reason: is required to move a referral to ${to}`,
            [{ field: 'body.reason', message: 'is required' }],
          );
        }
        for (const target of (error.details.allowed as string[] | undefined) ?? [])
          allowed.add(target);
      }
    }
    const list = [...allowed];
    throw new AppError(
      ReferralsError.REFERRAL_TRANSITION_NOT_ALLOWED,
      `Cannot move this referral from ${row.status} to ${to}. Allowed for you from ${row.status}: ${list.length ? list.join(', ') : 'none'}.`,
      [
        {
          field: 'status',
          message: `allowed transitions: ${list.length ? list.join(', ') : 'none'}`,
        },
      ],
    );
  }

  /**
   * Moves a subcontract's caseload (allocated and attached referrals) to other
   * live subcontracts of the same contract, inside the caller's transaction:
   * each to the subcontract chosen for it, else to `toSubcontractId`, else by
   * the allocation rules. The referral keeps its status, journey and claims;
   * claims already made keep the subcontract that earned them, so they stay
   * payable to it. Each move is a transition row and an audit event.
   */
  async transferCaseload(
    client: PoolClient,
    principal: Principal,
    input: {
      fromSubcontractId: string;
      fromName: string;
      toSubcontractId?: string;
      assignments?: ReadonlyMap<string, string>;
      reason: string;
    },
  ): Promise<{ referralId: string; participantReference: string; toSubcontractId: string }[]> {
    const userId = requireUser(principal);
    const caseload = await this.referrals.listCaseloadForUpdate(client, input.fromSubcontractId);
    const unknown = [...(input.assignments?.keys() ?? [])].filter(
      (id) => !caseload.some((row) => row.id === id),
    );
    if (unknown.length > 0) {
      throw new AppError(
        CommonError.VALIDATION_FAILED,
        `Not on this subcontract's caseload: ${unknown.join(', ')}`,
        [
          {
            field: 'body.transfers',
            message: `names referrals not on this caseload: ${unknown.join(', ')}`,
          },
        ],
      );
    }
    const moved: { referralId: string; participantReference: string; toSubcontractId: string }[] =
      [];
    for (const row of caseload) {
      const chosen = input.assignments?.get(row.id) ?? input.toSubcontractId;
      const reason = `Transferred from ${input.fromName}: ${input.reason}`;
      const choice = await this.chooseSubcontract(
        client,
        row,
        chosen
          ? { subcontractId: chosen, reason, exclude: input.fromSubcontractId }
          : { exclude: input.fromSubcontractId },
      );
      if (!choice.subcontractId || choice.subcontractId === input.fromSubcontractId)
        throw new AppError(
          CommonError.VALIDATION_FAILED,
          'A caseload cannot be transferred to the subcontract it leaves.',
          [{ field: 'body.toSubcontractId', message: 'is the subcontract being left' }],
        );
      const next = {
        ...stateOf(row),
        subcontractId: choice.subcontractId,
        allocationRule: choice.allocationRule,
        allocationReason: chosen ? reason : `${reason} (${choice.allocationReason ?? ''})`,
      };
      await this.referrals.update(client, row.id, row.version, next);
      const scope = {
        programmeId: row.programmeId,
        primeContractId: row.primeContractId,
        referralId: row.id,
      };
      await this.referrals.insertTransition(client, {
        ...scope,
        from: row.status,
        to: row.status,
        byUserId: userId,
        reason,
      });
      await this.audit.record(client, {
        ...auditActor(principal),
        action: 'referral.transfer',
        entityType: 'referral',
        entityId: row.id,
        programmeId: row.programmeId,
        data: {
          fromSubcontractId: input.fromSubcontractId,
          toSubcontractId: choice.subcontractId,
          rule: choice.allocationRule,
          reason: input.reason,
        },
      });
      moved.push({
        referralId: row.id,
        participantReference: row.participantReference,
        toSubcontractId: choice.subcontractId,
      });
    }
    return moved;
  }

  private async chooseSubcontract(
    client: PoolClient,
    row: ReferralRow,
    options: { subcontractId?: string; reason?: string; exclude: string | null },
  ): Promise<Pick<ReferralState, 'subcontractId' | 'allocationRule' | 'allocationReason'>> {
    const figures = await this.referrals.listSubcontractFigures(client, row.primeContractId, {
      lock: true,
    });
    if (options.subcontractId) {
      if (!options.reason)
        throw new AppError(
          CommonError.VALIDATION_FAILED,
          'body.reason: is required when allocating by hand',
          [{ field: 'body.reason', message: 'is required when allocating by hand' }],
        );
      const target = figures.find((f) => f.id === options.subcontractId);
      if (!target)
        throw new AppError(
          CommonError.NOT_FOUND,
          `No live subcontract ${options.subcontractId} in this supply chain.`,
          [
            {
              field: 'body.subcontractId',
              message: 'is not a live subcontract of this prime contract',
            },
          ],
        );
      if (target.capacity !== null && target.caseload >= target.capacity) {
        throw new AppError(
          ReferralsError.SUBCONTRACT_AT_CAPACITY,
          `${target.subcontractorName} has ${target.caseload} of ${target.capacity} places taken.`,
          [
            {
              field: 'body.subcontractId',
              message: `at capacity (${target.caseload}/${target.capacity})`,
            },
          ],
        );
      }
      return {
        subcontractId: target.id,
        allocationRule: 'MANUAL',
        allocationReason: options.reason,
      };
    }
    const assessments = await this.participants.listNeedsAssessments(client, row.participantId);
    const latest = assessments[assessments.length - 1];
    if (!latest)
      throw new AppError(
        ReferralsError.NEEDS_ASSESSMENT_REQUIRED,
        'Automatic allocation needs the payment group: record a needs assessment first, or allocate by hand.',
      );
    const policy: AllocationPolicy =
      (await this.referrals.findAllocationPolicy(client, row.primeContractId)) ?? 'BID_SHARE';
    const area = row.contractAreaId ?? '';
    const result = allocateReferral({
      referral: {
        paymentGroup: latest.paymentGroupCode,
        area,
        specialismsNeeded: latest.barriers
          .filter((b) => b.severity >= SPECIALISM_SEVERITY)
          .map((b) => b.type),
      },
      policy,
      candidates: figures
        .filter((f) => f.id !== options.exclude)
        .map((f) => ({
          id: f.id,
          areas: [area], // a subcontract delivers across its prime contract's area
          groupsServed: f.groupsServed.length > 0 ? f.groupsServed : [latest.paymentGroupCode], // none listed: serves every group
          specialisms: f.specialisms,
          capacity: f.capacity ?? Number.MAX_SAFE_INTEGER,
          currentCaseload: f.caseload,
          bidShareBasisPoints: f.bidShareBp,
          referralsReceived: f.received,
        })),
    });
    if (result.kind === 'NO_ELIGIBLE_SUBCONTRACTOR') {
      throw new AppError(
        ReferralsError.NO_ELIGIBLE_SUBCONTRACTOR,
        `No subcontract can take it (${result.rule}): ${result.reason}.`,
        result.considered.map((c) => ({
          field: `subcontracts.${c.id}`,
          message: `${c.whyNot ?? 'excluded'}: ${c.detail ?? 'handed back'}`,
        })),
      );
    }
    return {
      subcontractId: result.subcontractId,
      allocationRule: result.rule,
      allocationReason: result.reason,
    };
  }

  // ───────── needs assessment ─────────

  async recordNeedsAssessment(
    principal: Principal,
    id: string,
    barriers: readonly Barrier[],
  ): Promise<z.infer<typeof NeedsAssessmentHistory>> {
    const userId = requireUser(principal);
    return withPartyScope(this.pool, principal, async (client) => {
      const { row, relation } = await this.findVisibleOrThrow(client, principal, id, {
        forUpdate: true,
      });
      if (relation !== 'PRIME' && relation !== 'SUBCONTRACTOR')
        throw new AppError(
          CommonError.FORBIDDEN,
          'Only the prime or the delivering subcontractor assesses needs.',
        );
      if (relation === 'SUBCONTRACTOR' && row.status !== 'ALLOCATED' && row.status !== 'ATTACHED')
        throw new AppError(
          CommonError.FORBIDDEN,
          'Only the subcontractor delivering to this participant assesses needs.',
        );
      if (row.status === 'REJECTED' || row.status === 'EXITED')
        throw new AppError(
          ReferralsError.REFERRAL_CLOSED,
          `The referral is ${row.status}: no further assessments.`,
        );
      if (!row.paymentModelId)
        throw new AppError(
          CommonError.FORBIDDEN,
          'Only the prime or the delivering subcontractor assesses needs.',
        );
      const rules = await this.programmeRules.rulesFor(client, row.paymentModelId);
      const assessedOn = this.clock.today();
      const ageYears = row.dateOfBirth
        ? ageOn(row.dateOfBirth, row.receivedAt.toISOString().slice(0, 10))
        : undefined;
      const assignment = assignGroupUnder(rules, {
        assessedOn,
        barriers,
        benefitType: row.benefitType ?? '',
        ...(ageYears !== undefined ? { ageYears } : {}),
      });
      const group = await this.participants.findPaymentGroup(
        client,
        row.programmeId,
        assignment.paymentGroup,
      );
      if (!group)
        throw new AppError(
          ReferralsError.PAYMENT_GROUP_NOT_CONFIGURED,
          `The rules chose payment group ${assignment.paymentGroup}, which this programme has not set up.`,
        );
      await this.participants.recordNeedsAssessment(client, {
        programmeId: row.programmeId,
        primeContractId: row.primeContractId,
        participantId: row.participantId,
        barriers,
        paymentGroupId: group.id,
        ruleId: assignment.ruleId,
        explanation: assignment.explanation,
        assessedByUserId: userId,
        assessedAt: this.clock.now(),
      });
      await this.audit.record(client, {
        ...auditActor(principal),
        action: 'participant.needs-assess',
        entityType: 'participant',
        entityId: row.participantId,
        programmeId: row.programmeId,
        data: {
          referralId: row.id,
          paymentGroup: assignment.paymentGroup,
          ruleId: assignment.ruleId,
          ruleSetVersion: assignment.ruleSetVersion,
        },
      });
      return historyOf(await this.participants.listNeedsAssessments(client, row.participantId));
    });
  }

  // ───────── presentation ─────────

  /**
   * The referral as this caller may see it. With `revealSensitive`, the
   * delivering caseworker gets the NI number in clear and special category
   * data, auditors the special category data; each read is audited. Without
   * it (responses to writes), nothing sensitive is included.
   */
  async toView(
    client: PoolClient,
    principal: Principal,
    row: ReferralRow,
    relation: VisibleReferral['relation'],
    options: { revealSensitive: boolean },
  ): Promise<View> {
    const viewer = { relation, status: row.status, roles: principal.roles };
    const niNumber = safeDecrypt(row.niNumberCiphertext, this.config.piiEncryptionKey);
    const showNi = options.revealSensitive && canReadNiNumber(viewer) && niNumber !== null;
    const canSeeSpecialCategory = canReadSpecialCategory(viewer);
    let specialCategory = null;
    if (options.revealSensitive && canSeeSpecialCategory) {
      specialCategory =
        (await this.participants.findSpecialCategory(client, row.participantId)) ?? null;
      if (specialCategory) {
        await this.audit.record(client, {
          ...auditActor(principal),
          action: 'participant.read-special-category',
          entityType: 'participant',
          entityId: row.participantId,
          programmeId: row.programmeId,
          data: { referralId: row.id, fields: Object.keys(specialCategory) },
        });
      }
    }
    if (showNi) {
      await this.audit.record(client, {
        ...auditActor(principal),
        action: 'participant.read-ni-number',
        entityType: 'participant',
        entityId: row.participantId,
        programmeId: row.programmeId,
        data: { referralId: row.id },
      });
    }
    return {
      id: row.id,
      version: row.version,
      status: row.status,
      programmeId: row.programmeId,
      primeContractId: row.primeContractId,
      referralPartnerId: row.referralPartnerId,
      externalReference: row.externalReference,
      subcontractId: row.subcontractId,
      allocationRule: row.allocationRule,
      allocationReason: row.allocationReason,
      paymentGroup: row.paymentGroupCode,
      paymentGroupName: row.paymentGroupName,
      receivedAt: row.receivedAt.toISOString(),
      acceptedAt: row.acceptedAt?.toISOString() ?? null,
      allocatedAt: row.allocatedAt?.toISOString() ?? null,
      attachedOn: row.attachedOn,
      exitedOn: row.exitedOn,
      exitReason: row.exitReason,
      participant: {
        id: row.participantId,
        reference: row.participantReference,
        dateOfBirth: row.dateOfBirth,
        benefitType: row.benefitType,
        niNumber: showNi ? niNumber : niNumber ? maskNiNumber(niNumber) : '•• •• •• •• •',
        isNiNumberMasked: !showNi,
        specialCategory,
        canSeeSpecialCategory,
      },
    };
  }
}

function safeDecrypt(sealed: Buffer, key: Buffer): string | null {
  try {
    return decryptNiNumber(sealed, key);
  } catch {
    return null; // generated or foreign data that this key did not seal: show it fully masked
  }
}

function requireUser(principal: Principal): string {
  if (!principal.userId)
    throw new AppError(
      CommonError.FORBIDDEN,
      'This action must be taken by a signed-in person, not an API key.',
    );
  return principal.userId;
}

function historyOf(rows: NeedsAssessmentRow[]): z.infer<typeof NeedsAssessmentHistory> {
  const assessments = rows.map((row) => ({
    id: row.id,
    barriers: row.barriers,
    totalScore: totalBarrierScore(row.barriers),
    paymentGroup: row.paymentGroupCode,
    ruleId: row.ruleId,
    explanation: row.explanation,
    assessedByUserId: row.assessedByUserId,
    assessedAt: row.assessedAt.toISOString(),
  }));
  const first = assessments[0];
  const latest = assessments[assessments.length - 1];
  return {
    assessments,
    distanceTravelled:
      first && latest
        ? {
            firstScore: first.totalScore,
            latestScore: latest.totalScore,
            change: latest.totalScore - first.totalScore,
          }
        : null,
  };
}
