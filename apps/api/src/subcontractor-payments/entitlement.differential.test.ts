// Differential property test: the subcontractor entitlement is one rule in two
// languages. computeSubcontractorEntitlement (packages/domain/src/terms) is the
// executable specification; the set-based SQL that production runs
// (entitlement.sql.ts: the payment run's ENTITLED_CLAIMS_SQL and the
// entitlements stored when a remittance is paid, plus the migration's
// waymark_backfill_subcontract_entitlements()) must give the same pence and
// due dates on the same random terms and claims, written to a real database —
// including who bears a short payment (shortPaymentFlowDown) and each claim's
// share of what the commissioner actually paid (remittance_line.received_pence).
import { computeSubcontractorEntitlement, type SubcontractTerms } from '@waymark/domain';
import {
  aClaim,
  aPrimeContract,
  aReferral,
  aSubcontract,
  aTariff,
  aUser,
  createTestDatabase,
  insertRow,
  type PrimeContractWorld,
  type TestDatabase,
} from '@waymark/db/test-support';
import fc from 'fast-check';
import { ENTITLED_CLAIMS_SQL, INSERT_REMITTANCE_ENTITLEMENTS_SQL } from './entitlement.sql';
import { termsOf } from './subcontract-terms';

const MILESTONE_CODES = ['JOB_START', 'ATTACHMENT', 'JOB_OUTCOME'] as const;
type Code = (typeof MILESTONE_CODES)[number];

let db: TestDatabase;
let world: PrimeContractWorld & {
  milestoneTypeIds: Record<Code, string>;
  tariffId: string;
  userId: string;
};

beforeAll(async () => {
  db = await createTestDatabase();
  const base = await aPrimeContract(db.pool);
  const milestoneTypeIds = { JOB_START: base.milestoneTypeId } as Record<Code, string>;
  for (const code of ['ATTACHMENT', 'JOB_OUTCOME'] as const)
    milestoneTypeIds[code] = await insertRow(db.pool, 'milestone_type', {
      programme_id: base.programmeId,
      code,
      name: code,
    });
  const tariffId = await aTariff(db.pool, base, { amount_pence: 1 });
  const userId = (await aUser(db.pool, { organisationId: base.primeId })).id;
  world = { ...base, milestoneTypeIds, tariffId, userId };
});
afterAll(async () => {
  await db.drop();
});

// Amounts and percentages biased to the rounding edges (odd pence × 50 %, 25 %, 12.5 %, …) as well as anywhere.
const pence = fc.oneof(
  fc.bigInt({ min: 0n, max: 999n }),
  fc.bigInt({ min: 0n, max: 10_000_000_00n }),
);
const basisPoints = fc.oneof(
  fc.constantFrom(0, 1, 1250, 2500, 5000, 7500, 9999, 10_000),
  fc.integer({ min: 0, max: 10_000 }),
);
// Terms as the jsonb stores them: pence as strings (numbers too, as older rows hold), the legacy shareBp key.
const storedPence = pence.chain((p) => fc.constantFrom<string | number>(String(p), Number(p)));
const rates = fc.dictionary(fc.constantFrom(...MILESTONE_CODES), storedPence, { maxKeys: 3 });
// Who bears a short payment: absent (terms from before the rule), either value, or junk (read as PRIME_BEARS).
const flowDown = fc.constantFrom<Record<string, unknown>>(
  {},
  { shortPaymentFlowDown: 'PRIME_BEARS' },
  { shortPaymentFlowDown: 'BACK_TO_BACK' },
  { shortPaymentFlowDown: 'BACK_TO_BACK' },
  { shortPaymentFlowDown: 'back_to_back' },
);
const storedTerms = fc.oneof(
  fc.record({
    termsKind: fc.constant('PBR_SHARE' as const),
    terms: fc
      .tuple(
        fc.oneof(fc.record({ shareBasisPoints: basisPoints }), fc.record({ shareBp: basisPoints })),
        flowDown,
      )
      .map(([share, rule]) => ({ ...share, ...rule })),
  }),
  fc.record({
    termsKind: fc.constantFrom('MILESTONE_TARIFF' as const, 'HYBRID' as const),
    terms: fc.tuple(rates, flowDown).map(([ratesPence, rule]) => ({ ratesPence, ...rule })),
  }),
  fc.record({
    termsKind: fc.constantFrom('SERVICE_FEE' as const, 'GRANT' as const),
    terms: fc.constant({}),
  }),
);
const day = fc
  .integer({ min: 0, max: 3 * 365 })
  .map((offset) => new Date(Date.UTC(2026, 3, 1) + offset * 86_400_000).toISOString().slice(0, 10));
const scenario = fc.record({
  stored: storedTerms,
  managementFeeBp: basisPoints,
  paymentSlaDays: fc.integer({ min: 0, max: 120 }),
  primeReceivedOn: day,
  claims: fc.array(
    fc.record({
      code: fc.constantFrom(...MILESTONE_CODES),
      primeFeePence: pence,
      // The line's share of what the commissioner paid: not recorded (older rows), in full, short, or over.
      received: fc.oneof(
        fc.constant(null),
        fc.constant('full' as const),
        fc.double({ min: 0, max: 1.5, noNaN: true }),
      ),
    }),
    {
      minLength: 1,
      maxLength: 3,
    },
  ),
});
type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

interface Entitlement {
  claimId: string;
  grossPence: string;
  managementFeePence: string;
  expectedPence: string;
  dueOn: string;
}

/** Writes the scenario: a subcontract on the terms, one claim per entry, all in one remittance the prime was paid. */
async function written(s: Scenario) {
  const subcontractId = await aSubcontract(db.pool, world, {
    terms_kind: s.stored.termsKind,
    terms: s.stored.terms,
    management_fee_bp: s.managementFeeBp,
    payment_sla_days: s.paymentSlaDays,
  });
  const remittanceId = await insertRow(db.pool, 'remittance', {
    programme_id: world.programmeId,
    prime_contract_id: world.primeContractId,
    period_start: '2026-04-01',
    period_end: '2026-04-30',
    status: 'PAID',
    paid_reference: 'BACS',
    paid_on: s.primeReceivedOn,
  });
  const claims: { id: string; code: Code; primeFeePence: bigint; receivedPence: bigint }[] = [];
  for (const claim of s.claims) {
    const referralId = await aReferral(db.pool, world, {
      status: 'ALLOCATED',
      subcontract_id: subcontractId,
    });
    const id = await aClaim(
      db.pool,
      { ...world, referralId },
      {
        subcontract_id: subcontractId,
        milestone_type_id: world.milestoneTypeIds[claim.code],
        amount_pence: claim.primeFeePence,
        status: 'APPROVED',
      },
    );
    const receivedPence =
      claim.received === null || claim.received === 'full'
        ? null
        : BigInt(Math.floor(Number(claim.primeFeePence) * claim.received));
    await insertRow(db.pool, 'remittance_line', {
      programme_id: world.programmeId,
      prime_contract_id: world.primeContractId,
      remittance_id: remittanceId,
      claim_id: id,
      amount_pence: claim.primeFeePence,
      received_pence: claim.received === 'full' ? claim.primeFeePence : receivedPence,
    });
    claims.push({
      id,
      code: claim.code,
      primeFeePence: claim.primeFeePence,
      receivedPence: receivedPence ?? claim.primeFeePence,
    });
  }
  return { subcontractId, remittanceId, claims };
}

/** The specification: what the domain says each claim earns (SQL keeps only positive gross). */
function specified(
  s: Scenario,
  claims: { id: string; code: Code; primeFeePence: bigint; receivedPence: bigint }[],
) {
  const terms: SubcontractTerms = termsOf({
    termsKind: s.stored.termsKind,
    terms: s.stored.terms,
    managementFeeBp: s.managementFeeBp,
    paymentSlaDays: s.paymentSlaDays,
    startsOn: '2026-04-01',
    endsOn: null,
  });
  return claims
    .map((claim) => ({
      claimId: claim.id,
      ...computeSubcontractorEntitlement({
        terms,
        claim: { milestoneCode: claim.code, occurrence: 1 },
        primeFeePence: claim.primeFeePence,
        primeReceivedPence: claim.receivedPence,
        primeReceivedDate: s.primeReceivedOn,
      }),
    }))
    .filter((e) => e.grossPence > 0n)
    .map((e): Entitlement => ({
      claimId: e.claimId,
      grossPence: String(e.grossPence),
      managementFeePence: String(e.managementFeePence),
      expectedPence: String(e.netPence),
      dueOn: e.dueDate,
    }));
}

const byClaim = (rows: Entitlement[]) =>
  [...rows].sort((a, b) => a.claimId.localeCompare(b.claimId));

const STORED_SQL = `SELECT claim_id AS "claimId", gross_pence::text AS "grossPence", management_fee_pence::text AS "managementFeePence",
         expected_pence::text AS "expectedPence", due_on::text AS "dueOn"
  FROM subcontract_entitlement WHERE subcontract_id = $1`;

describe('subcontractor entitlement: SQL against the domain specification', () => {
  it('prices every claim as computeSubcontractorEntitlement does, in the payment run, the stored entitlements and the backfill', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        const { subcontractId, remittanceId, claims } = await written(s);
        const expected = byClaim(specified(s, claims));

        const run = await db.pool.query<Entitlement>(
          `SELECT claim_id AS "claimId", gross_pence::text AS "grossPence", management_fee_pence::text AS "managementFeePence",
                  (gross_pence - management_fee_pence)::text AS "expectedPence", due_on::text AS "dueOn"
           FROM (${ENTITLED_CLAIMS_SQL}) e`,
          [[subcontractId], s.primeReceivedOn, s.primeReceivedOn],
        );
        expect(byClaim(run.rows)).toEqual(expected);

        // The migration's backfill, on the same rows before anything is stored (rolled back).
        const client = await db.pool.connect();
        try {
          await client.query('BEGIN');
          await client.query('SELECT waymark_backfill_subcontract_entitlements()');
          const backfilled = await client.query<Entitlement>(STORED_SQL, [subcontractId]);
          expect(byClaim(backfilled.rows)).toEqual(expected);
        } finally {
          await client.query('ROLLBACK');
          client.release();
        }

        await db.pool.query(INSERT_REMITTANCE_ENTITLEMENTS_SQL, [remittanceId]);
        const stored = await db.pool.query<Entitlement>(STORED_SQL, [subcontractId]);
        expect(byClaim(stored.rows)).toEqual(expected);
      }),
      // Each run writes a dozen rows: enough cases to cover every terms kind and rounding edge, inside ~10 s.
      { numRuns: 60 },
    );
  }, 60_000);
});
