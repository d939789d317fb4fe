import fc from 'fast-check';
import { allocateReferral, type AllocationCandidate } from './allocate-referral.js';

const aCandidate = (overrides: Partial<AllocationCandidate> = {}): AllocationCandidate => ({
  id: 'sub-1',
  areas: ['NORTH_EAST'],
  groupsServed: ['C', 'D'],
  specialisms: [],
  capacity: 100,
  currentCaseload: 0,
  bidShareBasisPoints: 5000,
  referralsReceived: 0,
  ...overrides,
});
const referral = { paymentGroup: 'C', area: 'NORTH_EAST', specialismsNeeded: ['MENTAL_HEALTH'] };

describe('allocateReferral', () => {
  it('names why each subcontract was excluded when none is eligible', () => {
    const result = allocateReferral({
      referral,
      policy: 'BID_SHARE',
      candidates: [
        aCandidate({ id: 'a', areas: ['LONDON'] }),
        aCandidate({ id: 'b', groupsServed: ['A'] }),
        aCandidate({ id: 'c', capacity: 10, currentCaseload: 10 }),
      ],
    });
    expect(result.kind).toBe('NO_ELIGIBLE_SUBCONTRACTOR');
    expect(result.considered.map((c) => c.whyNot)).toEqual([
      'AREA_NOT_COVERED',
      'GROUP_NOT_SERVED',
      'AT_CAPACITY',
    ]);
  });

  it('gives a bid-share referral to the subcontract furthest below its promised share', () => {
    // Roughly a third of WP subcontractors got no referrals: the bid-share rule corrects that.
    const result = allocateReferral({
      referral,
      policy: 'BID_SHARE',
      candidates: [
        aCandidate({ id: 'big', bidShareBasisPoints: 8000, referralsReceived: 90 }),
        aCandidate({ id: 'small', bidShareBasisPoints: 2000, referralsReceived: 10 }),
      ],
    });
    expect(result).toMatchObject({ kind: 'ALLOCATED', subcontractId: 'small', rule: 'BID_SHARE' });
  });

  it('prefers the specialist under SPECIALISM_FIRST', () => {
    const result = allocateReferral({
      referral,
      policy: 'SPECIALISM_FIRST',
      candidates: [
        aCandidate({ id: 'generalist', bidShareBasisPoints: 9000 }),
        aCandidate({ id: 'specialist', specialisms: ['MENTAL_HEALTH'], bidShareBasisPoints: 1000 }),
      ],
    });
    expect(result).toMatchObject({ kind: 'ALLOCATED', subcontractId: 'specialist' });
  });

  it('takes turns under ROUND_ROBIN', () => {
    const result = allocateReferral({
      referral,
      policy: 'ROUND_ROBIN',
      candidates: [
        aCandidate({ id: 'a', referralsReceived: 3 }),
        aCandidate({ id: 'b', referralsReceived: 2 }),
      ],
    });
    expect(result).toMatchObject({ subcontractId: 'b' });
  });

  it('converges actual shares on bid shares within one referral and never exceeds capacity', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            bid: fc.integer({ min: 1, max: 10_000 }),
            capacity: fc.integer({ min: 0, max: 300 }),
          }),
          { minLength: 1, maxLength: 6 },
        ),
        fc.integer({ min: 1, max: 200 }),
        (specs, referrals) => {
          const state = specs.map((s, i) =>
            aCandidate({ id: `s${i}`, bidShareBasisPoints: s.bid, capacity: s.capacity }),
          );
          const uncapped = specs.every((s) => s.capacity >= referrals);
          for (let n = 0; n < referrals; n += 1) {
            const result = allocateReferral({ referral, policy: 'BID_SHARE', candidates: state });
            if (result.kind !== 'ALLOCATED') break;
            const index = state.findIndex((c) => c.id === result.subcontractId);
            const chosen = state[index] as AllocationCandidate;
            state[index] = {
              ...chosen,
              referralsReceived: chosen.referralsReceived + 1,
              currentCaseload: chosen.currentCaseload + 1,
            };
          }
          state.forEach((c) => expect(c.currentCaseload).toBeLessThanOrEqual(c.capacity));
          if (!uncapped) return;
          const total = state.reduce((sum, c) => sum + c.referralsReceived, 0);
          const bidTotal = state.reduce((sum, c) => sum + c.bidShareBasisPoints, 0);
          state.forEach((c) => {
            expect(
              Math.abs(c.referralsReceived - (c.bidShareBasisPoints * total) / bidTotal),
            ).toBeLessThanOrEqual(1);
          });
        },
      ),
    );
  });
});
