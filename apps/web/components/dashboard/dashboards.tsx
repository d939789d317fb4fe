// Home dashboards: what needs doing now, per party. Each card counts the first
// page of the list behind it ("50+" when there is more) and links to that list.
import Link from 'next/link';
import { BarChart } from '@/components/data/bar-chart';
import { StatCard } from '@/components/data/stat-card';
import { countLabel, type Flow } from '@/components/referrals/shared';
import { unwrap, type SessionUser } from '@/lib/api';
import { createServerClient } from '@/lib/server-api';

const LIMIT = 50;

interface Card {
  label: string;
  value: string;
  hint: string;
  href: string;
  isAttention: boolean;
}

/** A count from a list call; a failed call shows a dash rather than breaking the page. */
async function count(
  label: string,
  href: string,
  hint: string,
  load: () => Promise<{ rows: number; nextCursor: unknown }>,
): Promise<Card> {
  try {
    const { rows, nextCursor } = await load();
    return { label, href, hint, value: countLabel(rows, nextCursor), isAttention: rows > 0 };
  } catch {
    return { label, href, hint: 'Could not be counted just now.', value: '—', isAttention: false };
  }
}

function Cards({ cards }: { cards: Card[] }) {
  return (
    <ul className="grid gap-4 sm:grid-cols-2 xl:grid-cols-4">
      {cards.map((card) => (
        <li key={card.label}>
          <StatCard label={card.label} value={card.value} hint={card.hint} href={card.href} tone={card.isAttention ? 'attention' : 'good'} />
        </li>
      ))}
    </ul>
  );
}

function Section({ id, title, children }: { id: string; title: string; children: React.ReactNode }) {
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
  const client = await createServerClient();
  const cards = await Promise.all([
    count('Not seen in 14+ days', '/caseload?status=ATTACHED&inactiveDays=14', 'Attached participants with no activity for two weeks or more.', async () => {
      const data = unwrap(await client.GET('/caseload', { params: { query: { status: 'ATTACHED', inactiveDays: 14, limit: LIMIT } } }));
      return { rows: data.referrals.length, nextCursor: data.nextCursor };
    }),
    count('Referrals to attach', '/caseload?status=ALLOCATED', 'Allocated to you by the prime, waiting for a first meeting.', async () => {
      const data = unwrap(await client.GET('/caseload', { params: { query: { status: 'ALLOCATED', limit: LIMIT } } }));
      return { rows: data.referrals.length, nextCursor: data.nextCursor };
    }),
    count('Claims queried', '/claims?view=all&status=PRIME_QUERIED', 'Claims your prime has queried: answer them to get paid.', async () => {
      const data = unwrap(await client.GET('/claims', { params: { query: { status: 'PRIME_QUERIED', limit: LIMIT } } }));
      return { rows: data.claims.length, nextCursor: data.nextCursor };
    }),
    count('Payments overdue', '/payments?isLate=true', 'Payments from your prime past the subcontract’s SLA.', async () => {
      const data = unwrap(await client.GET('/subcontractor-payments', { params: { query: { isLate: 'true', limit: LIMIT } } }));
      return { rows: data.payments.length, nextCursor: data.nextCursor };
    }),
  ]);
  const drafts = await count('Milestone claims in draft', '/claims', 'Drafted from claimable milestones, ready to submit.', async () => {
    const data = unwrap(await client.GET('/claims', { params: { query: { status: 'DRAFT', limit: LIMIT } } }));
    return { rows: data.claims.length, nextCursor: data.nextCursor };
  });
  return (
    <Section id="todo-heading" title="Needs doing now">
      <Cards cards={[...cards, drafts]} />
    </Section>
  );
}

export async function PrimeDashboard() {
  const client = await createServerClient();
  const chain = await client.GET('/supply-chain').then(unwrap).catch(() => null);
  const flows: { reference: string; flow: Flow }[] = [];
  if (chain) {
    const loaded = await Promise.all(
      chain.primeContracts.map(async (contract) => {
        const flow = await client.GET('/supply-chain/prime-contracts/{id}/flow', { params: { path: { id: contract.id } } }).then(unwrap).catch(() => null);
        return flow ? { reference: contract.reference, flow } : null;
      }),
    );
    for (const item of loaded) if (item) flows.push(item);
  }
  const below = flows.flatMap(({ flow }) => flow.lines.filter((line) => line.deficit > 0));
  const cards = await Promise.all([
    count('Referrals to accept', '/referrals', 'Received from jobcentres: check eligibility and accept or reject.', async () => {
      const data = unwrap(await client.GET('/caseload', { params: { query: { status: 'RECEIVED', limit: LIMIT } } }));
      return { rows: data.referrals.length, nextCursor: data.nextCursor };
    }),
    count('Referrals to allocate', '/referrals?view=allocate', 'Accepted, waiting for a subcontractor.', async () => {
      const data = unwrap(await client.GET('/caseload', { params: { query: { status: 'ACCEPTED', limit: LIMIT } } }));
      return { rows: data.referrals.length, nextCursor: data.nextCursor };
    }),
    count('Claims to validate', '/claims', 'Submitted by your subcontractors, or approved and ready for the commissioner.', async () => {
      const data = unwrap(await client.GET('/claims', { params: { query: { inbox: 'true', limit: LIMIT } } }));
      return { rows: data.claims.length, nextCursor: data.nextCursor };
    }),
    count('Payments due to subcontractors', '/payments?status=APPROVED', 'Approved, not yet paid.', async () => {
      const data = unwrap(await client.GET('/subcontractor-payments', { params: { query: { status: 'APPROVED', limit: LIMIT } } }));
      return { rows: data.payments.length, nextCursor: data.nextCursor };
    }),
  ]);
  cards.push({
    label: 'Subcontractors below their promised share',
    value: chain ? String(below.length) : '—',
    hint: chain ? 'Received fewer referrals than the bid promised them.' : 'Could not be counted just now.',
    href: '/supply-chain',
    isAttention: below.length > 0,
  });
  return (
    <div className="space-y-8">
      <Section id="todo-heading" title="Needs doing now">
        <Cards cards={cards} />
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
      data={flow.lines.map((line) => ({ Subcontractor: line.subcontractorName.split(' ').slice(0, 2).join(' '), received: line.referralsReceived, promised: line.promisedReferrals }))}
      series={[
        { key: 'received', label: 'Received' },
        { key: 'promised', label: 'Promised by the bid' },
      ]}
      height={280}
    />
  );
}

export async function CommissionerDashboard() {
  const client = await createServerClient();
  const alerts = await client
    .GET('/alerts', { params: { query: { status: 'RAISED', limit: 100 } } })
    .then(unwrap)
    .catch(() => null);
  const cards = await Promise.all([
    count('Claims to approve', '/claims', 'Submitted by prime providers, waiting for your decision.', async () => {
      const data = unwrap(await client.GET('/claims', { params: { query: { inbox: 'true', limit: LIMIT } } }));
      return { rows: data.claims.length, nextCursor: data.nextCursor };
    }),
    count('Remittances to run', '/remittances?status=DRAFT', 'Drafted batches of approved claims not yet exported.', async () => {
      const data = unwrap(await client.GET('/remittances', { params: { query: { status: 'DRAFT', limit: LIMIT } } }));
      return { rows: data.remittances.length, nextCursor: data.nextCursor };
    }),
  ]);
  const primesWith = (kinds: string[]) => (alerts ? String(new Set(alerts.alerts.filter((alert) => kinds.includes(alert.kind)).map((alert) => alert.primeContractId)).size) : '—');
  const parking = primesWith(['PARKING']);
  const flowDown = primesWith(['FLOW_DOWN_REFERRALS', 'FLOW_DOWN_SPEND']);
  cards.push(
    { label: 'Prime contracts with parking alerts', value: parking, hint: 'Participants left without support for too long.', href: '/parking', isAttention: parking !== '0' && parking !== '—' },
    { label: 'Prime contracts with flow-down alerts', value: flowDown, hint: 'Referrals or spend passed down below the bid’s promise.', href: '/prime-contracts', isAttention: flowDown !== '0' && flowDown !== '—' },
  );
  return (
    <Section id="todo-heading" title="Needs doing now">
      <Cards cards={cards} />
    </Section>
  );
}

export async function ReferralPartnerDashboard() {
  const client = await createServerClient();
  const cards = await Promise.all([
    count('Waiting for the prime', '/referrals?status=RECEIVED', 'Referred, not yet accepted or rejected.', async () => {
      const data = unwrap(await client.GET('/caseload', { params: { query: { status: 'RECEIVED', limit: LIMIT } } }));
      return { rows: data.referrals.length, nextCursor: data.nextCursor };
    }),
    count('Rejected by the prime', '/referrals?status=REJECTED', 'Check the reason and refer elsewhere if needed.', async () => {
      const data = unwrap(await client.GET('/caseload', { params: { query: { status: 'REJECTED', limit: LIMIT } } }));
      return { rows: data.referrals.length, nextCursor: data.nextCursor };
    }),
  ]);
  return (
    <Section id="todo-heading" title="Your referrals">
      <div className="flex flex-wrap gap-3">
        <Link href="/referrals#new-referral" className="rounded-md bg-teal-700 px-5 py-2.5 font-semibold text-white hover:bg-teal-800">
          Refer a participant
        </Link>
        <Link href="/bulk-referrals" className="rounded-md border-2 border-slate-500 bg-white px-5 py-2.5 font-semibold text-navy-900 hover:bg-slate-100">
          Upload a file of referrals
        </Link>
      </div>
      <Cards cards={cards} />
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
