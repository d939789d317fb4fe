// Bid commitments: the commissioner records what a prime's bid promised each
// subcontractor, or confirms what the prime proposes; every change is a
// version. The shares of a contract never pass 100 % (checkBidCommitmentShares
// here, bid_commitment_shares_within_whole in the database).
import { Inject, Injectable } from '@nestjs/common';
import { checkBidCommitmentShares, divideHalfUp, isDomainError } from '@waymark/domain';
import { type Pool, type PoolClient } from 'pg';
import { type z } from 'zod';
import { AuditService } from '../common/audit/audit.service';
import { auditActor, type Principal } from '../common/auth/principal';
import { PG_POOL } from '../common/db/database.module';
import { withPartyScope } from '../common/db/party-scope';
import { AppError } from '../common/errors/app-error';
import { CommonError } from '../common/errors/error-codes';
import { type BidCommitments, type RecordBidCommitmentBody } from './bid-commitments.dto';
import { BidCommitmentsRepository } from './bid-commitments.repository';
import { SupplyChainError } from './supply-chain.errors';
import { type PrimeContractRow, SupplyChainRepository } from './supply-chain.repository';

type View = z.infer<typeof BidCommitments>;
type Shares = { plannedReferralShareBp: number; plannedSpendShareBp: number };

const shareOf = (part: bigint, whole: bigint): number =>
  whole === 0n ? 0 : Number(divideHalfUp(part * 10_000n, whole));

function requireUser(principal: Principal): string {
  if (!principal.userId)
    throw new AppError(
      CommonError.FORBIDDEN,
      'This action must be taken by a signed-in person, not an API key.',
    );
  return principal.userId;
}

@Injectable()
export class BidCommitmentsService {
  constructor(
    private readonly commitments: BidCommitmentsRepository,
    private readonly contracts: SupplyChainRepository,
    private readonly audit: AuditService,
    @Inject(PG_POOL) private readonly pool: Pool,
  ) {}

  async list(principal: Principal, primeContractId: string): Promise<View> {
    return withPartyScope(this.pool, principal, async (client) =>
      this.view(client, principal, await this.findContract(client, principal, primeContractId)),
    );
  }

  /** The commissioner records a commitment (in force at once); the prime proposes one for the commissioner to confirm. */
  async record(
    principal: Principal,
    primeContractId: string,
    input: z.infer<typeof RecordBidCommitmentBody>,
  ): Promise<View> {
    const userId = requireUser(principal);
    return withPartyScope(this.pool, principal, async (client) => {
      const contract = await this.findContract(client, principal, primeContractId);
      if (!(await this.contracts.isSubcontractorOrganisation(client, input.subcontractorId))) {
        throw new AppError(
          CommonError.VALIDATION_FAILED,
          'body.subcontractorId: is not a subcontractor organisation',
          [{ field: 'body.subcontractorId', message: 'is not a subcontractor organisation' }],
        );
      }
      const isPrime = contract.primeId === principal.organisationId;
      const version = {
        programmeId: contract.programmeId,
        primeContractId,
        ...input,
        reason: input.reason ?? null,
        userId,
        organisationId: principal.organisationId,
      };
      if (isPrime) {
        if (await this.commitments.hasProposal(client, primeContractId, input.subcontractorId)) {
          throw new AppError(
            SupplyChainError.BID_COMMITMENT_PENDING,
            'A proposal for this subcontractor already awaits the commissioner; wait for the decision.',
          );
        }
        const number = await this.commitments.insertVersion(client, {
          ...version,
          status: 'PROPOSED',
        });
        await this.recordAudit(client, principal, contract, 'bid-commitment.propose', {
          subcontractorId: input.subcontractorId,
          version: number,
          ...sharesOf(input),
        });
      } else {
        await this.commitments.lockContract(client, primeContractId);
        await this.checkShares(client, primeContractId, input.subcontractorId, input);
        const number = await this.commitments.insertVersion(client, {
          ...version,
          status: 'CONFIRMED',
        });
        await this.commitments.putInForce(client, {
          primeContractId,
          subcontractorId: input.subcontractorId,
          version: number,
          ...sharesOf(input),
          specialistProvision: input.specialistProvision,
        });
        await this.recordAudit(client, principal, contract, 'bid-commitment.record', {
          subcontractorId: input.subcontractorId,
          version: number,
          ...sharesOf(input),
        });
      }
      return this.view(client, principal, contract);
    });
  }

  async decide(
    principal: Principal,
    primeContractId: string,
    subcontractorId: string,
    version: number,
    decision: 'CONFIRMED' | 'REJECTED',
    reason: string | null,
  ): Promise<View> {
    const userId = requireUser(principal);
    return withPartyScope(this.pool, principal, async (client) => {
      const contract = await this.findContract(client, principal, primeContractId);
      await this.commitments.lockContract(client, primeContractId);
      const proposal = await this.commitments.findVersion(
        client,
        primeContractId,
        subcontractorId,
        version,
        { forUpdate: true },
      );
      if (!proposal)
        throw new AppError(
          CommonError.NOT_FOUND,
          `No version ${version} of a bid commitment for that subcontractor under this contract.`,
        );
      if (proposal.status !== 'PROPOSED')
        throw new AppError(
          SupplyChainError.BID_COMMITMENT_NOT_PENDING,
          `Version ${version} is ${proposal.status.toLowerCase()}, not awaiting a decision.`,
        );
      if (decision === 'CONFIRMED') {
        await this.checkShares(client, primeContractId, subcontractorId, proposal, {
          isBody: false,
        });
        await this.commitments.decideVersion(
          client,
          primeContractId,
          subcontractorId,
          version,
          'CONFIRMED',
          userId,
          null,
        );
        await this.commitments.putInForce(client, {
          primeContractId,
          subcontractorId,
          version,
          ...sharesOf(proposal),
          specialistProvision: proposal.specialistProvision,
        });
      } else {
        await this.commitments.decideVersion(
          client,
          primeContractId,
          subcontractorId,
          version,
          'REJECTED',
          userId,
          reason,
        );
      }
      await this.recordAudit(
        client,
        principal,
        contract,
        decision === 'CONFIRMED' ? 'bid-commitment.confirm' : 'bid-commitment.reject',
        { subcontractorId, version, ...(reason ? { reason } : {}) },
      );
      return this.view(client, principal, contract);
    });
  }

  /** The commissioner sets the minimum share of the contract's money for specialist provision. */
  async setSpecialistMinimum(
    principal: Principal,
    primeContractId: string,
    minimumBp: number,
  ): Promise<View> {
    const userId = requireUser(principal);
    return withPartyScope(this.pool, principal, async (client) => {
      const contract = await this.findContract(client, principal, primeContractId);
      const previous = await this.commitments.setSpecialistMinimum(client, {
        primeContractId,
        programmeId: contract.programmeId,
        minimumBp,
        userId,
      });
      await this.recordAudit(client, principal, contract, 'prime-contract.set-specialist-minimum', {
        from: previous,
        to: minimumBp,
      });
      return this.view(client, principal, contract);
    });
  }

  // ───────── helpers ─────────

  private async findContract(
    client: PoolClient,
    principal: Principal,
    primeContractId: string,
  ): Promise<PrimeContractRow> {
    const contract = await this.contracts.findPrimeContract(
      client,
      principal.organisationId,
      primeContractId,
    );
    if (!contract)
      throw new AppError(
        CommonError.NOT_FOUND,
        `No prime contract ${primeContractId} in your organisation's slice.`,
      );
    return contract;
  }

  /**
   * The contract's commitments with this subcontractor's replaced must stay within 100 % (the domain rule; the database checks it
   * again at COMMIT).
   */
  private async checkShares(
    client: PoolClient,
    primeContractId: string,
    subcontractorId: string,
    next: Shares,
    options: { isBody: boolean } = { isBody: true },
  ): Promise<void> {
    const current = await this.commitments.listCommitments(client, primeContractId);
    const commitments = [
      ...current.filter((c) => c.subcontractorId !== subcontractorId),
      { subcontractorId, ...sharesOf(next) },
    ];
    try {
      checkBidCommitmentShares({ commitments });
    } catch (error) {
      if (!isDomainError(error)) throw error;
      const others = current.filter((c) => c.subcontractorId !== subcontractorId);
      const referralRoom = 10_000 - others.reduce((sum, c) => sum + c.plannedReferralShareBp, 0);
      const spendRoom = 10_000 - others.reduce((sum, c) => sum + c.plannedSpendShareBp, 0);
      const fields = [
        ...(next.plannedReferralShareBp > referralRoom
          ? [
              {
                field: 'body.plannedReferralShareBp',
                message: `must be at most ${referralRoom} (the other commitments already promise ${10_000 - referralRoom})`,
              },
            ]
          : []),
        ...(next.plannedSpendShareBp > spendRoom
          ? [
              {
                field: 'body.plannedSpendShareBp',
                message: `must be at most ${spendRoom} (the other commitments already promise ${10_000 - spendRoom})`,
              },
            ]
          : []),
      ];
      throw new AppError(
        SupplyChainError.BID_SHARES_OVER_WHOLE,
        `${error.message}: a bid cannot promise more than the whole contract.`,
        options.isBody ? fields : [],
      );
    }
  }

  private async recordAudit(
    client: PoolClient,
    principal: Principal,
    contract: PrimeContractRow,
    action: string,
    data: Record<string, unknown>,
  ): Promise<void> {
    await this.audit.record(client, {
      ...auditActor(principal),
      action,
      entityType: 'prime_contract',
      entityId: contract.id,
      programmeId: contract.programmeId,
      data,
    });
  }

  private async view(
    client: PoolClient,
    principal: Principal,
    contract: PrimeContractRow,
  ): Promise<View> {
    const [rows, versions, delivery, specialist] = await Promise.all([
      this.commitments.listCommitments(client, contract.id),
      this.commitments.listVersions(client, contract.id),
      this.commitments.contractDelivery(client, contract.id),
      this.commitments.specialistShare(client, contract.id),
    ]);
    // A subcontractor sees its own commitment, not its peers'.
    const isOwn = (subcontractorId: string) =>
      principal.organisationKind !== 'SUBCONTRACTOR' ||
      subcontractorId === principal.organisationId;
    const sum = (
      pick: (c: (typeof rows)[number]) => number,
      filter: (c: (typeof rows)[number]) => boolean = () => true,
    ) => rows.filter(filter).reduce((total, c) => total + pick(c), 0);
    return {
      primeContract: {
        id: contract.id,
        reference: contract.reference,
        name: `${contract.primeName} — ${contract.programmeName} (${contract.reference})`,
      },
      totals: {
        plannedReferralShareBp: sum((c) => c.plannedReferralShareBp),
        plannedSpendShareBp: sum((c) => c.plannedSpendShareBp),
        specialistSpendShareBp: sum(
          (c) => c.plannedSpendShareBp,
          (c) => c.specialistProvision,
        ),
      },
      specialistShare: (() => {
        const plannedBp = sum(
          (c) => c.plannedSpendShareBp,
          (c) => c.specialistProvision,
        );
        const deliveredBp = shareOf(
          BigInt(specialist.specialistPassedDownPence),
          BigInt(delivery.passedDownPence),
        );
        const minimum = specialist.minimumBp;
        return {
          minimumBp: minimum,
          plannedBp,
          deliveredBp,
          isPlannedBelowMinimum: minimum !== null && plannedBp < minimum,
          isDeliveredBelowMinimum:
            minimum !== null && BigInt(delivery.passedDownPence) > 0n && deliveredBp < minimum,
        };
      })(),
      commitments: rows
        .filter((c) => isOwn(c.subcontractorId))
        .map((c) => ({
          subcontractor: { id: c.subcontractorId, name: c.subcontractorName },
          version: c.version,
          plannedReferralShareBp: c.plannedReferralShareBp,
          plannedSpendShareBp: c.plannedSpendShareBp,
          specialistProvision: c.specialistProvision,
          delivered: {
            referralsReceived: c.referralsReceived,
            referralShareBp: shareOf(BigInt(c.referralsReceived), BigInt(delivery.referrals)),
            passedDownPence: c.passedDownPence,
            spendShareBp: shareOf(BigInt(c.passedDownPence), BigInt(delivery.passedDownPence)),
          },
        })),
      versions: versions
        .filter((v) => isOwn(v.subcontractorId))
        .map((v) => ({
          subcontractor: { id: v.subcontractorId, name: v.subcontractorName },
          version: v.version,
          status: v.status,
          plannedReferralShareBp: v.plannedReferralShareBp,
          plannedSpendShareBp: v.plannedSpendShareBp,
          specialistProvision: v.specialistProvision,
          reason: v.reason,
          proposedBy: v.proposedBy,
          proposedAt: v.proposedAt.toISOString(),
          decidedBy: v.decidedBy,
          decidedAt: v.decidedAt?.toISOString() ?? null,
        })),
    };
  }
}

const sharesOf = (input: Shares): Shares => ({
  plannedReferralShareBp: input.plannedReferralShareBp,
  plannedSpendShareBp: input.plannedSpendShareBp,
});
