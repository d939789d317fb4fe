// Differential property test: creaming and parking is one measure in two forms. The plain aggregate
// over the referral facts (REFERENCE below: group, count, percentile_cont — what the dashboard used
// to run) is the specification; PARKING_SQL reads the summaries the refresh keeps
// (analytics_parking_month), the open referrals' facts for the inactive count, and walks an index to
// the median. On random facts, windows, inactivity days and subcontractor filters, inside a party's
// row-level security, both must give the same rows.
import { createTestDatabase, type TestDatabase } from '@waymark/db/test-support';
import fc from 'fast-check';
import { type PoolClient } from 'pg';
import { withPartyScope } from '../common/db/party-scope';
import { DELETE_PARKING_MONTHS, REFRESH_PARKING_MONTHS } from './analytics-refresh.sql';
import { PARKING_SQL } from './analytics.sql';
import { anAnalyticsWorld } from './analytics.test-world';

const REFERENCE = `
SELECT a.payment_group_id AS "paymentGroupId", pg.code AS "paymentGroupCode", pg.name AS "paymentGroupName",
  (SELECT max(t.amount_pence) FROM tariff t JOIN milestone_type mt ON mt.id = t.milestone_type_id
    WHERE t.payment_group_id = a.payment_group_id AND mt.code = 'JOB_OUTCOME')::text AS "jobOutcomeTariffPence",
  a.provider_id AS "providerId", o.name AS "providerName", a.is_prime_delivered AS "isPrimeDelivered",
  a.referrals, a.attached, a.contacted, a."medianDaysToFirstContact", a."openCaseload", a.inactive, a.exited,
  a."exitedWithoutOutcome", a."jobOutcomes"
FROM (
  SELECT f.payment_group_id, COALESCE(s.subcontractor_id, pc.prime_id) AS provider_id, (s.id IS NULL) AS is_prime_delivered,
    count(*)::int AS referrals,
    count(*) FILTER (WHERE f.attached_on IS NOT NULL)::int AS attached,
    count(*) FILTER (WHERE f.first_contact_on IS NOT NULL)::int AS contacted,
    percentile_cont(0.5) WITHIN GROUP (ORDER BY f.first_contact_on - COALESCE(f.allocated_on, f.received_on))
      FILTER (WHERE f.first_contact_on IS NOT NULL) AS "medianDaysToFirstContact",
    count(*) FILTER (WHERE f.status IN ('ALLOCATED', 'ATTACHED'))::int AS "openCaseload",
    count(*) FILTER (WHERE f.status IN ('ALLOCATED', 'ATTACHED')
      AND COALESCE(f.last_activity_on, f.allocated_on, f.received_on) < $5::date)::int AS inactive,
    count(*) FILTER (WHERE f.status = 'EXITED')::int AS exited,
    count(*) FILTER (WHERE f.status = 'EXITED' AND f.job_outcome_on IS NULL)::int AS "exitedWithoutOutcome",
    count(*) FILTER (WHERE f.job_outcome_on IS NOT NULL)::int AS "jobOutcomes"
  FROM analytics_referral_fact f
  JOIN prime_contract pc ON pc.id = f.prime_contract_id
  LEFT JOIN subcontract s ON s.id = f.subcontract_id
  WHERE f.prime_contract_id = ANY($1) AND f.received_on >= $3 AND f.received_on < $4 AND f.status <> 'REJECTED'
    AND ($2::uuid IS NULL OR f.subcontract_id IN (SELECT sf.id FROM subcontract sf WHERE sf.subcontractor_id = $2))
  GROUP BY 1, 2, 3
) a
JOIN organisation o ON o.id = a.provider_id
LEFT JOIN payment_group pg ON pg.id = a.payment_group_id
ORDER BY pg.code NULLS LAST, 6, 5`;

const STATUSES = ['ALLOCATED', 'ATTACHED', 'EXITED', 'REJECTED', 'RECEIVED'] as const;
const day = (offset: number) => new Date(Date.UTC(2025, 0, 1 + offset)).toISOString().slice(0, 10);
const month = (offset: number) => day(offset).slice(0, 8) + '01';

let db: TestDatabase;
let world: Awaited<ReturnType<typeof anAnalyticsWorld>>;
let subcontracts: { id: string; primeContractId: string; subcontractorId: string }[];

beforeAll(async () => {
  db = await createTestDatabase();
  world = await anAnalyticsWorld(db.pool);
  subcontracts = (
    await db.pool.query<{ id: string; primeContractId: string; subcontractorId: string }>(
      'SELECT id, prime_contract_id AS "primeContractId", subcontractor_id AS "subcontractorId" FROM subcontract',
    )
  ).rows;
});
afterAll(async () => {
  await db.drop();
});

const fact = fc.record({
  contract: fc.constantFrom('c1', 'c2'),
  // 0–2 a subcontract of that contract (if it has that many), otherwise delivered by the prime.
  subcontract: fc.integer({ min: 0, max: 3 }),
  group: fc.constantFrom('easy', 'hard', null),
  status: fc.constantFrom(...STATUSES),
  received: fc.integer({ min: 0, max: 500 }),
  allocatedAfter: fc.option(fc.integer({ min: 0, max: 30 })),
  contactAfter: fc.option(fc.integer({ min: 0, max: 60 })),
  lastActivityAfter: fc.option(fc.integer({ min: 0, max: 200 })),
  attached: fc.boolean(),
  outcome: fc.boolean(),
});

const scenario = fc.record({
  facts: fc.array(fact, { minLength: 0, maxLength: 120 }),
  from: fc.option(fc.integer({ min: 0, max: 400 })),
  months: fc.integer({ min: 1, max: 18 }),
  inactiveBefore: fc.integer({ min: 0, max: 700 }),
  subcontractor: fc.constantFrom(null, 's1', 's2', 's3'),
});

type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

async function written(facts: Scenario['facts']): Promise<void> {
  await db.pool.query('DELETE FROM analytics_referral_fact');
  for (const f of facts) {
    const contractId = world.contracts[f.contract];
    const own = subcontracts.filter((s) => s.primeContractId === contractId);
    const subcontractId = own[f.subcontract]?.id ?? null;
    const allocated = f.allocatedAfter === null ? null : f.received + f.allocatedAfter;
    const start = allocated ?? f.received;
    // As the refresh writes them: provider from the subcontract (or the prime), days from allocation (or receipt).
    await db.pool.query(
      `INSERT INTO analytics_referral_fact (referral_id, programme_id, prime_contract_id, subcontract_id, payment_group_id, status,
         received_on, allocated_on, attached_on, first_contact_on, last_activity_on, exited_on, job_outcome_on, provider_id, contact_days)
       SELECT gen_random_uuid(), $1, $2, $3, $4, $5, $6::date, $7::date, $8::date, $9::date, $10::date, NULL, $11::date,
         COALESCE((SELECT s.subcontractor_id FROM subcontract s WHERE s.id = $3), (SELECT pc.prime_id FROM prime_contract pc WHERE pc.id = $2)),
         $9::date - COALESCE($7::date, $6::date)`,
      [
        world.programmeId,
        contractId,
        subcontractId,
        f.group === null ? null : world.groups[f.group],
        f.status,
        day(f.received),
        allocated === null ? null : day(allocated),
        f.attached ? day(start + 1) : null,
        f.contactAfter === null ? null : day(start + f.contactAfter),
        f.lastActivityAfter === null ? null : day(start + f.lastActivityAfter),
        f.outcome ? day(start + 90) : null,
      ],
    );
  }
  await db.pool.query(DELETE_PARKING_MONTHS, [null]);
  await db.pool.query(REFRESH_PARKING_MONTHS, [null]);
}

describe('parking summaries', () => {
  it('give the rows of the plain aggregate over the facts, for any facts, window, inactivity day and subcontractor', async () => {
    let compared = 0;
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        await written(s.facts);
        const params = [
          [world.contracts.c1, world.contracts.c2],
          s.subcontractor === null ? null : world.organisations[s.subcontractor as 's1'],
          s.from === null ? '0001-01-01' : month(s.from),
          s.from === null ? '9999-12-01' : month(s.from + s.months * 31),
          day(s.inactiveBefore),
        ];
        const both = async (client: PoolClient) => ({
          summarised: (await client.query(PARKING_SQL, params)).rows,
          reference: (await client.query(REFERENCE, params)).rows,
        });
        for (const organisationId of [
          world.organisations.commissionerId,
          world.organisations.primeId,
        ]) {
          const { summarised, reference } = await withPartyScope(db.pool, { organisationId }, both);
          expect(summarised).toEqual(reference);
          if (reference.length > 0) compared++;
        }
      }),
      { numRuns: 40, seed: 20261210 },
    );
    // The property saw real rows, not only empty slices.
    expect(compared).toBeGreaterThan(20);
  });
});
