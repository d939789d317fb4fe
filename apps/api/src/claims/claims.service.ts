// Claims: drafting a milestone claim the domain says is claimable, priced from
// the tariff in force on the milestone date; the maker-checker workflow
// (CLAIM_TRANSITIONS) with a transition row and an audit event per step; bulk
// actions and batch submission to the commissioner, all-or-nothing.
import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  allowedTransitions,
  assessJourney,
  isPaidOn,
  milestoneNameOf,
  priceUnder,
  versionFor,
  CLAIM_TRANSITIONS,
  ClaimError as DomainClaimError,
  EVIDENCE_OWED_AFTER_WITHDRAWAL,
  formatDayInWords,
  whyOverrideCannotBeWithdrawn,
  isDomainError,
  transitionClaim,
  type ClaimStatus,
  type MilestoneAssessment,
  type MilestoneCode,
  type PartyRelation,
  type TransitionResult,
} from '@waymark/domain';
import { type Pool, type PoolClient } from 'pg';
import { ClaimQueriesService } from '../claim-queries/claim-queries.service';
import { AuditService } from '../common/audit/audit.service';
import { auditActor, type Principal } from '../common/auth/principal';
import { CLOCK, type Clock } from '../common/clock/clock';
import { APP_CONFIG } from '../common/config/config.module';
import { type AppConfig } from '../common/config/env';
import { PG_POOL } from '../common/db/database.module';
import { withPartyScope } from '../common/db/party-scope';
import { AppError, type FieldError } from '../common/errors/app-error';
import { CommonError } from '../common/errors/error-codes';
import { encodeCursor } from '../common/paging/cursor';
import { decodeCreatedAtCursor, listOffset, takePage } from '../common/paging/list-paging';
import { JourneyFactsService } from '../journeys/journey-facts.service';
import { NotificationsService } from '../notifications/notifications.service';
import { ProgrammeRulesService } from '../programmes/programme-rules.service';
import { ClaimError } from './claims.errors';
import {
  type ClaimListFilters,
  type ClaimSort,
  type ClaimRow,
  ClaimsRepository,
  type ReferralContext,
} from './claims.repository';

/** Reached only through their own use case, never the generic transition endpoint. */
const MANAGED_ELSEWHERE: Partial<Record<ClaimStatus, string>> = {
  PAID: 'a claim is marked PAID by the commissioner’s remittance run',
  CLAWED_BACK: 'a claim is clawed back when a sample is closed (POST /claim-samples/{id}/close)',
};
const QUERY_STATUSES: readonly ClaimStatus[] = ['PRIME_QUERIED', 'QUERIED'];
/** Steps that approve a claim for payment: refused while its latest earnings data match is FLAGGED. */
const APPROVALS: readonly ClaimStatus[] = ['PRIME_APPROVED', 'APPROVED'];

/** An instant's day in words ("6 December 2026"), for problem details. */
const ukDate = (at: Date): string => formatDayInWords(at.toISOString().slice(0, 10));

export type TransitionChannel = 'endpoint' | 'submission' | 'sampling';

export function toClaimSummary(claim: ClaimRow) {
  return {
    id: claim.id,
    programmeId: claim.programmeId,
    primeContractId: claim.primeContractId,
    referralId: claim.referralId,
    participantReference: claim.participantReference,
    subcontractId: claim.subcontractId,
    milestoneCode: claim.milestoneCode,
    milestoneName: claim.milestoneName,
    occurrence: claim.occurrence,
    milestoneOn: claim.milestoneOn,
    tariffId: claim.tariffId,
    pricedUnder: claim.pricedUnder,
    amountPence: claim.amountPence,
    clawedBackPence: claim.clawedBackPence,
    status: claim.status,
    submissionId: claim.submissionId,
    createdByUserId: claim.createdByUserId,
    createdAt: claim.createdAt.toISOString(),
    submittedAt: claim.submittedAt?.toISOString() ?? null,
    decidedAt: claim.decidedAt?.toISOString() ?? null,
    version: claim.version,
    dataMatch:
      claim.dataMatchOutcome && claim.dataMatchUploadId && claim.dataMatchCheckedAt
        ? {
            outcome: claim.dataMatchOutcome,
            uploadId: claim.dataMatchUploadId,
            checkedAt: claim.dataMatchCheckedAt.toISOString(),
            reason: claim.dataMatchReason ?? '',
          }
        : null,
  };
}

/** The parties the caller acts as on this claim: a prime delivering a participant itself is also the delivering provider. */
function relationsOf(claim: Pick<ClaimRow, 'relation' | 'subcontractId'>): PartyRelation[] {
  return claim.relation === 'PRIME' && claim.subcontractId === null
    ? ['PRIME', 'SUBCONTRACTOR']
    : [claim.relation];
}

function targetsFor(
  principal: Principal,
  relations: PartyRelation[],
  from: ClaimStatus,
): ClaimStatus[] {
  const targets = relations.flatMap((party) =>
    principal.roles.flatMap((role) =>
      allowedTransitions({ table: CLAIM_TRANSITIONS, from, actor: { party, role } }).map(
        (rule) => rule.to,
      ),
    ),
  );
  return [...new Set(targets)];
}

function isBatchOnly(from: ClaimStatus, to: ClaimStatus): boolean {
  return from === 'PRIME_APPROVED' && to === 'SUBMITTED_TO_COMMISSIONER';
}

@Injectable()
export class ClaimsService {
  constructor(
    private readonly claims: ClaimsRepository,
    private readonly queries: ClaimQueriesService,
    private readonly audit: AuditService,
    private readonly programmeRules: ProgrammeRulesService,
    private readonly journeyFacts: JourneyFactsService,
    private readonly notifications: NotificationsService,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  // ───────── reading ─────────

  async get(principal: Principal, claimId: string) {
    return withPartyScope(this.pool, principal, async (client) =>
      this.detail(client, principal, await this.findVisibleClaim(client, principal, claimId)),
    );
  }

  /** For the other claim areas: the claim if the caller can see it, else 404. */
  async findVisibleClaim(
    client: PoolClient,
    principal: Principal,
    claimId: string,
    options: { forUpdate?: boolean } = {},
  ): Promise<ClaimRow> {
    const claim = await this.claims.findVisible(client, principal.organisationId, claimId, options);
    if (!claim)
      throw new AppError(
        CommonError.NOT_FOUND,
        'No claim with that id is visible to your organisation.',
      );
    return claim;
  }

  private async detail(client: PoolClient, principal: Principal, claim: ClaimRow) {
    const transitions = await this.claims.transitionsOf(client, claim.id);
    const allowed = targetsFor(principal, relationsOf(claim), claim.status).filter(
      (to) => !MANAGED_ELSEWHERE[to] && !isBatchOnly(claim.status, to),
    );
    const evidence = await this.evidenceStatus(client, claim);
    return {
      ...toClaimSummary(claim),
      evidence: {
        ...evidence,
        override: evidence.override && {
          byUserId: evidence.override.byUserId,
          byName: evidence.override.byName,
          at: evidence.override.at.toISOString(),
          reason: evidence.override.reason,
        },
        withdrawnOverrides: evidence.withdrawn.map((o) => ({
          byUserId: o.byUserId,
          byName: o.byName,
          at: o.at.toISOString(),
          reason: o.reason,
          withdrawnAt: o.withdrawnAt.toISOString(),
          withdrawnByUserId: o.withdrawnByUserId,
          withdrawnByName: o.withdrawnByName,
          withdrawalReason: o.withdrawalReason,
        })),
      },
      transitions: transitions.map(({ byName, byOrganisationName, ...t }) => ({
        ...t,
        by: byName ? { displayName: byName, organisationName: byOrganisationName ?? '' } : null,
        at: t.at.toISOString(),
      })),
      allowedTransitions: allowed,
    };
  }

  async list(
    principal: Principal,
    query: {
      inbox?: 'true' | 'false';
      status?: ClaimStatus;
      primeContractId?: string;
      subcontractId?: string;
      milestoneCode?: MilestoneCode;
      milestoneFrom?: string;
      milestoneTo?: string;
      cursor?: string;
      page?: number;
      sort?: ClaimSort;
      limit: number;
    },
  ) {
    const offset = listOffset(query, { cursorFollowsSort: false });
    const after = decodeCreatedAtCursor(query.cursor);
    const filters: ClaimListFilters = {
      ...(query.status ? { status: query.status } : {}),
      ...(query.primeContractId ? { primeContractId: query.primeContractId } : {}),
      ...(query.subcontractId ? { subcontractId: query.subcontractId } : {}),
      ...(query.milestoneCode ? { milestoneCode: query.milestoneCode } : {}),
      ...(query.milestoneFrom ? { milestoneFrom: query.milestoneFrom } : {}),
      ...(query.milestoneTo ? { milestoneTo: query.milestoneTo } : {}),
      ...(query.inbox === 'true' ? { inbox: this.inboxStatuses(principal) } : {}),
      ...(after ? { after } : {}),
      offset,
      ...(query.sort ? { sort: query.sort } : {}),
      limit: query.limit + 1,
    };
    // The whole-filter figures stop at the cap, so they stay cheap however many claims the caller sees.
    const cap = this.config.listCountCap;
    const { rows, totals } = await withPartyScope(this.pool, principal, async (client) => ({
      rows: await this.claims.list(client, principal.organisationId, filters),
      totals: await this.claims.summarise(client, principal.organisationId, filters, cap),
    }));
    const isTotalCapped = totals.total > cap;
    const { page, nextCursor } = takePage(
      rows,
      query.limit,
      query.sort ? null : (last) => encodeCursor([last.createdAtKey, last.id]),
    );
    return {
      claims: page.map(toClaimSummary),
      nextCursor,
      total: Math.min(totals.total, cap),
      isTotalCapped,
      totalPence: isTotalCapped ? null : totals.totalPence,
    };
  }

  /** What needs the caller's action: statuses its party and roles can move a claim out of (caseworkers: drafts). */
  inboxStatuses(principal: Principal): {
    statuses: ClaimStatus[];
    deliveringStatuses: ClaimStatus[];
  } {
    const fromStatuses = (party: PartyRelation) => {
      const froms = CLAIM_TRANSITIONS.filter(
        (rule) =>
          !MANAGED_ELSEWHERE[rule.to] &&
          rule.allowed.some(
            (who) =>
              who.party === party && principal.roles.some((role) => who.roles.includes(role)),
          ),
      ).map((rule) => rule.from);
      if (party === 'SUBCONTRACTOR' && principal.roles.includes('CASEWORKER')) froms.push('DRAFT');
      return [...new Set(froms)];
    };
    switch (principal.organisationKind) {
      case 'COMMISSIONER':
        return { statuses: fromStatuses('COMMISSIONER'), deliveringStatuses: [] };
      case 'PRIME':
        return {
          statuses: fromStatuses('PRIME'),
          deliveringStatuses: fromStatuses('SUBCONTRACTOR'),
        };
      case 'SUBCONTRACTOR':
        return { statuses: fromStatuses('SUBCONTRACTOR'), deliveringStatuses: [] };
      case 'REFERRAL_PARTNER':
      case 'PLATFORM':
        return { statuses: [], deliveringStatuses: [] };
    }
  }

  // ───────── claimability and drafting ─────────

  async claimable(principal: Principal, referralId: string) {
    return withPartyScope(this.pool, principal, async (client) => {
      const referral = await this.visibleReferral(client, principal, referralId);
      const assessed = await this.assess(client, referral);
      const claimed = await assessed.claimedSoFar();
      const milestones = [];
      for (const a of assessed.assessments) {
        const price =
          a.status === 'CLAIMABLE' && a.milestoneDate && assessed.isPaid(a.code, a.milestoneDate)
            ? await assessed.tryPrice(claimed, a.code, a.occurrence, a.milestoneDate)
            : undefined;
        milestones.push({
          code: a.code,
          name: assessed.milestoneName(a.code),
          occurrence: a.occurrence,
          status: a.status,
          reason: a.reason,
          milestoneDate: a.milestoneDate ?? null,
          dueDate: a.dueDate ?? null,
          claimDeadline: a.claimDeadline ?? null,
          missingPrerequisites: a.missingPrerequisites ?? [],
          amountPence: price && 'amountPence' in price ? String(price.amountPence) : null,
          isPaid: a.milestoneDate ? assessed.isPaid(a.code, a.milestoneDate) : null,
        });
      }
      return { referralId, paymentGroup: assessed.paymentGroup, milestones };
    });
  }

  async draft(
    principal: Principal,
    input: { referralId: string; milestoneCode: MilestoneCode; occurrence?: number },
  ) {
    return withPartyScope(this.pool, principal, async (client) => {
      const referral = await this.visibleReferral(client, principal, input.referralId);
      const isDeliverer =
        (principal.organisationKind === 'SUBCONTRACTOR' &&
          referral.subcontractorId === principal.organisationId) ||
        (principal.organisationKind === 'PRIME' &&
          referral.primeId === principal.organisationId &&
          referral.subcontractId === null);
      if (!isDeliverer) {
        throw new AppError(
          ClaimError.NOT_DELIVERED_BY_YOU,
          'This participant is delivered by a subcontractor: the subcontractor drafts its claims.',
        );
      }
      const assessed = await this.assess(client, referral);
      const type = assessed.milestoneCodes.has(input.milestoneCode)
        ? await this.claims.milestoneTypeId(client, referral.programmeId, input.milestoneCode)
        : undefined;
      if (!type) {
        throw new AppError(
          ClaimError.MILESTONE_NOT_IN_PROGRAMME,
          `The participant's payment model has no ${input.milestoneCode} milestone.`,
          [
            {
              field: 'body.milestoneCode',
              message: `allowed: ${[...assessed.milestoneCodes].join(', ')}`,
            },
          ],
        );
      }
      if (input.occurrence !== undefined)
        await this.refuseLiveDuplicate(client, {
          referralId: referral.id,
          milestoneTypeId: type,
          occurrence: input.occurrence,
          code: input.milestoneCode,
        });
      const forCode = assessed.assessments.filter((a) => a.code === input.milestoneCode);
      const candidate =
        input.occurrence === undefined
          ? (forCode.find((a) => a.status === 'CLAIMABLE') ?? forCode[0])
          : forCode.find((a) => a.occurrence === input.occurrence);
      if (candidate?.status === 'ALREADY_CLAIMED') {
        await this.refuseLiveDuplicate(client, {
          referralId: referral.id,
          milestoneTypeId: type,
          occurrence: candidate.occurrence,
          code: input.milestoneCode,
        });
      }
      if (!candidate || candidate.status !== 'CLAIMABLE' || !candidate.milestoneDate)
        throw notClaimable(input, candidate, forCode);

      // Price against the cap under the contract's lock (held to commit), with the claimed totals read under
      // it: a draft priced concurrently under the same contract would not see this one's amount.
      // Taken only now, so the reads above run in parallel with other drafts.
      await this.claims.lockContractClaimTotal(client, referral.primeContractId);
      const price = await assessed.tryPrice(
        await assessed.claimedSoFar(),
        candidate.code,
        candidate.occurrence,
        candidate.milestoneDate,
      );
      if ('problem' in price) throw price.problem;
      const created = await this.claims.insertDraft(client, {
        programmeId: referral.programmeId,
        primeContractId: referral.primeContractId,
        referralId: referral.id,
        subcontractId: referral.subcontractId,
        milestoneTypeId: type,
        occurrence: candidate.occurrence,
        milestoneOn: candidate.milestoneDate,
        tariffId: price.tariffId,
        amountPence: price.amountPence,
        createdByUserId: principal.userId!,
      });
      if (created.kind === 'duplicate') {
        await this.refuseLiveDuplicate(client, {
          referralId: referral.id,
          milestoneTypeId: type,
          occurrence: candidate.occurrence,
          code: input.milestoneCode,
        });
        throw new Error('claim_one_live_per_occurrence fired but no live claim was found');
      }
      const claimRef = {
        id: created.id,
        programmeId: referral.programmeId,
        primeContractId: referral.primeContractId,
      };
      await this.claims.insertTransition(client, claimRef, {
        from: null,
        to: 'DRAFT',
        byUserId: principal.userId,
      });
      await this.audit.record(client, {
        ...auditActor(principal),
        action: 'claim.draft',
        entityType: 'claim',
        entityId: created.id,
        programmeId: referral.programmeId,
        data: {
          referralId: referral.id,
          milestoneCode: input.milestoneCode,
          occurrence: candidate.occurrence,
          milestoneOn: candidate.milestoneDate,
          amountPence: String(price.amountPence),
          pricing: price.explanation,
        },
      });
      return this.detail(
        client,
        principal,
        await this.findVisibleClaim(client, principal, created.id),
      );
    });
  }

  private async visibleReferral(
    client: PoolClient,
    principal: Principal,
    referralId: string,
  ): Promise<ReferralContext> {
    const referral = await this.claims.findReferralContext(client, referralId);
    const org = principal.organisationId;
    if (
      !referral ||
      (referral.primeId !== org &&
        referral.commissionerId !== org &&
        referral.subcontractorId !== org)
    ) {
      throw new AppError(
        CommonError.NOT_FOUND,
        'No referral with that id is visible to your organisation.',
      );
    }
    return referral;
  }

  private async refuseLiveDuplicate(
    client: PoolClient,
    key: { referralId: string; milestoneTypeId: string; occurrence: number; code: MilestoneCode },
  ): Promise<void> {
    const live = await this.claims.findLiveClaimId(client, key);
    if (!live) return;
    throw new AppError(
      ClaimError.ALREADY_LIVE,
      `${key.code} #${key.occurrence} of this referral is already claimed by claim ${live.id} (${live.status}). Withdraw or reject it before claiming again.`,
      [{ field: 'body.occurrence', message: `already claimed by claim ${live.id}` }],
    );
  }

  /** The referral's journey against its payment model's stored rules, with a pricer for what is claimable. */
  private async assess(client: PoolClient, referral: ReferralContext) {
    const paymentGroup = await this.claims.latestPaymentGroup(client, referral.participantId);
    if (!paymentGroup) {
      throw new AppError(
        ClaimError.NO_PAYMENT_GROUP,
        'The participant has no needs assessment yet, so no payment group to price a claim for. Record a needs assessment first.',
      );
    }
    const rules = await this.programmeRules.rulesFor(client, referral.paymentModelId);
    const journey = await this.journeyFacts.journeyOf(client, {
      referralId: referral.id,
      participantId: referral.participantId,
      referralDate: referral.referralDate,
      attachedOn: referral.attachedOn,
    });
    const day = this.clock.today();
    const assessments = assessJourney(rules, { journey, paymentGroup, today: day });
    const milestoneCodes = new Set(
      versionFor(rules, journey.referralDate).milestoneRules.map((r) => r.code),
    );
    /** What the contract's and the participant's caps already count; a draft reads it under the contract's cap lock. */
    const claimedSoFar = () =>
      this.claims.claimedPence(client, referral.primeContractId, referral.participantId);
    const tryPrice = async (
      claimed: { contractPence: bigint; participantPence: bigint },
      code: MilestoneCode,
      occurrence: number,
      milestoneDate: string,
    ): Promise<
      { amountPence: bigint; tariffId: string; explanation: string } | { problem: AppError }
    > => {
      try {
        const price = priceUnder(rules, {
          paymentGroup,
          code,
          occurrence,
          milestoneDate,
          contractStartDate: referral.contractStartsOn,
          alreadyPaidForParticipantPence: claimed.participantPence,
          alreadyPaidForContractPence: claimed.contractPence,
          contractValueCapPence: BigInt(referral.valueCapPence),
        });
        const version = versionFor(rules, milestoneDate).stored.version;
        const tariffId = await this.programmeRules.tariffId(client, {
          paymentModelId: referral.paymentModelId,
          version,
          paymentGroup,
          milestoneCode: code,
        });
        if (!tariffId)
          throw new Error(
            `priced under version ${price.tariffVersion} but no tariff row for ${paymentGroup} ${code}`,
          );
        return { amountPence: price.amountPence, tariffId, explanation: price.explanation };
      } catch (error) {
        if (!isDomainError(error)) throw error;
        return {
          problem: new AppError(
            ClaimError.NOT_PRICEABLE,
            `${milestoneNameOf(rules, code)} #${occurrence} cannot be priced: ${error.message}.`,
            [{ field: 'body.milestoneCode', message: error.message }],
          ),
        };
      }
    };
    const isPaid = (code: MilestoneCode, milestoneDate: string) =>
      isPaidOn(rules, { paymentGroup, code, milestoneDate });
    return {
      paymentGroup,
      assessments,
      milestoneCodes,
      tryPrice,
      isPaid,
      claimedSoFar,
      milestoneName: (code: string) => milestoneNameOf(rules, code),
    };
  }

  // ───────── evidence the milestone requires ─────────

  /**
   * The milestone's `evidenceRequired` (the payment model version in force on the referral date, read through the
   * rules service, never by milestone name) against the files attached and any recorded override.
   */
  private async evidenceStatus(client: PoolClient, claim: ClaimRow) {
    const referral = await this.claims.findReferralContext(client, claim.referralId);
    let required: string[] = [];
    if (referral) {
      const rules = await this.programmeRules.rulesFor(client, referral.paymentModelId);
      required = [
        ...(versionFor(rules, referral.referralDate).stored.definition.milestones.find(
          (m) => m.code === claim.milestoneCode,
        )?.evidenceRequired ?? []),
      ];
    }
    const { fileCount, overrides } = await this.claims.evidenceOf(client, claim.id);
    const override = overrides.find((o) => o.withdrawnAt === null) ?? null;
    const withdrawn = overrides.flatMap((o) =>
      o.withdrawnAt && o.withdrawnByUserId && o.withdrawalReason !== null
        ? [
            {
              ...o,
              withdrawnAt: o.withdrawnAt,
              withdrawnByUserId: o.withdrawnByUserId,
              withdrawalReason: o.withdrawalReason,
            },
          ]
        : [],
    );
    return {
      required,
      fileCount,
      override,
      withdrawn,
      isMissing: required.length > 0 && fileCount === 0 && override === null,
    };
  }

  /**
   * The prime's finance or admin lets a claim be submitted without the evidence its milestone requires: recorded
   * once (who, when, why), audited, and shown on the claim. Only while it is not yet submitted to the prime.
   */
  async overrideEvidence(principal: Principal, claimId: string, input: { reason: string }) {
    return withPartyScope(this.pool, principal, async (client) => {
      const claim = await this.findVisibleClaim(client, principal, claimId, { forUpdate: true });
      if (claim.relation !== 'PRIME')
        throw new AppError(
          CommonError.FORBIDDEN,
          'Only the prime holding the contract may let a claim go without its evidence.',
        );
      if (!principal.userId)
        throw new AppError(
          CommonError.FORBIDDEN,
          'An override is recorded against a person, not an API key.',
        );
      const evidence = await this.evidenceStatus(client, claim);
      const refuse = (why: string) => new AppError(ClaimError.EVIDENCE_OVERRIDE_NOT_NEEDED, why);
      if (evidence.required.length === 0)
        throw refuse(`${claim.milestoneName} requires no evidence.`);
      if (evidence.override)
        throw refuse(
          `An override was already recorded on ${ukDate(evidence.override.at)}: ${evidence.override.reason}`,
        );
      if (evidence.fileCount > 0) throw refuse('The claim already carries evidence.');
      if (claim.status !== 'DRAFT' && claim.status !== 'PRIME_QUERIED')
        throw refuse(
          `The claim is ${claim.status}; an override is recorded before it is submitted.`,
        );
      await this.claims.insertEvidenceOverride(client, claim, {
        reason: input.reason,
        byUserId: principal.userId,
        at: this.clock.now(),
      });
      await this.audit.record(client, {
        ...auditActor(principal),
        action: 'claim.evidence-override',
        entityType: 'claim',
        entityId: claim.id,
        programmeId: claim.programmeId,
        data: {
          reason: input.reason,
          evidenceRequired: evidence.required,
          milestoneCode: claim.milestoneCode,
        },
      });
      return this.detail(
        client,
        principal,
        await this.findVisibleClaim(client, principal, claimId),
      );
    });
  }

  /**
   * The prime's finance or admin withdraws an override recorded in error: the row stays on the claim's history with
   * who, when and why, and the audit trail says the same. From then on the evidence requirement is back: the claim
   * takes no further step towards payment (submission, the prime's approval, the batch to the commissioner, the
   * commissioner's approval) until a file is attached (applyTransition). Refused once the commissioner has approved
   * the claim (its only next step is payment, which cannot wait on evidence), once it is paid or clawed back (money
   * has moved: a clawback corrects it) and on a closed claim (nothing relies on the override).
   */
  async withdrawEvidenceOverride(principal: Principal, claimId: string, input: { reason: string }) {
    return withPartyScope(this.pool, principal, async (client) => {
      const claim = await this.findVisibleClaim(client, principal, claimId, { forUpdate: true });
      if (claim.relation !== 'PRIME')
        throw new AppError(
          CommonError.FORBIDDEN,
          'Only the prime holding the contract may withdraw an evidence override.',
        );
      if (!principal.userId)
        throw new AppError(
          CommonError.FORBIDDEN,
          'An override is withdrawn by a person, not an API key.',
        );
      const evidence = await this.evidenceStatus(client, claim);
      const refuse = (why: string) =>
        new AppError(ClaimError.EVIDENCE_OVERRIDE_NOT_WITHDRAWABLE, why);
      const override = evidence.override;
      if (!override)
        throw refuse(
          evidence.withdrawn.length > 0
            ? `The claim’s override was already withdrawn on ${ukDate(evidence.withdrawn.at(-1)!.withdrawnAt)}; none is in force.`
            : 'The claim has no evidence override to withdraw.',
        );
      const refusal = whyOverrideCannotBeWithdrawn(claim.status);
      if (refusal) throw refuse(refusal);
      await this.claims.withdrawEvidenceOverride(client, override.id, {
        reason: input.reason,
        byUserId: principal.userId,
        at: this.clock.now(),
      });
      await this.audit.record(client, {
        ...auditActor(principal),
        action: 'claim.evidence-override-withdrawn',
        entityType: 'claim',
        entityId: claim.id,
        programmeId: claim.programmeId,
        data: {
          reason: input.reason,
          claimStatus: claim.status,
          override: {
            id: override.id,
            reason: override.reason,
            byUserId: override.byUserId,
            at: override.at.toISOString(),
          },
          evidenceRequired: evidence.required,
          fileCount: evidence.fileCount,
        },
      });
      return this.detail(
        client,
        principal,
        await this.findVisibleClaim(client, principal, claimId),
      );
    });
  }

  // ───────── the workflow ─────────

  async transition(
    principal: Principal,
    claimId: string,
    expectedVersion: number,
    input: { to: ClaimStatus; reason?: string },
  ) {
    return withPartyScope(this.pool, principal, async (client) => {
      const claim = await this.findVisibleClaim(client, principal, claimId, { forUpdate: true });
      if (claim.version !== expectedVersion) {
        throw new AppError(
          ClaimError.VERSION_STALE,
          `The claim is at version ${claim.version}, not ${expectedVersion}: someone changed it since you read it. Reload and try again.`,
          [],
          { etag: `"${claim.version}"` },
        );
      }
      await this.applyTransition(client, principal, claim, input.to, input.reason, 'endpoint');
      return this.detail(
        client,
        principal,
        await this.findVisibleClaim(client, principal, claimId),
      );
    });
  }

  async bulkTransition(
    principal: Principal,
    input: { to: ClaimStatus; reason?: string; claims: { id: string; version: number }[] },
  ) {
    return withPartyScope(this.pool, principal, (client) =>
      this.forEachAllOrNothing(client, principal, input.claims, `moved to ${input.to}`, (claim) =>
        this.applyTransition(client, principal, claim, input.to, input.reason, 'endpoint'),
      ),
    );
  }

  /** A prime's batch of PRIME_APPROVED claims to the commissioner: one claim_submission, every claim or none. */
  async submitBatch(
    principal: Principal,
    input: {
      primeContractId: string;
      reference?: string;
      claims: { id: string; version: number }[];
    },
  ) {
    return withPartyScope(this.pool, principal, async (client) => {
      const contract = await this.claims.findPrimeContract(
        client,
        principal.organisationId,
        input.primeContractId,
      );
      if (!contract)
        throw new AppError(
          CommonError.NOT_FOUND,
          'No prime contract with that id is held by your organisation.',
        );
      const reference =
        input.reference ??
        `SUB-${this.clock.today().replace(/-/g, '')}-${randomBytes(3).toString('hex').toUpperCase()}`;
      const submission = await this.claims.insertSubmission(client, {
        programmeId: contract.programmeId,
        primeContractId: contract.id,
        reference,
        submittedByUserId: principal.userId!,
      });
      if (submission.kind === 'duplicate') {
        throw new AppError(
          ClaimError.SUBMISSION_REFERENCE_TAKEN,
          `Submission reference ${reference} is already used for this contract.`,
          [{ field: 'body.reference', message: 'is already used' }],
        );
      }
      let totalPence = 0n;
      const { results } = await this.forEachAllOrNothing(
        client,
        principal,
        input.claims,
        'submitted to the commissioner',
        async (claim) => {
          if (claim.primeContractId !== contract.id)
            throw new AppError(
              ClaimError.TRANSITION_NOT_ALLOWED,
              `belongs to prime contract ${claim.primeContractId}, not this one`,
            );
          totalPence += BigInt(claim.amountPence);
          return this.applyTransition(
            client,
            principal,
            claim,
            'SUBMITTED_TO_COMMISSIONER',
            undefined,
            'submission',
            { submissionId: submission.id },
          );
        },
      );
      await this.audit.record(client, {
        ...auditActor(principal),
        action: 'claim-submission.create',
        entityType: 'claim_submission',
        entityId: submission.id,
        programmeId: contract.programmeId,
        data: {
          reference,
          claimIds: input.claims.map((c) => c.id),
          totalPence: String(totalPence),
        },
      });
      return {
        submission: {
          id: submission.id,
          primeContractId: contract.id,
          reference,
          submittedAt: submission.submittedAt.toISOString(),
          claimCount: results.length,
          totalPence: String(totalPence),
        },
        results,
      };
    });
  }

  /** Runs `step` for every claim; any refusal (missing, stale, not allowed) fails the whole request, naming each claim. */
  private async forEachAllOrNothing(
    client: PoolClient,
    principal: Principal,
    items: { id: string; version: number }[],
    what: string,
    step: (claim: ClaimRow) => Promise<number>,
  ): Promise<{ results: { id: string; status: ClaimStatus; version: number }[] }> {
    const rows = await this.claims.findManyVisible(client, principal.organisationId, [
      ...new Set(items.map((item) => item.id)),
    ]);
    const byId = new Map(rows.map((row) => [row.id, row]));
    const failures: (FieldError & { index: number })[] = [];
    const results: { id: string; status: ClaimStatus; version: number; index: number }[] = [];
    // Steps run in prime-contract order: a step that makes a claim live or not updates its contract's row in
    // prime_contract_claim_total (a trigger), and two bulk actions locking those rows in different orders could
    // deadlock. The claims themselves were locked above in id order. Results and errors keep the request's order.
    const contractOf = (item: { id: string }) => byId.get(item.id)?.primeContractId ?? '';
    const inContractOrder = [...items.entries()].sort(
      ([a, x], [b, y]) => contractOf(x).localeCompare(contractOf(y)) || a - b,
    );
    for (const [index, item] of inContractOrder) {
      const claim = byId.get(item.id);
      const field = `body.claims.${index}`;
      if (!claim) {
        failures.push({
          index,
          field: `${field}.id`,
          message: 'no such claim is visible to your organisation',
        });
        continue;
      }
      if (claim.version !== item.version) {
        failures.push({
          index,
          field: `${field}.version`,
          message: `stale: the claim is at version ${claim.version}`,
        });
        continue;
      }
      try {
        const version = await step(claim);
        const moved = await this.claims.findVisible(client, principal.organisationId, claim.id);
        byId.set(claim.id, moved!);
        results.push({ index, id: claim.id, status: moved!.status, version });
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        failures.push({ index, field, message: `${error.code}: ${error.detail}` });
      }
    }
    const byIndex = (a: { index: number }, b: { index: number }) => a.index - b.index;
    if (failures.length > 0) {
      const errors = failures.sort(byIndex).map(({ field, message }) => ({ field, message }));
      throw new AppError(
        ClaimError.BULK_REJECTED,
        `${failures.length} of ${items.length} claims could not be ${what}; nothing was changed.`,
        errors,
      );
    }
    return {
      results: results.sort(byIndex).map(({ id, status, version }) => ({ id, status, version })),
    };
  }

  /**
   * One workflow step inside the caller's transaction: checks it with the domain
   * (party, role, reason, maker-checker) and the submitter rule, moves the claim,
   * records the transition row and the audit event; a query opens a thread.
   */
  async applyTransition(
    client: PoolClient,
    principal: Principal,
    claim: ClaimRow,
    to: ClaimStatus,
    reason: string | undefined,
    channel: TransitionChannel,
    options: { submissionId?: string } = {},
  ): Promise<number> {
    const elsewhere = MANAGED_ELSEWHERE[to];
    if (channel === 'endpoint' && (elsewhere || isBatchOnly(claim.status, to))) {
      throw new AppError(
        ClaimError.TRANSITION_NOT_ALLOWED,
        elsewhere
          ? `Not here: ${elsewhere}.`
          : 'Approved claims go to the commissioner in a batch: POST /claim-submissions.',
        [
          {
            field: 'body.to',
            message: `allowed here: ${this.endpointTargets(principal, claim).join(', ') || 'none'}`,
          },
        ],
      );
    }
    const step = this.checkTransition(principal, claim, to, reason);
    if (to === 'SUBMITTED' || EVIDENCE_OWED_AFTER_WITHDRAWAL.includes(to)) {
      const evidence = await this.evidenceStatus(client, claim);
      // Past submission the requirement comes back only with a withdrawn override: claims loaded before the
      // requirement was checked (seeded, generated) are not stopped mid-way.
      const isOwed = evidence.isMissing && (to === 'SUBMITTED' || evidence.withdrawn.length > 0);
      if (isOwed) {
        const withdrawn = evidence.withdrawn.at(-1);
        throw new AppError(
          ClaimError.EVIDENCE_MISSING,
          to === 'SUBMITTED'
            ? `${claim.milestoneName} requires evidence (${evidence.required.join('; ')}) and none is attached. Attach it (POST /claims/${claim.id}/evidence), or ask the prime’s finance or admin to record an override.`
            : `${claim.milestoneName} requires evidence (${evidence.required.join('; ')}) and none is attached: the override it was submitted on was withdrawn on ${withdrawn ? ukDate(withdrawn.withdrawnAt) : 'an earlier day'}. Attach the evidence (POST /claims/${claim.id}/evidence) before it goes any further.`,
          [{ field: 'evidence', message: `required: ${evidence.required.join('; ')}` }],
          undefined,
          { evidenceRequired: evidence.required },
        );
      }
    }
    if (APPROVALS.includes(to) && claim.dataMatchOutcome === 'FLAGGED') {
      throw new AppError(
        ClaimError.DATA_MATCH_FLAGGED,
        `The earnings data match of ${claim.dataMatchCheckedAt?.toISOString().slice(0, 10) ?? 'its latest upload'} flagged this claim (${claim.dataMatchReason ?? 'earnings below the threshold'}); it cannot be approved until a later data match verifies it, or it is rejected.`,
        [],
        undefined,
        { dataMatchUploadId: claim.dataMatchUploadId },
      );
    }
    const rule = CLAIM_TRANSITIONS.find((r) => r.from === claim.status && r.to === to);
    if (
      rule?.makerChecker &&
      (await this.claims.hasSubmitted(client, claim.id, principal.userId!))
    ) {
      throw new AppError(
        ClaimError.SUBMITTER_CANNOT_APPROVE,
        'You submitted this claim; a different person must approve it (maker-checker).',
      );
    }
    const version = await this.claims.updateStatus(client, claim, to, options);
    await this.claims.insertTransition(client, claim, {
      from: claim.status,
      to,
      byUserId: principal.userId,
      ...(step.reason ? { reason: step.reason } : {}),
    });
    if (QUERY_STATUSES.includes(to) && step.reason) {
      await this.queries.openThread(client, claim, {
        subject: step.reason,
        raisedByUserId: principal.userId!,
      });
    }
    await this.audit.record(client, {
      ...auditActor(principal),
      action: `claim.${to.toLowerCase().replace(/_/g, '-')}`,
      entityType: 'claim',
      entityId: claim.id,
      programmeId: claim.programmeId,
      data: {
        from: claim.status,
        to,
        reason: step.reason ?? null,
        version,
        ...(options.submissionId ? { submissionId: options.submissionId } : {}),
      },
    });
    await this.notifications.claimMoved(client, principal, claim, to, step.reason ?? null);
    return version;
  }

  private endpointTargets(principal: Principal, claim: ClaimRow): ClaimStatus[] {
    return targetsFor(principal, relationsOf(claim), claim.status).filter(
      (to) => !MANAGED_ELSEWHERE[to] && !isBatchOnly(claim.status, to),
    );
  }

  /** The domain's verdict for the caller acting in any of its parties and roles on this claim. */
  private checkTransition(
    principal: Principal,
    claim: ClaimRow,
    to: ClaimStatus,
    reason: string | undefined,
  ): TransitionResult<ClaimStatus> {
    if (!principal.userId)
      throw new AppError(CommonError.FORBIDDEN, 'Claims are moved by people, not API keys.');
    const refusals: string[] = [];
    for (const party of relationsOf(claim)) {
      for (const role of principal.roles) {
        try {
          return transitionClaim({
            from: claim.status,
            to,
            actor: { party, role, userId: principal.userId },
            claim: { createdByUserId: claim.createdByUserId },
            ...(reason !== undefined ? { reason } : {}),
          });
        } catch (error) {
          if (!isDomainError(error)) throw error;
          refusals.push(error.code);
        }
      }
    }
    if (refusals.includes(DomainClaimError.MAKER_CANNOT_APPROVE)) {
      throw new AppError(
        ClaimError.MAKER_CANNOT_APPROVE,
        'You created this claim; a different person must approve it (maker-checker).',
      );
    }
    if (refusals.includes(DomainClaimError.REASON_REQUIRED)) {
      throw new AppError(
        ClaimError.REASON_REQUIRED,
        `A reason is required to move a claim to ${to}.`,
        [{ field: 'body.reason', message: `is required to move a claim to ${to}` }],
      );
    }
    const allowed = this.endpointTargets(principal, claim);
    if (CLAIM_TRANSITIONS.some((rule) => rule.from === claim.status && rule.to === to)) {
      const who = CLAIM_TRANSITIONS.filter(
        (rule) => rule.from === claim.status && rule.to === to,
      ).flatMap((rule) => rule.allowed.map((a) => `${a.party} ${a.roles.join('/')}`));
      throw new AppError(
        ClaimError.ROLE_CANNOT_TRANSITION,
        `Moving a ${claim.status} claim to ${to} is for ${who.join(' or ')}; you act as ${relationsOf(claim).join('/')} ${principal.roles.join('/')}.`,
        [{ field: 'body.to', message: `allowed for you: ${allowed.join(', ') || 'none'}` }],
      );
    }
    throw new AppError(
      ClaimError.TRANSITION_NOT_ALLOWED,
      `A ${claim.status} claim cannot move to ${to}. You may move it to: ${allowed.join(', ') || 'nothing'}.`,
      [{ field: 'body.to', message: `allowed: ${allowed.join(', ') || 'none'}` }],
    );
  }
}

function notClaimable(
  input: { milestoneCode: MilestoneCode; occurrence?: number },
  candidate: MilestoneAssessment | undefined,
  forCode: MilestoneAssessment[],
): AppError {
  if (!candidate) {
    const next = forCode[forCode.length - 1];
    const detail = `${input.milestoneCode} #${input.occurrence ?? 1} is not claimable${next ? `: the next is #${next.occurrence} (${next.status}: ${next.reason})` : ''}.`;
    return new AppError(ClaimError.NOT_CLAIMABLE, detail, [
      { field: 'body.occurrence', message: detail },
    ]);
  }
  const due = candidate.dueDate ? ` (due ${candidate.dueDate})` : '';
  const detail = `${candidate.code} #${candidate.occurrence} is ${candidate.status}: ${candidate.reason}${due}.`;
  return new AppError(ClaimError.NOT_CLAIMABLE, detail, [
    {
      field: 'body.milestoneCode',
      message: `${candidate.status}${candidate.dueDate ? `; dueDate ${candidate.dueDate}` : ''}: ${candidate.reason}`,
    },
  ]);
}
