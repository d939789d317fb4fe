// What the caller's home dashboard counts: only the cards the caller's party
// and roles can act on, each an exact count (not "50+" from a first page).
import { Inject, Injectable } from '@nestjs/common';
import { type Role } from '@waymark/domain';
import { CaseloadService } from '../caseload/caseload.service';
import { ClaimsService } from '../claims/claims.service';
import { type Principal } from '../common/auth/principal';
import { CLOCK, type Clock } from '../common/clock/clock';
import { type SqlStatement } from '../common/db/as-one-statement';
import { ReadDatabase } from '../common/db/read-database';
import { type DashboardAmounts, type DashboardCounts } from './dashboard.dto';
import { type CardTotals, DashboardRepository, type Slices } from './dashboard.repository';

/** "Not seen in N+ days" on the subcontractor's dashboard. */
export const INACTIVE_DAYS = 14;

const CASEWORK: readonly Role[] = ['ADMIN', 'CASEWORKER'];
const MONEY: readonly Role[] = ['ADMIN', 'FINANCE'];
const OVERSIGHT: readonly Role[] = ['ADMIN', 'FINANCE', 'AUDITOR'];

type Card = keyof DashboardCounts;
/** The cards that carry the claims' value beside their number. */
const CLAIMS_CARDS = ['claimsInInbox', 'claimsQueried', 'claimsInDraft'] as const;
const isClaimsCard = (card: Card): card is (typeof CLAIMS_CARDS)[number] =>
  (CLAIMS_CARDS as readonly Card[]).includes(card);

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
    // Each card the caller may see, as a statement; all of them go in one round trip (DashboardRepository.countAll).
    const cards = await this.reader.withReadScope(principal, async (client) => {
      const statements = this.cardStatements(
        principal,
        await this.repository.slicesOf(client, principal.organisationId),
        asOf,
      );
      return this.repository.countAll(client, statements);
    });
    const counts: DashboardCounts = {};
    const amounts: DashboardAmounts = {};
    for (const [card, totals] of Object.entries(cards) as [Card, CardTotals | undefined][]) {
      if (!totals) continue;
      counts[card] = totals.count;
      if (totals.pence !== undefined && isClaimsCard(card)) amounts[`${card}Pence`] = totals.pence;
    }
    return { counts, amounts, asOf };
  }

  /** The statement of each card the caller's party and roles can act on. */
  private cardStatements(
    principal: Principal,
    slices: Slices,
    asOf: string,
  ): Partial<Record<Card, SqlStatement>> {
    const can = (roles: readonly Role[]) => principal.roles.some((role) => roles.includes(role));
    const inbox = this.claims.inboxStatuses(principal);
    const hasInbox = inbox.statuses.length + inbox.deliveringStatuses.length > 0;
    const contracts = { column: 'prime_contract_id', ids: slices.primeContractIds } as const;
    const subcontracts = { column: 'subcontract_id', ids: slices.subcontractIds } as const;
    const cards: Partial<Record<Card, SqlStatement>> = {};
    switch (principal.organisationKind) {
      case 'REFERRAL_PARTNER': {
        if (!can(CASEWORK)) return cards;
        const mine = { column: 'referral_partner_id', ids: [principal.organisationId] } as const;
        cards.referralsWaiting = this.repository.countReferrals(mine, 'RECEIVED');
        cards.referralsRejected = this.repository.countReferrals(mine, 'REJECTED');
        return cards;
      }
      case 'PRIME':
        if (can(CASEWORK)) {
          cards.referralsToAccept = this.repository.countReferrals(contracts, 'RECEIVED');
          cards.referralsToAllocate = this.repository.countReferrals(contracts, 'ACCEPTED');
        }
        if (hasInbox)
          cards.claimsInInbox = this.repository.claimTotals(
            contracts,
            inbox.statuses,
            inbox.deliveringStatuses,
          );
        if (can(MONEY))
          cards.paymentsDue = this.repository.countPaymentsWithStatus(
            slices.subcontractIds,
            'APPROVED',
          );
        return cards;
      case 'SUBCONTRACTOR':
        if (can(CASEWORK)) {
          cards.participantsInactive = this.caseload.countInactiveAttached(
            slices.subcontractIds,
            INACTIVE_DAYS,
          );
          cards.referralsToAttach = this.repository.countReferrals(subcontracts, 'ALLOCATED');
        }
        if (inbox.statuses.includes('PRIME_QUERIED'))
          cards.claimsQueried = this.repository.claimTotals(subcontracts, ['PRIME_QUERIED']);
        if (inbox.statuses.includes('DRAFT'))
          cards.claimsInDraft = this.repository.claimTotals(subcontracts, ['DRAFT']);
        if (can(MONEY))
          cards.paymentsLate = this.repository.countLatePayments(slices.subcontractIds, asOf);
        return cards;
      case 'COMMISSIONER':
        if (hasInbox) cards.claimsInInbox = this.repository.claimTotals(contracts, inbox.statuses);
        if (can(MONEY))
          cards.remittancesToRun = this.repository.countRemittances(
            slices.primeContractIds,
            'DRAFT',
          );
        if (can(OVERSIGHT)) {
          cards.primeContractsWithParkingAlerts =
            this.repository.countPrimeContractsWithRaisedAlerts(slices.primeContractIds, [
              'PARKING',
            ]);
          cards.primeContractsWithFlowDownAlerts =
            this.repository.countPrimeContractsWithRaisedAlerts(slices.primeContractIds, [
              'FLOW_DOWN_REFERRALS',
              'FLOW_DOWN_SPEND',
            ]);
        }
        return cards;
      case 'PLATFORM':
        return cards;
    }
  }
}
