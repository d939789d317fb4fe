import { DomainError } from '../errors/domain-error.js';
import { WORK_PROGRAMME_MODEL } from '../models/work-programme.model.js';
import { NEEDS_BASED_MODEL } from '../models/needs-based.model.js';
import { contractYearOf } from './contract-year-of.js';
import { priceMilestone, type PriceMilestoneInput } from './price-milestone.js';
import { TariffError } from './tariff.errors.js';
import { type PaymentModel } from './tariff.types.js';

const aPricing = (overrides: Partial<PriceMilestoneInput> = {}): PriceMilestoneInput => ({
  model: WORK_PROGRAMME_MODEL,
  paymentGroup: 'JSA_18_24',
  milestoneCode: 'JOB_OUTCOME',
  milestoneDate: '2011-12-01',
  occurrence: 1,
  contractStartDate: '2011-06-01',
  alreadyPaidForParticipantPence: 0n,
  alreadyPaidForContractPence: 0n,
  ...overrides,
});

const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (error) {
    return error instanceof DomainError ? error.code : 'not a DomainError';
  }
  return undefined;
};

const aVersionedModel = (): PaymentModel => ({
  id: 'TEST',
  name: 'test',
  paymentGroups: ['G'],
  versions: [
    {
      version: 'v1',
      effectiveFrom: '2026-04-01',
      effectiveTo: '2027-03-31',
      tariffs: [{ paymentGroup: 'G', milestoneCode: 'JOB_START', amountPence: 500_00n }],
    },
    {
      version: 'v2',
      effectiveFrom: '2027-04-01',
      tariffs: [{ paymentGroup: 'G', milestoneCode: 'JOB_START', amountPence: 550_00n }],
    },
  ],
});

describe('priceMilestone', () => {
  it('pays a JSA 18–24 job outcome at £1,200 in year 1 (WP reference figures)', () => {
    const price = priceMilestone(aPricing());
    expect(price.amountPence).toBe(1_200_00n);
    expect(price.tariffVersion).toBe('WP-2011');
    expect(price.cappedBy).toBeUndefined();
  });

  it('pays an ESA volunteer job outcome at £1,000 (WP reference figures)', () => {
    expect(priceMilestone(aPricing({ paymentGroup: 'ESA_VOLUNTEERS' })).amountPence).toBe(
      1_000_00n,
    );
  });

  it('tapers the WP attachment fee each contract year until it is gone in year 4', () => {
    const attachment = (milestoneDate: string) =>
      priceMilestone(aPricing({ milestoneCode: 'ATTACHMENT', milestoneDate })).amountPence;
    expect(attachment('2011-06-01')).toBe(400_00n);
    expect(attachment('2012-06-01')).toBe(300_00n);
    expect(attachment('2013-06-01')).toBe(200_00n);
    expect(attachment('2014-06-01')).toBe(0n);
    expect(attachment('2016-06-01')).toBe(0n);
  });

  it('spreads the JSA 25+ sustainment total of £2,795 over its periods to the penny', () => {
    const total = Array.from(
      { length: 22 },
      (_, i) =>
        priceMilestone(
          aPricing({
            paymentGroup: 'JSA_25_PLUS',
            milestoneCode: 'SUSTAINMENT',
            occurrence: i + 1,
          }),
        ).amountPence,
    ).reduce((a, b) => a + b, 0n);
    expect(total).toBe(2_795_00n);
  });

  it('uses the tariff version in force on the milestone date', () => {
    const model = aVersionedModel();
    const base = aPricing({
      model,
      paymentGroup: 'G',
      milestoneCode: 'JOB_START',
      contractStartDate: '2026-04-01',
    });
    expect(priceMilestone({ ...base, milestoneDate: '2027-03-31' })).toMatchObject({
      amountPence: 500_00n,
      tariffVersion: 'v1',
    });
    expect(priceMilestone({ ...base, milestoneDate: '2027-04-01' })).toMatchObject({
      amountPence: 550_00n,
      tariffVersion: 'v2',
    });
  });

  it('reduces the price to what is left under the participant cap, never below zero', () => {
    const base = aPricing({
      model: NEEDS_BASED_MODEL,
      paymentGroup: 'D',
      milestoneDate: '2026-09-01',
      contractStartDate: '2026-04-01',
    });
    const capped = priceMilestone({ ...base, alreadyPaidForParticipantPence: 9_000_00n });
    expect(capped).toMatchObject({ amountPence: 1_000_00n, cappedBy: 'PARTICIPANT_CAP' });
    expect(
      priceMilestone({ ...base, alreadyPaidForParticipantPence: 12_000_00n }).amountPence,
    ).toBe(0n);
  });

  it('applies the prime contract value cap', () => {
    const price = priceMilestone(
      aPricing({ contractValueCapPence: 1_000_000_00n, alreadyPaidForContractPence: 999_500_00n }),
    );
    expect(price).toMatchObject({ amountPence: 500_00n, cappedBy: 'CONTRACT_CAP' });
  });

  it('refuses a date with no tariff in force', () => {
    expect(codeOf(() => priceMilestone(aPricing({ milestoneDate: '2018-01-01' })))).toBe(
      TariffError.NO_TARIFF_IN_FORCE,
    );
  });

  it('refuses a group or milestone the model does not pay, listing what it does', () => {
    expect(codeOf(() => priceMilestone(aPricing({ paymentGroup: 'NOPE' })))).toBe(
      TariffError.GROUP_NOT_IN_MODEL,
    );
    try {
      priceMilestone(aPricing({ milestoneCode: 'VOLUNTEERING' }));
    } catch (error) {
      expect((error as DomainError).code).toBe(TariffError.MILESTONE_NOT_IN_MODEL);
      expect((error as DomainError).details.allowed).toEqual([
        'ATTACHMENT',
        'JOB_OUTCOME',
        'SUSTAINMENT',
      ]);
    }
  });

  it('refuses a sustainment occurrence beyond the group’s periods', () => {
    expect(
      codeOf(() => priceMilestone(aPricing({ milestoneCode: 'SUSTAINMENT', occurrence: 21 }))),
    ).toBe(TariffError.OCCURRENCE_OUT_OF_RANGE);
  });
});

describe('contractYearOf', () => {
  it('counts contract years from each anniversary of the start date', () => {
    expect(contractYearOf({ contractStartDate: '2011-06-01', date: '2011-06-01' })).toBe(1);
    expect(contractYearOf({ contractStartDate: '2011-06-01', date: '2012-05-31' })).toBe(1);
    expect(contractYearOf({ contractStartDate: '2011-06-01', date: '2012-06-01' })).toBe(2);
    expect(
      codeOf(() => contractYearOf({ contractStartDate: '2011-06-01', date: '2011-05-31' })),
    ).toBe(TariffError.DATE_BEFORE_CONTRACT_START);
  });
});
