// Which cards a caller's home dashboard counts, each as its statement: only the
// cards the caller's party and roles can act on. Pure (no database, no
// services), so the dashboard benchmark measures the very statement the API
// sends (bench/dashboard.ts).
import { type ClaimStatus, type OrganisationKind, type Role } from '@waymark/domain';
import { type SqlStatement } from '../common/db/as-one-statement';
import { type DashboardCounts } from './dashboard.dto';
import { CALLER_SLICE, type DashboardRepository } from './dashboard.repository';

/** "Not seen in N+ days" on the subcontractor's dashboard. */
export const INACTIVE_DAYS = 14;

const CASEWORK: readonly Role[] = ['ADMIN', 'CASEWORKER'];
const MONEY: readonly Role[] = ['ADMIN', 'FINANCE'];
const OVERSIGHT: readonly Role[] = ['ADMIN', 'FINANCE', 'AUDITOR'];

export type Card = keyof DashboardCounts;

/** The caseload's own count of attached participants not seen in `days` days (CaseloadService.countInactiveAttached). */
interface InactiveCount {
  countInactiveAttached(subcontractIds: string, days: number, today: string): SqlStatement;
}

/** The claims the caller's inbox holds (ClaimsService.inboxStatuses). */
export interface InboxStatuses {
  statuses: ClaimStatus[];
  deliveringStatuses: ClaimStatus[];
}

/** The statement of each card the caller's party and roles can act on; each reads the caller's slices through CALLER_SLICE. */
export function dashboardCards(
  statements: {
    dashboard: DashboardRepository;
    caseload: InactiveCount;
  },
  caller: { organisationKind: OrganisationKind; roles: readonly Role[] },
  inbox: InboxStatuses,
  asOf: string,
): Partial<Record<Card, SqlStatement>> {
  const { dashboard: repository, caseload } = statements;
  const can = (roles: readonly Role[]) => caller.roles.some((role) => roles.includes(role));
  const hasInbox = inbox.statuses.length + inbox.deliveringStatuses.length > 0;
  const contracts = { column: 'prime_contract_id', ids: CALLER_SLICE.primeContractIds } as const;
  const subcontracts = { column: 'subcontract_id', ids: CALLER_SLICE.subcontractIds } as const;
  const cards: Partial<Record<Card, SqlStatement>> = {};
  switch (caller.organisationKind) {
    case 'REFERRAL_PARTNER': {
      if (!can(CASEWORK)) return cards;
      const mine = { column: 'referral_partner_id', ids: CALLER_SLICE.organisationIds } as const;
      cards.referralsWaiting = repository.countReferrals(mine, 'RECEIVED');
      cards.referralsRejected = repository.countReferrals(mine, 'REJECTED');
      return cards;
    }
    case 'PRIME':
      if (can(CASEWORK)) {
        cards.referralsToAccept = repository.countReferrals(contracts, 'RECEIVED');
        cards.referralsToAllocate = repository.countReferrals(contracts, 'ACCEPTED');
      }
      if (hasInbox)
        cards.claimsInInbox = repository.claimTotals(
          contracts,
          inbox.statuses,
          inbox.deliveringStatuses,
        );
      if (can(MONEY))
        cards.paymentsDue = repository.countPaymentsWithStatus(
          CALLER_SLICE.subcontractIds,
          'APPROVED',
        );
      return cards;
    case 'SUBCONTRACTOR':
      if (can(CASEWORK)) {
        cards.participantsInactive = caseload.countInactiveAttached(
          CALLER_SLICE.subcontractIds,
          INACTIVE_DAYS,
          asOf,
        );
        cards.referralsToAttach = repository.countReferrals(subcontracts, 'ALLOCATED');
      }
      if (inbox.statuses.includes('PRIME_QUERIED'))
        cards.claimsQueried = repository.claimTotals(subcontracts, ['PRIME_QUERIED']);
      if (inbox.statuses.includes('DRAFT'))
        cards.claimsInDraft = repository.claimTotals(subcontracts, ['DRAFT']);
      if (can(MONEY))
        cards.paymentsLate = repository.countLatePayments(CALLER_SLICE.subcontractIds, asOf);
      return cards;
    case 'COMMISSIONER':
      if (hasInbox) cards.claimsInInbox = repository.claimTotals(contracts, inbox.statuses);
      if (can(MONEY))
        cards.remittancesToRun = repository.countRemittances(
          CALLER_SLICE.primeContractIds,
          'DRAFT',
        );
      if (can(OVERSIGHT)) {
        cards.primeContractsWithParkingAlerts = repository.countPrimeContractsWithRaisedAlerts(
          CALLER_SLICE.primeContractIds,
          ['PARKING'],
        );
        cards.primeContractsWithFlowDownAlerts = repository.countPrimeContractsWithRaisedAlerts(
          CALLER_SLICE.primeContractIds,
          ['FLOW_DOWN_REFERRALS', 'FLOW_DOWN_SPEND'],
        );
      }
      return cards;
    case 'PLATFORM':
      return cards;
  }
}
