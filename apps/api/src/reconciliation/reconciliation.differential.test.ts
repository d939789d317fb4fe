// Differential property test: reconciliation's outcome rule is one rule in two
// languages. reconcile() (packages/domain/src/reconciliation) is the executable
// specification; the set-based SQL production runs (reconciliation.sql.ts:
// OUTCOME_SQL inside FEE_OUTCOMES_SQL for scheduled fees and CLAIM_LINES_SQL /
// CLAIM_TOTALS_SQL for claims) must reach the same outcome and pence for every
// line on the same random expected and recorded payments, written to a real
// database. What the test decides itself is only the SQL's scoping to a period
// (expected lines by due or receipt date, stray payments by paid date), which
// the domain function leaves to its caller, and — for claims — the netting of
// clawbacks the prime has borne (subcontract_entitlement_clawback) into the
// expected side and of their recovery lines into the recorded side, which it
// applies to the domain's inputs.
import { reconcile, type ExpectedLine, type RecordedPayment } from '@waymark/domain';
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
import { CLAIM_LINES_SQL, CLAIM_TOTALS_SQL, FEE_OUTCOMES_SQL } from './reconciliation.sql';

let db: TestDatabase;
let world: PrimeContractWorld & { tariffId: string; userId: string };

beforeAll(async () => {
  db = await createTestDatabase();
  const base = await aPrimeContract(db.pool);
  const tariffId = await aTariff(db.pool, base, { amount_pence: 1 });
  const userId = (await aUser(db.pool, { organisationId: base.primeId })).id;
  world = { ...base, tariffId, userId };
});
afterAll(async () => {
  await db.drop();
});

// A short window of days, so due, paid, period and asOf dates often coincide (the edges that matter).
const day = fc
  .integer({ min: 0, max: 6 })
  .map((offset) => new Date(Date.UTC(2026, 3, 1) + offset * 86_400_000).toISOString().slice(0, 10));
// Few distinct amounts, so exact matches, shorts and overs all turn up often.
const pence = fc.oneof(
  { arbitrary: fc.constantFrom(0n, 100n, 250n), weight: 3 },
  { arbitrary: fc.bigInt({ min: 0n, max: 400n }), weight: 1 },
);
// Often the whole window (so most lines count), else any sub-period.
const period: fc.Arbitrary<[string, string]> = fc.oneof(
  fc.constant<[string, string]>(['2026-04-01', '2026-04-07']),
  fc.tuple(day, day).map(([a, b]): [string, string] => (a <= b ? [a, b] : [b, a])),
);
const inPeriod = (date: string, [start, end]: [string, string]) => date >= start && date <= end;

interface Line {
  key: string;
  outcome: string | null;
  expectedPence: string;
  recordedPence: string;
  dueOn: string | null;
  paidOn: string | null;
}
const sorted = (lines: Line[]) =>
  [...lines].sort((a, b) =>
    `${a.key}|${a.outcome}|${a.recordedPence}|${a.paidOn}`.localeCompare(
      `${b.key}|${b.outcome}|${b.recordedPence}|${b.paidOn}`,
    ),
  );

/** The specification's lines in the SQL's shape: NOT_YET_DUE is no outcome (null); a stray payment is UNMATCHED. */
function specifiedLines(
  expected: ExpectedLine[],
  recorded: RecordedPayment[],
  asOf: string,
): Line[] {
  const result = reconcile({ expected, recorded, asOf });
  return [
    ...result.lines.map((line) => ({
      key: line.key,
      outcome: line.outcome === 'NOT_YET_DUE' ? null : line.outcome,
      expectedPence: String(line.expectedPence),
      recordedPence: String(line.paidPence),
      dueOn: line.dueDate,
      paidOn: line.lastPaidDate ?? null,
    })),
    ...result.unmatched.map((payment) => ({
      key: payment.reference,
      outcome: 'UNMATCHED',
      expectedPence: '0',
      recordedPence: String(payment.amountPence),
      dueOn: null,
      paidOn: payment.paidDate,
    })),
  ];
}

describe('reconciliation outcomes: SQL against the domain specification', () => {
  it('scheduled fees: FEE_OUTCOMES_SQL gives each fee the outcome reconcile() gives it', async () => {
    const scenario = fc.record({
      fees: fc.uniqueArray(
        fc.record({
          description: fc.constantFrom('Q1 fee', 'Q2 fee', 'Q3 fee', 'Grant 1'),
          netPence: pence,
          dueOn: day,
        }),
        {
          maxLength: 3,
          selector: (fee) => fee.description,
        },
      ),
      payments: fc.array(
        fc.record({
          description: fc.constantFrom('Q1 fee', 'Q2 fee', 'Q3 fee', 'Grant 1', 'Setup fee'),
          amountPence: pence,
          paidOn: day,
        }),
        { maxLength: 4 },
      ),
      period,
      asOf: day,
    });
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        const subcontractId = await aSubcontract(db.pool, world);
        for (const payment of s.payments) {
          const paymentId = await insertRow(db.pool, 'subcontractor_payment', {
            programme_id: world.programmeId,
            prime_contract_id: world.primeContractId,
            subcontract_id: subcontractId,
            period_start: payment.paidOn,
            period_end: payment.paidOn,
            due_on: payment.paidOn,
            status: 'PAID',
            paid_reference: 'BACS',
            paid_on: payment.paidOn,
          });
          await insertRow(db.pool, 'subcontractor_payment_line', {
            programme_id: world.programmeId,
            prime_contract_id: world.primeContractId,
            subcontractor_payment_id: paymentId,
            description: payment.description,
            gross_pence: payment.amountPence,
            amount_pence: payment.amountPence,
          });
        }
        const { rows } = await db.pool.query<Line>(
          `SELECT coalesce(description, '') AS key, outcome::text AS outcome, expected_pence::text AS "expectedPence",
                  recorded_pence::text AS "recordedPence", due_on::text AS "dueOn", paid_on::text AS "paidOn"
           FROM (${FEE_OUTCOMES_SQL}) f`,
          [
            [subcontractId],
            s.period[0],
            s.period[1],
            s.fees.map(() => subcontractId),
            s.fees.map((fee) => fee.description),
            s.fees.map((fee) => String(fee.netPence)),
            s.fees.map((fee) => fee.dueOn),
            s.asOf,
          ],
        );
        const keys = new Set<string>(s.fees.map((fee) => fee.description));
        const expected = specifiedLines(
          s.fees.map((fee) => ({
            key: fee.description,
            amountPence: fee.netPence,
            dueDate: fee.dueOn,
          })),
          // A payment towards a scheduled fee counts whenever it was paid; a stray one only in the period.
          s.payments
            .filter((p) => keys.has(p.description) || inPeriod(p.paidOn, s.period))
            .map((p) => ({
              ...(keys.has(p.description) ? { key: p.description } : {}),
              amountPence: p.amountPence,
              paidDate: p.paidOn,
              reference: p.description,
            })),
          s.asOf,
        );
        expect(sorted(rows)).toEqual(sorted(expected));
      }),
      { numRuns: 80 },
    );
  }, 60_000);

  it('claims: CLAIM_LINES_SQL and CLAIM_TOTALS_SQL give each claim the outcome reconcile() gives it, clawbacks netted', async () => {
    const instant = '2030-01-01T00:00:00Z';
    const scenario = fc.record({
      entitlements: fc.array(
        fc.record({
          // null: a claim passed down that nothing entitled (the prime was never paid for it).
          expected: fc.option(fc.record({ pence, primeReceivedOn: day, dueOn: day }), { freq: 4 }),
          // A clawback of an entitled claim: its share (a fraction of the entitlement), borne by the prime
          // (stored) before or after the instant, and — if the claim was paid — perhaps passed down by then.
          clawback: fc.option(
            fc.record({
              fraction: fc.oneof(fc.constant(1), fc.double({ min: 0, max: 1, noNaN: true })),
              isBorneByInstant: fc.boolean(),
              isRecoveredByInstant: fc.option(fc.boolean(), { freq: 2 }),
            }),
            { freq: 2 },
          ),
          // Often exactly the expected amount (null here), so MATCHED and paid-late LATE turn up.
          paid: fc.option(
            fc.record({
              pence: fc.option(pence, { freq: 2 }),
              paidOn: day,
              isRecordedByInstant: fc.boolean(),
            }),
            { freq: 5 },
          ),
        }),
        { minLength: 1, maxLength: 4 },
      ),
      period,
      asOf: day,
    });
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        const subcontractId = await aSubcontract(db.pool, world);
        const remittanceId = await insertRow(db.pool, 'remittance', {
          programme_id: world.programmeId,
          prime_contract_id: world.primeContractId,
          period_start: '2026-04-01',
          period_end: '2026-04-30',
          status: 'PAID',
          paid_reference: 'BACS',
          paid_on: '2026-04-01',
        });
        const paymentId = await insertRow(db.pool, 'subcontractor_payment', {
          programme_id: world.programmeId,
          prime_contract_id: world.primeContractId,
          subcontract_id: subcontractId,
          period_start: '2026-04-01',
          period_end: '2026-04-30',
          due_on: '2026-04-30',
          status: 'PAID',
          paid_reference: 'BACS',
          paid_on: '2026-04-30',
        });
        const domainExpected: ExpectedLine[] = [];
        const domainRecorded: RecordedPayment[] = [];
        for (const { expected, paid: drawn, clawback } of s.entitlements) {
          const paid = drawn && { ...drawn, pence: drawn.pence ?? expected?.pence ?? 0n };
          const referralId = await aReferral(db.pool, world, {
            status: 'ALLOCATED',
            subcontract_id: subcontractId,
          });
          const claimId = await aClaim(
            db.pool,
            { ...world, referralId },
            { subcontract_id: subcontractId, status: 'APPROVED' },
          );
          const lineId = paid
            ? await insertRow(db.pool, 'subcontractor_payment_line', {
                programme_id: world.programmeId,
                prime_contract_id: world.primeContractId,
                subcontractor_payment_id: paymentId,
                claim_id: claimId,
                description: 'claim',
                gross_pence: paid.pence,
                amount_pence: paid.pence,
              })
            : null;
          await db.pool.query(
            `INSERT INTO subcontract_entitlement (claim_id, programme_id, prime_contract_id, subcontract_id, remittance_id, prime_fee_pence,
               prime_received_on, due_on, gross_pence, management_fee_pence, expected_pence, paid_pence, paid_on, paid_at, subcontractor_payment_line_id, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $6, 0, $6, $9, $10, $11, $12, '2026-01-01T00:00:00Z')`,
            [
              claimId,
              world.programmeId,
              world.primeContractId,
              subcontractId,
              expected ? remittanceId : null,
              expected ? String(expected.pence) : null,
              expected?.primeReceivedOn ?? null,
              expected?.dueOn ?? null,
              paid ? String(paid.pence) : '0',
              paid?.paidOn ?? null,
              paid
                ? paid.isRecordedByInstant
                  ? '2029-06-01T00:00:00Z'
                  : '2031-06-01T00:00:00Z'
                : null,
              lineId,
            ],
          );
          // The clawback's share; a recovery needs the claim's own payment and the clawback borne, and is
          // recorded no earlier than either.
          const clawedPence =
            expected && clawback
              ? BigInt(Math.floor(Number(expected.pence) * clawback.fraction))
              : null;
          const recovery =
            clawedPence !== null && paid && clawback?.isRecoveredByInstant != null
              ? {
                  isRecordedByInstant:
                    clawback.isRecoveredByInstant &&
                    paid.isRecordedByInstant &&
                    clawback.isBorneByInstant,
                }
              : null;
          if (clawedPence !== null && clawback) {
            const clawbackId = await insertRow(db.pool, 'claim_clawback', {
              programme_id: world.programmeId,
              prime_contract_id: world.primeContractId,
              claim_id: claimId,
              amount_pence: clawedPence > 0n ? clawedPence : 1n,
              reason: 'sample check failed',
              decided_by_user_id: world.userId,
            });
            const recoveryLineId = recovery
              ? await insertRow(db.pool, 'subcontractor_payment_line', {
                  programme_id: world.programmeId,
                  prime_contract_id: world.primeContractId,
                  subcontractor_payment_id: paymentId,
                  claim_id: claimId,
                  clawback_id: clawbackId,
                  description: 'clawback',
                  gross_pence: -clawedPence,
                  amount_pence: -clawedPence,
                })
              : null;
            await db.pool.query(
              `INSERT INTO subcontract_entitlement_clawback (clawback_id, claim_id, programme_id, prime_contract_id, subcontract_id, remittance_id, borne_on,
                 gross_pence, management_fee_pence, expected_pence, paid_pence, paid_on, paid_at, subcontractor_payment_line_id, created_at)
               VALUES ($1, $2, $3, $4, $5, $6, '2026-05-01', $7, 0, $7, $8, $9, $10, $11, $12)`,
              [
                clawbackId,
                claimId,
                world.programmeId,
                world.primeContractId,
                subcontractId,
                remittanceId,
                String(-clawedPence),
                recovery ? String(-clawedPence) : '0',
                recovery ? '2026-06-01' : null,
                recovery
                  ? recovery.isRecordedByInstant
                    ? '2029-07-01T00:00:00Z'
                    : '2031-07-01T00:00:00Z'
                  : null,
                recoveryLineId,
                clawback.isBorneByInstant ? '2029-05-01T00:00:00Z' : '2031-05-01T00:00:00Z',
              ],
            );
          }
          const isBorne = clawedPence !== null && clawback!.isBorneByInstant;
          const recoveredPence = recovery?.isRecordedByInstant ? clawedPence! : 0n;
          const isExpected = expected !== null && inPeriod(expected.primeReceivedOn, s.period);
          // Expected: the entitlement less a clawback borne by the instant; recorded: the claim's payment less
          // the clawback taken back by then (the claim's payment date still judges lateness).
          if (isExpected)
            domainExpected.push({
              key: claimId,
              amountPence: expected.pence - (isBorne ? clawedPence : 0n),
              dueDate: expected.dueOn,
            });
          // A payment counts once recorded by the instant; a stray one only if paid in the period.
          if (
            paid?.isRecordedByInstant &&
            (isExpected || (expected === null && inPeriod(paid.paidOn, s.period)))
          )
            domainRecorded.push({
              ...(isExpected ? { key: claimId } : {}),
              amountPence: paid.pence - (isExpected ? recoveredPence : 0n),
              paidDate: paid.paidOn,
              reference: claimId,
            });
        }
        const parameters = [[subcontractId], s.period[0], s.period[1], s.asOf, instant, null];
        const { rows } = await db.pool.query<Line>(
          `SELECT claim_id::text AS key, outcome::text AS outcome, expected_pence::text AS "expectedPence",
                  recorded_pence::text AS "recordedPence", due_on::text AS "dueOn", paid_on::text AS "paidOn"
           FROM (${CLAIM_LINES_SQL}) l`,
          parameters,
        );
        const specified = specifiedLines(domainExpected, domainRecorded, s.asOf);
        expect(sorted(rows)).toEqual(sorted(specified));

        const totals = await db.pool.query<{
          outcome: string | null;
          count: number;
          expectedPence: string;
          recordedPence: string;
        }>(CLAIM_TOTALS_SQL, parameters);
        const specifiedTotals = new Map<
          string | null,
          { count: number; expected: bigint; recorded: bigint }
        >();
        for (const line of specified) {
          const sum = specifiedTotals.get(line.outcome) ?? { count: 0, expected: 0n, recorded: 0n };
          specifiedTotals.set(line.outcome, {
            count: sum.count + 1,
            expected: sum.expected + BigInt(line.expectedPence),
            recorded: sum.recorded + BigInt(line.recordedPence),
          });
        }
        expect(
          new Map(
            totals.rows.map((t) => [
              t.outcome,
              {
                count: t.count,
                expected: BigInt(t.expectedPence),
                recorded: BigInt(t.recordedPence),
              },
            ]),
          ),
        ).toEqual(specifiedTotals);
      }),
      { numRuns: 50 },
    );
  }, 60_000);
});
