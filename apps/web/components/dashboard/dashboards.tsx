// Home dashboards: what needs doing now, per party. The figures come from one
// call (GET /dashboard), exact counts of the lists the cards link to; the API
// leaves out what the caller's roles cannot act on, and so does the page.
import Link from 'next/link';
import { BarChart } from '@/components/data/bar-chart';
import { StatCard } from '@/components/data/stat-card';
import { type Flow } from '@/components/referrals/shared';
import { unwrap, unwrapWithFreshness, type SessionUser } from '@/lib/api';
import { type DataFreshness, DataFreshnessNote } from '@/components/data/data-freshness';
import { formatMoney } from '@/lib/format';
import { createServerClient } from '@/lib/server-api';

/** Counts, and beside some of them (`<key>Pence`) the money they stand for. */
interface Counts {
  counts: Partial<Record<string, number>>;
  amounts: Partial<Record<string, string>>;
  freshness: DataFreshness | undefined;
}

interface Card {
  label: string;
  value: string;
  hint: string;
  href: string;
  isAttention: boolean;
}

interface CardSpec {
  key: string;
  label: string;
  href: string;
  hint: string;
}

/** The counts behind the dashboard; null when the API could not answer (cards then say so). */
async function loadCounts(): Promise<Counts | null> {
  const client = await createServerClient();
  return client
    .GET('/dashboard')
    .then(unwrapWithFreshness)
    .then(({ data, freshness }): Counts => ({
      counts: data.counts,
      amounts: data.amounts,
      freshness,
    }))
    .catch(() => null);
}

/** The cards whose count the API returned: a card the caller's roles cannot act on is not shown at all. */
function cardsFrom(counts: Counts | null, specs: CardSpec[]): Card[] {
  if (!counts)
    return specs.map((spec) => ({
      ...spec,
      value: '—',
      hint: 'Could not be counted just now.',
      isAttention: false,
    }));
  return specs.flatMap((spec) => {
    const value = counts.counts[spec.key];
    const pence = counts.amounts[`${spec.key}Pence`];
    // A card about claims gives their value beside their number: "38 · £19,000.00".
    return value === undefined
      ? []
      : [
          {
            ...spec,
            value:
              pence === undefined
                ? value.toLocaleString('en-GB')
                : `${value.toLocaleString('en-GB')} · ${formatMoney(pence)}`,
            isAttention: value > 0,
          },
        ];
  });
}

function Cards({ cards, counts }: { cards: Card[]; counts: Counts | null }) {
  if (cards.length === 0) return null;
  return (
    <>
      <DataFreshnessNote freshness={counts?.freshness} />
      <ul className="grid gap-4 sm:grid-cols-2 xl:grid-cols-4">
        {cards.map((card) => (
          <li key={card.label}>
            <StatCard
              label={card.label}
              value={card.value}
              hint={card.hint}
              href={card.href}
              tone={card.isAttention ? 'attention' : 'good'}
            />
          </li>
        ))}
      </ul>
    </>
  );
}

function Section({
  id,
  title,
  children,
}: {
  id: string;
  title: string;
  children: React.ReactNode;
}) {
  return (
    <section aria-labelledby={id} className="space-y-4">
      <h2 id={id} className="text-xl font-semibold text-navy-900">
        {title}
      </h2>
      {children}
    </section>
  );
}

export async function SubcontractorDashboard() {
  const counts = await loadCounts();
  const cards = cardsFrom(counts, [
    {
      key: 'participantsInactive',
      label: 'Not seen in 14+ days',
      href: '/caseload?status=ATTACHED&inactiveDays=14',
      hint: 'Attached participants with no activity for two weeks or more.',
    },
    {
      key: 'referralsToAttach',
      label: 'Referrals to attach',
      href: '/caseload?status=ALLOCATED',
      hint: 'Allocated to you by the prime, waiting for a first meeting.',
    },
    {
      key: 'claimsQueried',
      label: 'Claims queried',
      href: '/claims?view=all&status=PRIME_QUERIED',
      hint: 'Claims your prime has queried: answer them to get paid.',
    },
    {
      key: 'paymentsLate',
      label: 'Payments late',
      href: '/payments?isLate=true',
      hint: 'Payments from your prime past the subcontract’s SLA.',
    },
    {
      key: 'claimsInDraft',
      label: 'Milestone claims in draft',
      href: '/claims?view=all&status=DRAFT',
      hint: 'Drafted from claimable milestones, ready to submit.',
    },
  ]);
  return (
    <Section id="todo-heading" title="Needs doing now">
      <Cards cards={cards} counts={counts} />
    </Section>
  );
}

export async function PrimeDashboard() {
  const loadingCounts = loadCounts();
  const client = await createServerClient();
  // The chain names the contracts; every contract's flow comes from one call beside it.
  const [chain, loaded] = await Promise.all([
    client
      .GET('/supply-chain')
      .then(unwrap)
      .catch(() => null),
    client
      .GET('/supply-chain/flows')
      .then(unwrap)
      .catch(() => null),
  ]);
  const flowOf = new Map((loaded?.flows ?? []).map((flow) => [flow.primeContractId, flow]));
  const flows: { reference: string; flow: Flow }[] = (chain?.primeContracts ?? []).flatMap(
    (contract) => {
      const flow = flowOf.get(contract.id);
      return flow ? [{ reference: contract.reference, flow }] : [];
    },
  );
  const below = flows.flatMap(({ flow }) => flow.lines.filter((line) => line.deficit > 0));
  const counts = await loadingCounts;
  const cards = cardsFrom(counts, [
    {
      key: 'referralsToAccept',
      label: 'Referrals to accept',
      href: '/referrals',
      hint: 'Received from jobcentres: check eligibility and accept or reject.',
    },
    {
      key: 'referralsToAllocate',
      label: 'Referrals to allocate',
      href: '/referrals?view=allocate',
      hint: 'Accepted, waiting for a subcontractor.',
    },
    {
      key: 'claimsInInbox',
      label: 'Claims to validate',
      href: '/claims',
      hint: 'Submitted by your subcontractors, or approved and ready for the commissioner.',
    },
    {
      key: 'paymentsDue',
      label: 'Payments due to subcontractors',
      href: '/payments?status=APPROVED',
      hint: 'Approved, not yet paid.',
    },
  ]);
  cards.push({
    label: 'Subcontractors below their promised share',
    value: chain ? String(below.length) : '—',
    hint: chain
      ? 'Received fewer referrals than the bid promised them.'
      : 'Could not be counted just now.',
    href: '/supply-chain',
    isAttention: below.length > 0,
  });
  return (
    <div className="space-y-8">
      <Section id="todo-heading" title="Needs doing now">
        <Cards cards={cards} counts={counts} />
      </Section>
      {flows.length > 0 && (
        <Section id="flow-heading" title="Referral flow-down">
          <div className="grid gap-4">
            {flows.map(({ reference, flow }) => (
              <FlowChart key={flow.primeContractId} reference={reference} flow={flow} />
            ))}
          </div>
          <p>
            <Link href="/supply-chain" className="text-teal-800 underline underline-offset-4">
              See shares, capacity and terms per subcontractor
            </Link>
          </p>
        </Section>
      )}
    </div>
  );
}

export function FlowChart({ reference, flow }: { reference: string; flow: Flow }) {
  return (
    <BarChart
      title={`${reference}: referrals received against promised (${flow.totalReceived.toLocaleString('en-GB')} in total)`}
      categoryKey="Subcontractor"
      data={flow.lines.map((line) => ({
        Subcontractor: line.subcontractorName.split(' ').slice(0, 2).join(' '),
        received: line.referralsReceived,
        promised: line.promisedReferrals,
      }))}
      series={[
        { key: 'received', label: 'Received' },
        { key: 'promised', label: 'Promised by the bid' },
      ]}
      height={280}
    />
  );
}

export async function CommissionerDashboard() {
  const counts = await loadCounts();
  const cards = cardsFrom(counts, [
    {
      key: 'claimsInInbox',
      label: 'Claims to approve',
      href: '/claims',
      hint: 'Submitted by prime providers, waiting for your decision.',
    },
    {
      key: 'remittancesToRun',
      label: 'Remittances to run',
      href: '/remittances?status=DRAFT',
      hint: 'Drafted batches of approved claims not yet exported.',
    },
    {
      key: 'primeContractsWithParkingAlerts',
      label: 'Prime contracts with parking alerts',
      href: '/parking',
      hint: 'Participants left without support for too long.',
    },
    {
      key: 'primeContractsWithFlowDownAlerts',
      label: 'Prime contracts with flow-down alerts',
      href: '/prime-contracts',
      hint: 'Referrals or spend passed down below the bid’s promise.',
    },
  ]);
  return (
    <Section id="todo-heading" title="Needs doing now">
      <Cards cards={cards} counts={counts} />
    </Section>
  );
}

export async function ReferralPartnerDashboard() {
  const counts = await loadCounts();
  const cards = cardsFrom(counts, [
    {
      key: 'referralsWaiting',
      label: 'Waiting for the prime',
      href: '/referrals?status=RECEIVED',
      hint: 'Referred, not yet accepted or rejected.',
    },
    {
      key: 'referralsRejected',
      label: 'Rejected by the prime',
      href: '/referrals?status=REJECTED',
      hint: 'Check the reason and refer elsewhere if needed.',
    },
  ]);
  return (
    <Section id="todo-heading" title="Your referrals">
      <div className="flex flex-wrap gap-3">
        <Link
          href="/referrals#new-referral"
          className="rounded-md bg-teal-700 px-5 py-2.5 font-semibold text-white hover:bg-teal-800"
        >
          Refer a participant
        </Link>
        <Link
          href="/bulk-referrals"
          className="rounded-md border-2 border-slate-500 bg-white px-5 py-2.5 font-semibold text-navy-900 hover:bg-slate-100"
        >
          Upload a file of referrals
        </Link>
      </div>
      <Cards cards={cards} counts={counts} />
    </Section>
  );
}

export function dashboardFor(user: SessionUser) {
  switch (user.organisation.kind) {
    case 'SUBCONTRACTOR':
      return <SubcontractorDashboard />;
    case 'PRIME':
      return <PrimeDashboard />;
    case 'COMMISSIONER':
      return <CommissionerDashboard />;
    case 'REFERRAL_PARTNER':
      return <ReferralPartnerDashboard />;
    case 'PLATFORM':
      return null;
  }
}
