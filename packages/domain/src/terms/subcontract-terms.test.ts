import { type SubcontractTerms } from './subcontract-terms.types.js';
import { computeSubcontractorEntitlement } from './compute-subcontractor-entitlement.js';
import { schedulePeriodicPayments } from './schedule-periodic-payments.js';

const common = { managementFeeBasisPoints: 1000, paymentSlaDays: 30 };
const claim = { milestoneCode: 'JOB_OUTCOME' as const, occurrence: 1 };

describe('computeSubcontractorEntitlement', () => {
  it('passes down a PBR share of the prime’s fee less the management fee, due after the SLA', () => {
    const terms: SubcontractTerms = { kind: 'PBR_SHARE', shareBasisPoints: 7000, ...common };
    const result = computeSubcontractorEntitlement({
      terms,
      claim,
      primeFeePence: 1_200_00n,
      primeReceivedDate: '2012-07-01',
    });
    expect(result).toMatchObject({
      grossPence: 840_00n,
      managementFeePence: 84_00n,
      netPence: 756_00n,
      dueDate: '2012-07-31',
    });
  });

  it('pays its own rate per milestone under MILESTONE_TARIFF, and nothing for an unlisted code', () => {
    const terms: SubcontractTerms = {
      kind: 'MILESTONE_TARIFF',
      ratesPence: { JOB_OUTCOME: 900_00n },
      ...common,
      managementFeeBasisPoints: 0,
    };
    expect(
      computeSubcontractorEntitlement({
        terms,
        claim,
        primeFeePence: 1_200_00n,
        primeReceivedDate: '2012-07-01',
      }).netPence,
    ).toBe(900_00n);
    expect(
      computeSubcontractorEntitlement({
        terms,
        claim: { milestoneCode: 'ATTACHMENT', occurrence: 1 },
        primeFeePence: 400_00n,
        primeReceivedDate: '2012-07-01',
      }).netPence,
    ).toBe(0n);
  });

  it('owes nothing per claim under a service fee or grant', () => {
    const terms: SubcontractTerms = { kind: 'GRANT', instalments: [], ...common };
    expect(
      computeSubcontractorEntitlement({
        terms,
        claim,
        primeFeePence: 1_200_00n,
        primeReceivedDate: '2012-07-01',
      }).grossPence,
    ).toBe(0n);
  });
});

describe('computeSubcontractorEntitlement: short payments', () => {
  // The commissioner paid £1,000.00 of a £1,200.00 claim.
  const short = {
    claim,
    primeFeePence: 1_200_00n,
    primeReceivedPence: 1_000_00n,
    primeReceivedDate: '2024-04-05',
  };

  it('back-to-back: a PBR share of what the prime received; an own rate scaled by received ÷ fee', () => {
    const share: SubcontractTerms = {
      kind: 'PBR_SHARE',
      shareBasisPoints: 7000,
      shortPaymentFlowDown: 'BACK_TO_BACK',
      ...common,
    };
    expect(computeSubcontractorEntitlement({ terms: share, ...short })).toMatchObject({
      grossPence: 700_00n,
      managementFeePence: 70_00n,
      netPence: 630_00n,
    });
    const tariff: SubcontractTerms = {
      kind: 'HYBRID',
      contractValuePence: 0n,
      upfrontBasisPoints: 0,
      upfrontInstalments: 1,
      startDate: '2024-01-01',
      ratesPence: { JOB_OUTCOME: 333_33n },
      shortPaymentFlowDown: 'BACK_TO_BACK',
      ...common,
    };
    // £333.33 × 1,000 / 1,200 = £277.775 → £277.78 (half away from zero), less 10 % (£27.78) = £250.00.
    expect(computeSubcontractorEntitlement({ terms: tariff, ...short })).toMatchObject({
      grossPence: 277_78n,
      managementFeePence: 27_78n,
      netPence: 250_00n,
    });
  });

  it('the prime bears it by default, and an overpayment is never passed down', () => {
    const primeBears: SubcontractTerms = { kind: 'PBR_SHARE', shareBasisPoints: 7000, ...common };
    expect(computeSubcontractorEntitlement({ terms: primeBears, ...short }).netPence).toBe(756_00n);
    const backToBack: SubcontractTerms = { ...primeBears, shortPaymentFlowDown: 'BACK_TO_BACK' };
    expect(
      computeSubcontractorEntitlement({
        terms: backToBack,
        ...short,
        primeReceivedPence: 1_500_00n,
      }).netPence,
    ).toBe(756_00n);
  });
});

describe('schedulePeriodicPayments', () => {
  it('pays a monthly service fee in arrears, SLA days after each month ends', () => {
    const terms: SubcontractTerms = {
      kind: 'SERVICE_FEE',
      feePerPeriodPence: 2_000_00n,
      periodMonths: 1,
      startDate: '2026-04-01',
      ...common,
    };
    const payments = schedulePeriodicPayments({
      terms,
      periodStart: '2026-04-01',
      periodEnd: '2026-07-31',
    });
    expect(payments.map((p) => [p.dueDate, p.netPence])).toEqual([
      ['2026-05-30', 1_800_00n],
      ['2026-06-30', 1_800_00n],
      ['2026-07-30', 1_800_00n],
    ]);
  });

  it('lists grant instalments falling in the window', () => {
    const terms: SubcontractTerms = {
      kind: 'GRANT',
      instalments: [
        { dueDate: '2026-04-01', amountPence: 5_000_00n },
        { dueDate: '2026-10-01', amountPence: 5_000_00n },
      ],
      ...common,
      managementFeeBasisPoints: 0,
    };
    expect(
      schedulePeriodicPayments({ terms, periodStart: '2026-04-01', periodEnd: '2026-09-30' }),
    ).toHaveLength(1);
  });

  it('splits a hybrid upfront share (30 %, as the WHP delivery fee) into instalments to the penny', () => {
    const terms: SubcontractTerms = {
      kind: 'HYBRID',
      contractValuePence: 100_000_01n,
      upfrontBasisPoints: 3000,
      upfrontInstalments: 12,
      startDate: '2026-04-01',
      ratesPence: { JOB_OUTCOME: 500_00n },
      ...common,
      managementFeeBasisPoints: 0,
    };
    const payments = schedulePeriodicPayments({
      terms,
      periodStart: '2026-01-01',
      periodEnd: '2027-12-31',
    });
    expect(payments).toHaveLength(12);
    expect(payments.reduce((sum, p) => sum + p.grossPence, 0n)).toBe(30_000_00n);
    expect(payments[11]?.dueDate).toBe('2027-03-01');
  });

  it('schedules nothing for PBR share terms', () => {
    const terms: SubcontractTerms = { kind: 'PBR_SHARE', shareBasisPoints: 7000, ...common };
    expect(
      schedulePeriodicPayments({ terms, periodStart: '2026-01-01', periodEnd: '2027-12-31' }),
    ).toEqual([]);
  });
});
