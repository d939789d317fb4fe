// What the caller's home dashboard counts: only the cards the caller's party
// and roles can act on (dashboard-cards.ts), each an exact count (not "50+"
// from a first page), all in one statement and one round trip.
import { Inject, Injectable } from '@nestjs/common';
import { CaseloadService } from '../caseload/caseload.service';
import { ClaimsService } from '../claims/claims.service';
import { type Principal } from '../common/auth/principal';
import { CLOCK, type Clock } from '../common/clock/clock';
import { ReadDatabase } from '../common/db/read-database';
import { type Card, dashboardCards } from './dashboard-cards';
import { type DashboardAmounts, type DashboardCounts } from './dashboard.dto';
import { type CardTotals, DashboardRepository } from './dashboard.repository';

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
    const statement = this.repository.statementFor(
      principal.organisationId,
      dashboardCards(
        { dashboard: this.repository, caseload: this.caseload },
        principal,
        this.claims.inboxStatuses(principal),
        asOf,
      ),
    );
    const cards = statement
      ? ((
          await this.reader.queryInReadScope<Partial<Record<Card, CardTotals>>>(
            principal,
            statement.text,
            statement.values,
          )
        ).rows[0] ?? {})
      : {};
    const counts: DashboardCounts = {};
    const amounts: DashboardAmounts = {};
    for (const [card, totals] of Object.entries(cards) as [Card, CardTotals | undefined][]) {
      if (!totals) continue;
      counts[card] = totals.count;
      if (totals.pence !== undefined && isClaimsCard(card)) amounts[`${card}Pence`] = totals.pence;
    }
    return { counts, amounts, asOf };
  }
}
