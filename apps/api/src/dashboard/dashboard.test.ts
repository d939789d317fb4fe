import { DEMO_PASSWORD, seedDemoData } from '@waymark/db';
import { call, type CallResult, signIn } from '../test-support/http';
import { createTestApp, type TestApp } from '../test-support/test-app';

let api: TestApp;
const tokens = new Map<string, string>();

beforeAll(async () => {
  api = await createTestApp();
  await seedDemoData({ databaseUrl: api.db.url });
}, 300_000);

afterAll(async () => {
  await api.close();
});

async function tokenFor(email: string): Promise<string> {
  const known = tokens.get(email);
  if (known) return known;
  const { accessToken } = await signIn(api.baseUrl, email, DEMO_PASSWORD);
  tokens.set(email, accessToken);
  return accessToken;
}

async function dashboardOf(email: string): Promise<Record<string, number>> {
  const response = await call(api.baseUrl, 'GET', '/dashboard', { token: await tokenFor(email) });
  expect(response.status).toBe(200);
  return response.body.counts;
}

/** Every row of a keyset-paged list, page by page: the figure a card must match. */
async function sizeOfList(email: string, path: string, rowsKey: string): Promise<number> {
  const token = await tokenFor(email);
  let size = 0;
  let cursor: string | null = null;
  do {
    const separator = path.includes('?') ? '&' : '?';
    const response: CallResult<{ nextCursor: string | null } & Record<string, unknown>> =
      await call(
        api.baseUrl,
        'GET',
        `${path}${separator}limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        { token },
      );
    expect(response.status).toBe(200);
    size += (response.body[rowsKey] as unknown[]).length;
    cursor = response.body.nextCursor;
  } while (cursor);
  return size;
}

/**
 * The same figure worked out straight from the seeded rows (owner connection, no API code), so a card
 * and its list that are wrong together still fail. `$1` is the caller's organisation.
 */
async function counted(email: string, sql: string): Promise<number> {
  const { rows } = await api.db.pool.query<{ count: number }>(
    `WITH me AS (SELECT organisation_id AS id FROM app_user WHERE email = $1),
          my_contracts AS (SELECT pc.id FROM prime_contract pc WHERE pc.prime_id = (SELECT id FROM me)
                           OR pc.programme_id IN (SELECT p.id FROM programme p WHERE p.commissioner_id = (SELECT id FROM me))),
          my_subcontracts AS (SELECT s.id FROM subcontract s WHERE s.subcontractor_id = (SELECT id FROM me)
                              OR s.prime_contract_id IN (SELECT id FROM my_contracts))
     SELECT count(*)::int AS count FROM (${sql}) x`,
    [email],
  );
  return rows[0]!.count;
}
const referralsOfMyContracts = (status: string) =>
  `SELECT 1 FROM referral WHERE status = '${status}' AND prime_contract_id IN (SELECT id FROM my_contracts)`;

describe('GET /dashboard', () => {
  it('counts exactly what the prime’s lists hold, past the first page', async () => {
    const caseworker = await dashboardOf('caseworker@kestrel.test');
    const received = await sizeOfList(
      'caseworker@kestrel.test',
      '/caseload?status=RECEIVED',
      'referrals',
    );
    expect(caseworker.referralsToAccept).toBe(received);
    expect(caseworker.referralsToAccept).toBe(
      await counted('caseworker@kestrel.test', referralsOfMyContracts('RECEIVED')),
    );
    expect(caseworker.referralsToAllocate).toBe(
      await sizeOfList('caseworker@kestrel.test', '/caseload?status=ACCEPTED', 'referrals'),
    );
    expect(caseworker.referralsToAllocate).toBe(
      await counted('caseworker@kestrel.test', referralsOfMyContracts('ACCEPTED')),
    );

    const finance = await dashboardOf('finance@kestrel.test');
    const inbox = await sizeOfList('finance@kestrel.test', '/claims?inbox=true', 'claims');
    expect(inbox).toBeGreaterThan(50); // the old dashboard showed "50+" here
    expect(finance.claimsInInbox).toBe(inbox);
    expect(finance.paymentsDue).toBe(
      await sizeOfList(
        'finance@kestrel.test',
        '/subcontractor-payments?status=APPROVED',
        'payments',
      ),
    );
    expect(finance.paymentsDue).toBe(
      await counted(
        'finance@kestrel.test',
        `SELECT 1 FROM subcontractor_payment WHERE status = 'APPROVED' AND subcontract_id IN (SELECT id FROM my_subcontracts)`,
      ),
    );
  }, 120_000);

  it('counts the subcontractor’s caseload, claims and late payments as its lists do', async () => {
    const caseworker = await dashboardOf('caseworker@canalside.test');
    expect(caseworker.participantsInactive).toBe(
      await sizeOfList(
        'caseworker@canalside.test',
        '/caseload?status=ATTACHED&inactiveDays=14',
        'referrals',
      ),
    );
    expect(caseworker.referralsToAttach).toBe(
      await sizeOfList('caseworker@canalside.test', '/caseload?status=ALLOCATED', 'referrals'),
    );
    expect(caseworker.referralsToAttach).toBe(
      await counted(
        'caseworker@canalside.test',
        `SELECT 1 FROM referral WHERE status = 'ALLOCATED' AND subcontract_id IN (SELECT id FROM my_subcontracts)`,
      ),
    );
    expect(caseworker.claimsInDraft).toBe(
      await sizeOfList('caseworker@canalside.test', '/claims?status=DRAFT', 'claims'),
    );
    expect(caseworker.claimsInDraft).toBe(
      await counted(
        'caseworker@canalside.test',
        `SELECT 1 FROM claim WHERE status = 'DRAFT' AND subcontract_id IN (SELECT id FROM my_subcontracts)`,
      ),
    );

    const finance = await dashboardOf('finance@canalside.test');
    expect(finance.paymentsLate).toBe(
      await sizeOfList('finance@canalside.test', '/subcontractor-payments?isLate=true', 'payments'),
    );
    expect(finance.paymentsLate).toBeGreaterThan(0);
    // Late: unpaid past its due day, or paid after it.
    expect(finance.paymentsLate).toBe(
      await counted(
        'finance@canalside.test',
        `SELECT 1 FROM subcontractor_payment WHERE subcontract_id IN (SELECT id FROM my_subcontracts)
           AND CASE WHEN status = 'PAID' THEN paid_on > due_on ELSE due_on < current_date END`,
      ),
    );
  }, 120_000);

  it('gives the value of the claims beside their count: the sum of every claim in the list, past the first page', async () => {
    const token = await tokenFor('finance@kestrel.test');
    const response = await call(api.baseUrl, 'GET', '/dashboard', { token });
    let pence = 0n;
    let cursor: string | null = null;
    do {
      const page: CallResult<{ nextCursor: string | null; claims: { amountPence: string }[] }> =
        await call(
          api.baseUrl,
          'GET',
          `/claims?inbox=true&limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
          { token },
        );
      for (const claim of page.body.claims) pence += BigInt(claim.amountPence);
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(pence).toBeGreaterThan(0n);
    expect(response.body.amounts.claimsInInboxPence).toBe(String(pence));
  }, 120_000);

  it('counts the commissioner’s claims to approve and remittances to run', async () => {
    const finance = await dashboardOf('finance@mercia.test');
    expect(finance.claimsInInbox).toBe(
      await sizeOfList('finance@mercia.test', '/claims?inbox=true', 'claims'),
    );
    expect(finance.remittancesToRun).toBe(
      await sizeOfList('finance@mercia.test', '/remittances?status=DRAFT', 'remittances'),
    );
    expect(finance.remittancesToRun).toBe(
      await counted(
        'finance@mercia.test',
        `SELECT 1 FROM remittance WHERE status = 'DRAFT' AND prime_contract_id IN (SELECT id FROM my_contracts)`,
      ),
    );
    // The commissioner decides claims its primes submitted to it.
    expect(finance.claimsInInbox).toBe(
      await counted(
        'finance@mercia.test',
        `SELECT 1 FROM claim WHERE status = 'SUBMITTED_TO_COMMISSIONER' AND prime_contract_id IN (SELECT id FROM my_contracts)`,
      ),
    );
    expect(finance.primeContractsWithParkingAlerts).toEqual(expect.any(Number));
  }, 120_000);

  it('leaves out the cards a role cannot act on', async () => {
    // A caseworker works referrals, not money: no payment counts.
    const primeCaseworker = await dashboardOf('caseworker@kestrel.test');
    expect(primeCaseworker).not.toHaveProperty('paymentsDue');
    expect((await dashboardOf('finance@kestrel.test')).referralsToAccept).toBeUndefined();
    const subcontractorCaseworker = await dashboardOf('caseworker@canalside.test');
    expect(subcontractorCaseworker).not.toHaveProperty('paymentsLate');
    const subcontractorFinance = await dashboardOf('finance@canalside.test');
    expect(subcontractorFinance).not.toHaveProperty('referralsToAttach');
    expect(subcontractorFinance).not.toHaveProperty('participantsInactive');
    const partner = await dashboardOf('caseworker@brindley-jobcentre.test');
    expect(Object.keys(partner).sort()).toEqual(['referralsRejected', 'referralsWaiting']);
    expect(partner.referralsWaiting).toBe(
      await sizeOfList(
        'caseworker@brindley-jobcentre.test',
        '/caseload?status=RECEIVED',
        'referrals',
      ),
    );
    expect(partner.referralsWaiting).toBe(
      await counted(
        'caseworker@brindley-jobcentre.test',
        `SELECT 1 FROM referral WHERE status = 'RECEIVED' AND referral_partner_id = (SELECT id FROM me)`,
      ),
    );
  }, 120_000);

  it('is not for the platform operator, nor signed-out callers', async () => {
    expect(
      (
        await call(api.baseUrl, 'GET', '/dashboard', {
          token: await tokenFor('platform@waymark.test'),
        })
      ).status,
    ).toBe(403);
    expect((await call(api.baseUrl, 'GET', '/dashboard')).status).toBe(401);
  });
});
