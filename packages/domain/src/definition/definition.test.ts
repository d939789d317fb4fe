import fc from 'fast-check';
import { addDays } from '../dates/add-days.js';
import { type Journey } from '../milestones/journey.types.js';
import { parseDefinition } from './check-definition.js';
import { type PaymentModelDefinition } from './payment-model-definition.schema.js';
import { claimableNow, forecastJourney, priceUnder, programmeRulesOf } from './programme-rules.js';
import { compareSimulations, simulateParticipant } from './simulate-participant.js';
import { NEEDS_BASED_TEMPLATE, WORK_PROGRAMME_TEMPLATE } from './templates.js';

/** A small programme of our own: two groups, three milestones, a taper and a cap. */
function aDefinition(overrides: Partial<PaymentModelDefinition> = {}): PaymentModelDefinition {
  return {
    paymentGroups: [
      { code: 'LOW', name: 'Lower need' },
      { code: 'HIGH', name: 'Higher need' },
    ],
    grouping: {
      rules: [
        {
          id: 'HIGH_SCORE',
          description: 'score of 6 or more',
          when: { kind: 'TOTAL_SCORE_AT_LEAST', score: 6 },
          paymentGroup: 'HIGH',
        },
      ],
      fallback: { id: 'LOW_OTHERWISE', description: 'everyone else', paymentGroup: 'LOW' },
    },
    milestones: [
      {
        code: 'START',
        name: 'Start',
        prerequisites: [],
        trigger: { kind: 'RECORDED' },
        maxOccurrences: 1,
        claimWithinDays: 60,
        evidenceRequired: [],
      },
      {
        code: 'EARNINGS',
        name: 'Earnings threshold',
        prerequisites: ['START'],
        trigger: {
          kind: 'EARNINGS_REACHED',
          thresholdPence: { byGroup: { LOW: '300000' }, otherwise: '200000' },
        },
        maxOccurrences: 1,
        claimWithinDays: 90,
        evidenceRequired: [],
      },
      {
        code: 'PROGRESS',
        name: 'Distance travelled',
        prerequisites: ['START'],
        trigger: { kind: 'BARRIERS_IMPROVED', points: 2 },
        maxOccurrences: 2,
        claimWithinDays: 90,
        evidenceRequired: [],
      },
    ],
    tariffs: [
      { paymentGroup: 'LOW', milestone: 'START', amountsPence: ['20000'] },
      { paymentGroup: 'HIGH', milestone: 'START', amountsPence: ['40000'] },
      { paymentGroup: 'LOW', milestone: 'EARNINGS', amountsPence: ['100000'] },
      { paymentGroup: 'HIGH', milestone: 'EARNINGS', amountsPence: ['250000'] },
      { paymentGroup: 'LOW', milestone: 'PROGRESS', amountsPence: ['5000', '3000'] },
      { paymentGroup: 'HIGH', milestone: 'PROGRESS', amountsPence: ['8000'] },
    ],
    tapers: [{ milestone: 'START', basisPointsByContractYear: [10_000, 5_000] }],
    caps: { perParticipantPence: '300000' },
    ...overrides,
  };
}

const problemsOf = (input: unknown) => {
  const parsed = parseDefinition(input);
  return parsed.ok ? [] : parsed.problems;
};

describe('payment model definitions', () => {
  it('accepts both templates and a definition of our own', () => {
    expect(problemsOf(WORK_PROGRAMME_TEMPLATE)).toEqual([]);
    expect(problemsOf(NEEDS_BASED_TEMPLATE)).toEqual([]);
    expect(problemsOf(aDefinition())).toEqual([]);
  });

  it('refuses a paid milestone with no amount for a group, naming the milestone', () => {
    const definition = aDefinition();
    const problems = problemsOf({
      ...definition,
      tariffs: definition.tariffs.filter(
        (t) => !(t.paymentGroup === 'HIGH' && t.milestone === 'EARNINGS'),
      ),
    });
    expect(problems).toEqual([
      {
        path: 'milestones[1]',
        message: expect.stringContaining('EARNINGS has no amount for payment group HIGH'),
      },
    ]);
  });

  it('refuses an unreachable group, a rising taper and a cap below a tariff, each at its path', () => {
    const problems = problemsOf(
      aDefinition({
        grouping: {
          rules: [],
          fallback: { id: 'ALL_LOW', description: 'everyone', paymentGroup: 'LOW' },
        },
        tapers: [{ milestone: 'START', basisPointsByContractYear: [5_000, 7_500] }],
        caps: { perParticipantPence: '100000' },
      }),
    );
    expect(problems.map((p) => p.path).sort()).toEqual([
      'caps.perParticipantPence',
      'paymentGroups[1]',
      'tapers[0].basisPointsByContractYear[1]',
    ]);
    expect(problems.find((p) => p.path === 'paymentGroups[1]')?.message).toContain(
      'HIGH is unreachable',
    );
  });

  it('refuses per-occurrence amounts that do not match the occurrences, unknown references and bad shapes', () => {
    const definition = aDefinition();
    expect(
      problemsOf({
        ...definition,
        tariffs: definition.tariffs.map((t) =>
          t.milestone === 'PROGRESS' && t.paymentGroup === 'LOW'
            ? { ...t, amountsPence: ['1', '2', '3'] }
            : t,
        ),
      }),
    ).toEqual([
      {
        path: 'tariffs[4].amountsPence',
        message: expect.stringContaining('lists 3 amounts but PROGRESS can occur 2 times'),
      },
    ]);
    expect(
      problemsOf({
        ...definition,
        milestones: [
          ...definition.milestones,
          { ...definition.milestones[0], code: 'LATER', prerequisites: ['NOWHERE'] },
        ],
      }),
    ).toEqual([
      { path: 'milestones[3].prerequisites[0]', message: 'milestone NOWHERE is not in milestones' },
    ]);
    expect(
      problemsOf({
        ...definition,
        tariffs: [{ paymentGroup: 'LOW', milestone: 'START', amountsPence: ['-5'] }],
      })[0]?.path,
    ).toBe('tariffs[0].amountsPence[0]');
  });
});

describe('the seeded Work Programme rules', () => {
  const rules = programmeRulesOf({
    paymentModelId: 'wp',
    name: 'Work Programme',
    versions: [
      { id: 'v1', version: 1, effectiveFrom: '2024-04-01', definition: WORK_PROGRAMME_TEMPLATE },
    ],
  });
  const journey = (today: string): { journey: Journey; paymentGroup: string; today: string } => ({
    journey: {
      referralDate: '2025-01-06',
      attachmentDate: '2025-01-06',
      events: [],
      jobs: [{ startDate: '2025-02-03' }],
      claims: [],
    },
    paymentGroup: 'JSA_25_PLUS',
    today,
  });

  it('makes a JSA 25+ job outcome claimable only after 26 weeks in work', () => {
    const at13Weeks = claimableNow(rules, journey(addDays('2025-02-03', 13 * 7)));
    expect(at13Weeks.map((a) => a.code)).toEqual(['ATTACHMENT']);
    const at26Weeks = claimableNow(rules, journey(addDays('2025-02-03', 26 * 7)));
    expect(at26Weeks.find((a) => a.code === 'JOB_OUTCOME')).toMatchObject({
      milestoneDate: '2025-08-04',
    });
  });

  it('stops sustainments at the definition’s 22 periods for JSA 25+, each 15 working days after its period', () => {
    const claimed = Array.from({ length: 22 }, (_, i) => ({
      code: 'SUSTAINMENT',
      occurrence: i + 1,
    }));
    const state = journey('2027-12-01');
    const after = claimableNow(rules, {
      ...state,
      journey: {
        ...state.journey,
        claims: [
          ...claimed,
          { code: 'ATTACHMENT', occurrence: 1 },
          { code: 'JOB_OUTCOME', occurrence: 1 },
        ],
      },
    });
    expect(after).toEqual([]);
    const first = claimableNow(rules, journey('2025-09-22')).find((a) => a.code === 'SUSTAINMENT');
    // Period 1 ends 2025-09-01; 15 working days later is 2025-09-22.
    expect(first).toMatchObject({
      occurrence: 1,
      milestoneDate: '2025-09-01',
      claimableFrom: '2025-09-22',
    });
  });
});

describe('the simulator', () => {
  const v1 = {
    id: 'v1',
    version: 1,
    effectiveFrom: '2026-04-01',
    effectiveTo: '2026-09-30',
    definition: aDefinition(),
  };
  const v2Definition = aDefinition({
    tariffs: aDefinition().tariffs.map((t) =>
      t.milestone === 'EARNINGS' && t.paymentGroup === 'HIGH'
        ? { ...t, amountsPence: ['200000'] }
        : t,
    ),
  });
  const participant = {
    benefitType: 'UC',
    barriers: [
      { type: 'HOUSING' as const, severity: 3 as const },
      { type: 'HEALTH' as const, severity: 3 as const },
    ],
    referralDate: '2026-05-04',
    attachmentDate: '2026-05-04',
    recorded: [{ code: 'START', date: '2026-05-04' }],
    earnings: [
      { date: '2026-08-31', amountPence: 120_000n },
      { date: '2026-10-31', amountPence: 90_000n },
    ],
    reassessments: [
      {
        date: '2026-07-01',
        barriers: [
          { type: 'HOUSING' as const, severity: 1 as const },
          { type: 'HEALTH' as const, severity: 3 as const },
        ],
      },
    ],
  };

  it('explains the group and prices each milestone by the version in force on its date', () => {
    const rules = programmeRulesOf({
      paymentModelId: 'm',
      name: 'Ours',
      versions: [
        v1,
        { id: 'v2', version: 2, effectiveFrom: '2026-10-01', definition: v2Definition },
      ],
    });
    const simulation = simulateParticipant(rules, {
      participant,
      contractStartDate: '2026-04-01',
      horizonDays: 365,
    });
    expect(simulation.paymentGroup).toBe('HIGH');
    expect(simulation.groupExplanation).toContain('score of 6 or more');
    // START £400 (year 1); PROGRESS #1 on 2026-07-01 (score 6 → 4) £80; EARNINGS reached £2,100 ≥ £2,000 on 2026-10-31 under v2: £2,000.
    expect(
      simulation.schedule.map((m) => [
        m.code,
        m.occurrence,
        m.milestoneDate,
        m.amountPence,
        m.tariffVersion,
      ]),
    ).toEqual([
      ['START', 1, '2026-05-04', 40_000n, 'v1'],
      ['PROGRESS', 1, '2026-07-01', 8_000n, 'v1'],
      ['EARNINGS', 1, '2026-10-31', 200_000n, 'v2'],
    ]);
    expect(simulation.totalPence).toBe(248_000n);
    const onlyV1 = simulateParticipant(
      programmeRulesOf({
        paymentModelId: 'm',
        name: 'Ours',
        versions: [{ ...v1, effectiveTo: undefined }],
      }),
      { participant, contractStartDate: '2026-04-01', horizonDays: 365 },
    );
    // Under v1 alone: £400 + £80 + £2,500 = £2,980, just inside the £3,000 participant cap.
    expect(onlyV1.totalPence).toBe(298_000n);
    expect(compareSimulations(onlyV1, simulation)).toEqual({
      differences: [
        {
          code: 'EARNINGS',
          name: 'Earnings threshold',
          occurrence: 1,
          before: { claimableFrom: '2026-10-31', amountPence: 250_000n },
          after: { claimableFrom: '2026-10-31', amountPence: 200_000n },
        },
      ],
      totalChangePence: -50_000n,
    });
  });
});

describe('claimable, forecast and pricing agree for any definition and journey', () => {
  const groupArb = fc.constantFrom('LOW', 'HIGH');
  const dayArb = (from: string, span: number) =>
    fc.integer({ min: 0, max: span }).map((n) => addDays(from, n));
  const definitionArb = fc.record({
    startAmount: fc.integer({ min: 0, max: 100_000 }),
    earningsAmount: fc.integer({ min: 0, max: 300_000 }),
    threshold: fc.integer({ min: 1, max: 500_000 }),
    progressPoints: fc.integer({ min: 1, max: 4 }),
    progressTimes: fc.integer({ min: 1, max: 3 }),
    taperYear2: fc.integer({ min: 0, max: 10_000 }),
    capPence: fc.option(fc.integer({ min: 300_000, max: 1_000_000 }), { nil: undefined }),
    claimWithinDays: fc.integer({ min: 0, max: 400 }),
  });
  const journeyArb = fc.record({
    referral: dayArb('2026-04-01', 400),
    startAfter: fc.option(fc.integer({ min: 0, max: 60 }), { nil: undefined }),
    earnings: fc.array(
      fc.record({
        after: fc.integer({ min: 0, max: 500 }),
        pence: fc.integer({ min: 0, max: 200_000 }),
      }),
      { maxLength: 6 },
    ),
    scores: fc.array(
      fc.record({
        after: fc.integer({ min: 0, max: 500 }),
        score: fc.integer({ min: 0, max: 12 }),
      }),
      { maxLength: 4 },
    ),
    todayAfter: fc.integer({ min: 0, max: 900 }),
    group: groupArb,
  });

  it('every claimable occurrence is in the forecast as claimable now, and priced as the stored definition prices it', () => {
    fc.assert(
      fc.property(definitionArb, journeyArb, (d, j) => {
        const definition = aDefinition({
          milestones: aDefinition().milestones.map((m) =>
            m.code === 'EARNINGS'
              ? {
                  ...m,
                  trigger: {
                    kind: 'EARNINGS_REACHED' as const,
                    thresholdPence: String(d.threshold),
                  },
                  claimWithinDays: d.claimWithinDays,
                }
              : m.code === 'PROGRESS'
                ? {
                    ...m,
                    trigger: { kind: 'BARRIERS_IMPROVED' as const, points: d.progressPoints },
                    maxOccurrences: d.progressTimes,
                  }
                : { ...m, claimWithinDays: d.claimWithinDays },
          ),
          tariffs: ['LOW', 'HIGH'].flatMap((group) => [
            { paymentGroup: group, milestone: 'START', amountsPence: [String(d.startAmount)] },
            {
              paymentGroup: group,
              milestone: 'EARNINGS',
              amountsPence: [String(d.earningsAmount)],
            },
            { paymentGroup: group, milestone: 'PROGRESS', amountsPence: ['1000'] },
          ]),
          tapers: [{ milestone: 'START', basisPointsByContractYear: [10_000, d.taperYear2] }],
          caps: d.capPence === undefined ? {} : { perParticipantPence: String(d.capPence) },
        });
        expect(problemsOf(definition)).toEqual([]);
        const rules = programmeRulesOf({
          paymentModelId: 'p',
          name: 'Property',
          versions: [{ id: 'v', version: 1, effectiveFrom: '2026-04-01', definition }],
        });
        const journey: Journey = {
          referralDate: j.referral,
          attachmentDate: j.referral,
          events:
            j.startAfter === undefined
              ? []
              : [{ code: 'START', date: addDays(j.referral, j.startAfter), occurrence: 1 }],
          jobs: [],
          earnings: j.earnings.map((e) => ({
            date: addDays(j.referral, e.after),
            amountPence: BigInt(e.pence),
          })),
          assessments: j.scores.map((s) => ({
            date: addDays(j.referral, s.after),
            score: s.score,
          })),
          claims: [],
        };
        const today = addDays(j.referral, j.todayAfter);
        const claimable = claimableNow(rules, { journey, paymentGroup: j.group, today });
        const forecast = forecastJourney(rules, {
          journey,
          paymentGroup: j.group,
          today,
          horizonDays: 0,
          contractStartDate: '2026-04-01',
        });
        const now = forecast.filter((f) => f.basis === 'CLAIMABLE_NOW');
        for (const item of claimable) {
          const match = now.find((f) => f.code === item.code && f.occurrence === item.occurrence);
          expect(match).toBeDefined();
          const price = priceUnder(rules, {
            paymentGroup: j.group,
            code: item.code,
            occurrence: item.occurrence,
            milestoneDate: item.milestoneDate as string,
            contractStartDate: '2026-04-01',
            alreadyPaidForParticipantPence: 0n,
            alreadyPaidForContractPence: 0n,
          });
          const base = BigInt(
            definition.tariffs.find((t) => t.paymentGroup === j.group && t.milestone === item.code)
              ?.amountsPence[0] ?? '0',
          );
          const taper =
            item.code === 'START' && item.milestoneDate! >= '2027-04-01' ? d.taperYear2 : 10_000;
          const capped = (base * BigInt(taper) + 5_000n) / 10_000n; // half up, to whole pence
          expect(price.amountPence).toBe(
            d.capPence !== undefined && capped > BigInt(d.capPence) ? BigInt(d.capPence) : capped,
          );
        }
        expect(now.length).toBe(claimable.length);
      }),
      { numRuns: 300, seed: 20_261_206 },
    );
  });
});
