// What the caller's home dashboard counts: only the cards the caller's party
// and roles can act on, each an exact count (not "50+" from a first page).
import { Inject, Injectable } from '@nestjs/common';
import { type ClaimStatus, type Role } from '@waymark/domain';
import { type PoolClient } from 'pg';
import { CaseloadService } from '../caseload/caseload.service';
import { ClaimsService } from '../claims/claims.service';
import { type Principal } from '../common/auth/principal';
import { CLOCK, type Clock } from '../common/clock/clock';
import { ReadDatabase } from '../common/db/read-database';
import { type DashboardAmounts, type DashboardCounts } from './dashboard.dto';
import { DashboardRepository } from './dashboard.repository';

/** "Not seen in N+ days" on the subcontractor's dashboard. */
export const INACTIVE_DAYS = 14;

const CASEWORK: readonly Role[] = ['ADMIN', 'CASEWORKER'];
const MONEY: readonly Role[] = ['ADMIN', 'FINANCE'];
const OVERSIGHT: readonly Role[] = ['ADMIN', 'FINANCE', 'AUDITOR'];

@Injectable()
export class DashboardService {
  constructor(
    private readonly repository: DashboardRepository,
    private readonly claims: ClaimsService,
    private readonly caseload: CaseloadService,
    // The counts are heavy reads: the read replica when one is configured and fresh enough.
    private readonly reader: ReadDatabase,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async counts(
    principal: Principal,
  ): Promise<{ counts: DashboardCounts; amounts: DashboardAmounts; asOf: string }> {
    const asOf = this.clock.today(); // the same day the payment lists judge lateness by
    const can = (roles: readonly Role[]) => principal.roles.some((role) => roles.includes(role));
    const inbox = this.claims.inboxStatuses(principal);
    const amounts: DashboardAmounts = {};
    // A claims card carries the claims' value beside their number.
    const claims = async (
      client: PoolClient,
      key: 'claimsInInbox' | 'claimsQueried' | 'claimsInDraft',
      slice: Parameters<DashboardRepository['claimTotals']>[1],
      statuses: ClaimStatus[],
      delivering: ClaimStatus[] = [],
    ) => {
      const totals = await this.repository.claimTotals(client, slice, statuses, delivering);
      amounts[`${key}Pence`] = totals.pence;
      return totals.count;
    };
    const counts = await this.reader.withReadScope(
      principal,
      async (client): Promise<DashboardCounts> => {
        const slices = await this.repository.slicesOf(client, principal.organisationId);
        const contracts = { column: 'prime_contract_id', ids: slices.primeContractIds } as const;
        const subcontracts = { column: 'subcontract_id', ids: slices.subcontractIds } as const;
        const hasInbox = inbox.statuses.length + inbox.deliveringStatuses.length > 0;
        switch (principal.organisationKind) {
          case 'REFERRAL_PARTNER': {
            if (!can(CASEWORK)) return {};
            const mine = {
              column: 'referral_partner_id',
              ids: [principal.organisationId],
            } as const;
            return {
              referralsWaiting: await this.repository.countReferrals(client, mine, 'RECEIVED'),
              referralsRejected: await this.repository.countReferrals(client, mine, 'REJECTED'),
            };
          }
          case 'PRIME': {
            const counts: DashboardCounts = {};
            if (can(CASEWORK)) {
              counts.referralsToAccept = await this.repository.countReferrals(
                client,
                contracts,
                'RECEIVED',
              );
              counts.referralsToAllocate = await this.repository.countReferrals(
                client,
                contracts,
                'ACCEPTED',
              );
            }
            if (hasInbox)
              counts.claimsInInbox = await claims(
                client,
                'claimsInInbox',
                contracts,
                inbox.statuses,
                inbox.deliveringStatuses,
              );
            if (can(MONEY))
              counts.paymentsDue = await this.repository.countPaymentsWithStatus(
                client,
                slices.subcontractIds,
                'APPROVED',
              );
            return counts;
          }
          case 'SUBCONTRACTOR': {
            const counts: DashboardCounts = {};
            if (can(CASEWORK)) {
              counts.participantsInactive = await this.caseload.countInactiveAttached(
                client,
                slices.subcontractIds,
                INACTIVE_DAYS,
              );
              counts.referralsToAttach = await this.repository.countReferrals(
                client,
                subcontracts,
                'ALLOCATED',
              );
            }
            if (inbox.statuses.includes('PRIME_QUERIED'))
              counts.claimsQueried = await claims(client, 'claimsQueried', subcontracts, [
                'PRIME_QUERIED',
              ]);
            if (inbox.statuses.includes('DRAFT'))
              counts.claimsInDraft = await claims(client, 'claimsInDraft', subcontracts, ['DRAFT']);
            if (can(MONEY))
              counts.paymentsLate = await this.repository.countLatePayments(
                client,
                slices.subcontractIds,
                asOf,
              );
            return counts;
          }
          case 'COMMISSIONER': {
            const counts: DashboardCounts = {};
            if (hasInbox)
              counts.claimsInInbox = await claims(
                client,
                'claimsInInbox',
                contracts,
                inbox.statuses,
              );
            if (can(MONEY))
              counts.remittancesToRun = await this.repository.countRemittances(
                client,
                slices.primeContractIds,
                'DRAFT',
              );
            if (can(OVERSIGHT)) {
              counts.primeContractsWithParkingAlerts =
                await this.repository.countPrimeContractsWithRaisedAlerts(
                  client,
                  slices.primeContractIds,
                  ['PARKING'],
                );
              counts.primeContractsWithFlowDownAlerts =
                await this.repository.countPrimeContractsWithRaisedAlerts(
                  client,
                  slices.primeContractIds,
                  ['FLOW_DOWN_REFERRALS', 'FLOW_DOWN_SPEND'],
                );
            }
            return counts;
          }
          case 'PLATFORM':
            return {};
        }
      },
    );
    return { counts, amounts, asOf };
  }
}
