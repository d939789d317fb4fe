import { Inject, Injectable } from '@nestjs/common';
import { type AllocationPolicy } from '@waymark/domain';
import { type Pool } from 'pg';
import { type z } from 'zod';
import { AuditService } from '../common/audit/audit.service';
import { auditActor, type Principal } from '../common/auth/principal';
import { PG_POOL } from '../common/db/database.module';
import { withPartyScope } from '../common/db/party-scope';
import { AppError } from '../common/errors/app-error';
import { CommonError } from '../common/errors/error-codes';
import { type ContractArea, type Flow, type SupplyChain } from './supply-chain.dto';
import {
  type ContractAreaRow,
  type FlowRow,
  type PrimeContractRow,
  SupplyChainRepository,
} from './supply-chain.repository';

const areaView = (row: ContractAreaRow): z.infer<typeof ContractArea> => ({
  id: row.id,
  name: row.name,
  programme: { id: row.programmeId, name: row.programmeName },
  referralPartners: row.partners,
});

const DEFAULT_POLICY: AllocationPolicy = 'BID_SHARE';
/** a × b ÷ c rounded half up, for non-negative integers. */
const mulDivHalfUp = (a: number, b: number, c: number): number =>
  Math.floor((2 * a * b + c) / (2 * c));

/**
 * One contract's flow from its subcontracts' rows (row-level security gives a subcontractor only its own);
 * only a chain manager sees every line.
 */
function flowOf(
  contract: PrimeContractRow,
  rows: FlowRow[],
  principal: Principal,
): z.infer<typeof Flow> {
  const totalReceived = rows.reduce((sum, r) => sum + r.received, 0);
  const lines = rows.map((r) => {
    const promisedReferrals = mulDivHalfUp(r.bidShareBp, totalReceived, 10_000);
    return {
      subcontractId: r.subcontractId,
      subcontractorId: r.subcontractorId,
      subcontractorName: r.subcontractorName,
      referralsReceived: r.received,
      bidShareBp: r.bidShareBp,
      promisedReferrals,
      actualShareBp: totalReceived === 0 ? 0 : mulDivHalfUp(r.received, 10_000, totalReceived),
      deficit: promisedReferrals - r.received,
      caseload: r.caseload,
      capacity: r.capacity,
      capacityUseBp: r.capacity ? mulDivHalfUp(r.caseload, 10_000, r.capacity) : null,
    };
  });
  const isChainManager =
    contract.primeId === principal.organisationId || principal.organisationKind === 'COMMISSIONER';
  return {
    primeContractId: contract.id,
    totalReceived,
    lines: isChainManager
      ? lines
      : lines.filter((l) => l.subcontractorId === principal.organisationId),
  };
}

@Injectable()
export class SupplyChainService {
  constructor(
    private readonly repository: SupplyChainRepository,
    private readonly audit: AuditService,
    @Inject(PG_POOL) private readonly pool: Pool,
  ) {}

  async list(principal: Principal): Promise<z.infer<typeof SupplyChain>> {
    return withPartyScope(this.pool, principal, async (client) => {
      const contracts = await this.repository.listPrimeContracts(client, principal.organisationId);
      const ids = contracts.map((c) => c.id);
      const onlyOwn = principal.organisationKind === 'SUBCONTRACTOR';
      const [subcontracts, bids] = await Promise.all([
        this.repository.listSubcontracts(client, principal.organisationId, ids, onlyOwn),
        this.repository.listBidCommitments(client, principal.organisationId, ids, onlyOwn),
      ]);
      const programmes = new Map(
        contracts.map((c) => [c.programmeId, { id: c.programmeId, name: c.programmeName }]),
      );
      return {
        programmes: [...programmes.values()],
        primeContracts: contracts.map((c) => ({
          id: c.id,
          reference: c.reference,
          programme: { id: c.programmeId, name: c.programmeName },
          prime: { id: c.primeId, name: c.primeName },
          startsOn: c.startsOn,
          endsOn: c.endsOn,
          valueCapPence: c.valueCapPence,
          allocationPolicy: c.allocationPolicy ?? DEFAULT_POLICY,
          bidCommitments: bids
            .filter((b) => b.primeContractId === c.id)
            .map(({ primeContractId: _omit, ...bid }) => bid),
          subcontracts: subcontracts
            .filter((s) => s.primeContractId === c.id)
            .map(({ primeContractId: _omit, terms, ...s }) => ({
              ...s,
              terms: (terms ?? {}) as Record<string, unknown>,
            })),
        })),
      };
    });
  }

  async flow(principal: Principal, primeContractId: string): Promise<z.infer<typeof Flow>> {
    const [flow] = await this.flows(principal, { primeContractId });
    return flow!;
  }

  /**
   * Flow vs bid for every prime contract in the caller's slice (or the one asked for), in the slice's order,
   * from one statement over every subcontract of those contracts.
   */
  async flows(
    principal: Principal,
    filter: { primeContractId?: string },
  ): Promise<z.infer<typeof Flow>[]> {
    return withPartyScope(this.pool, principal, async (client) => {
      const contracts = filter.primeContractId
        ? [
            await this.repository.findPrimeContract(
              client,
              principal.organisationId,
              filter.primeContractId,
            ),
          ].filter((c) => c !== undefined)
        : await this.repository.listPrimeContracts(client, principal.organisationId);
      if (filter.primeContractId && contracts.length === 0)
        throw new AppError(
          CommonError.NOT_FOUND,
          `No prime contract ${filter.primeContractId} in your organisation's slice.`,
        );
      const rows = await this.repository.flows(
        client,
        contracts.map((c) => c.id),
      );
      const rowsOf = new Map<string, FlowRow[]>();
      for (const row of rows)
        rowsOf.set(row.primeContractId, [...(rowsOf.get(row.primeContractId) ?? []), row]);
      return contracts.map((contract) =>
        flowOf(contract, rowsOf.get(contract.id) ?? [], principal),
      );
    });
  }

  async contractAreas(principal: Principal): Promise<z.infer<typeof ContractArea>[]> {
    return withPartyScope(this.pool, principal, async (client) =>
      (await this.repository.listContractAreas(client, principal.organisationId)).map(areaView),
    );
  }

  async referralPartners(principal: Principal): Promise<{ id: string; name: string }[]> {
    return withPartyScope(this.pool, principal, (client) =>
      this.repository.listReferralPartners(client),
    );
  }

  /** The commissioner lists which referral partners may refer into a contract area (none listed: every partner may). */
  async setAreaReferralPartners(
    principal: Principal,
    contractAreaId: string,
    referralPartnerIds: string[],
  ): Promise<z.infer<typeof ContractArea>> {
    if (!principal.userId)
      throw new AppError(
        CommonError.FORBIDDEN,
        'This action must be taken by a signed-in person, not an API key.',
      );
    const userId = principal.userId;
    const ids = [...new Set(referralPartnerIds)];
    return withPartyScope(this.pool, principal, async (client) => {
      const area = await this.repository.findOwnContractArea(
        client,
        principal.organisationId,
        contractAreaId,
      );
      if (!area)
        throw new AppError(
          CommonError.NOT_FOUND,
          `No contract area ${contractAreaId} in your programmes.`,
        );
      if ((await this.repository.countReferralPartners(client, ids)) !== ids.length) {
        throw new AppError(
          CommonError.VALIDATION_FAILED,
          'body.referralPartnerIds: every id must be a referral partner organisation',
          [
            {
              field: 'body.referralPartnerIds',
              message: 'must list only referral partner organisations',
            },
          ],
        );
      }
      const before = await this.repository.replaceAreaPartners(client, {
        contractAreaId,
        programmeId: area.programmeId,
        referralPartnerIds: ids,
        userId,
      });
      await this.audit.record(client, {
        ...auditActor(principal),
        action: 'contract-area.set-referral-partners',
        entityType: 'contract_area',
        entityId: contractAreaId,
        programmeId: area.programmeId,
        data: { from: before.sort(), to: [...ids].sort() },
      });
      const row = (await this.repository.listContractAreas(client, principal.organisationId)).find(
        (a) => a.id === contractAreaId,
      )!;
      return areaView(row);
    });
  }

  async declareAllocationPolicy(
    principal: Principal,
    primeContractId: string,
    policy: AllocationPolicy,
  ): Promise<AllocationPolicy> {
    if (!principal.userId)
      throw new AppError(
        CommonError.FORBIDDEN,
        'This action must be taken by a signed-in person, not an API key.',
      );
    const userId = principal.userId;
    return withPartyScope(this.pool, principal, async (client) => {
      const contract = await this.repository.findPrimeContract(
        client,
        principal.organisationId,
        primeContractId,
      );
      if (!contract)
        throw new AppError(
          CommonError.NOT_FOUND,
          `No prime contract ${primeContractId} in your organisation's slice.`,
        );
      if (contract.primeId !== principal.organisationId)
        throw new AppError(
          CommonError.FORBIDDEN,
          'Only the prime holding the contract declares its allocation policy.',
        );
      await this.repository.upsertAllocationPolicy(client, {
        primeContractId,
        programmeId: contract.programmeId,
        policy,
        userId,
      });
      await this.audit.record(client, {
        ...auditActor(principal),
        action: 'prime-contract.declare-allocation-policy',
        entityType: 'prime_contract',
        entityId: primeContractId,
        programmeId: contract.programmeId,
        data: { from: contract.allocationPolicy ?? DEFAULT_POLICY, to: policy },
      });
      return policy;
    });
  }
}
