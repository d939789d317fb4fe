// W10's proof: a programme built only through the API (no seed, no SQL) with two payment models on
// two prime contracts, a subcontract on each, and participants referred, delivered, claimed and
// paid. At every step the claimable list, the forecast's "claimable now" and the drafted claims
// agree with each other and with figures computed by hand here: the version switch on the
// milestone date, the contract-year taper and the occurrence cap. Time is the API's injected
// clock, moved day by day, so the test passes on any day.
import { type PaymentModelDefinitionInput } from '@waymark/domain';
import { CLOCK, fixedClock, type Clock } from '../common/clock/clock';

import { anOrganisation } from '@waymark/db/test-support';
import { call } from '../test-support/http';
import { createTestApp, type TestApp } from '../test-support/test-app';
import { aSignedInUser } from '../test-support/signed-in-user';

let api: TestApp;
let clock: Clock;
beforeAll(async () => {
  api = await createTestApp();
  clock = api.app.get<Clock>(CLOCK);
});
afterAll(async () => {
  await api.close();
});

function setDay(day: string) {
  Object.assign(clock, fixedClock(day));
}

const token = async (organisationId: string, roles: ('ADMIN' | 'CASEWORKER' | 'FINANCE')[]) =>
  (await aSignedInUser(api.baseUrl, api.db.pool, { organisationId, roles })).token;

async function ok<T = any>(
  method: string,
  path: string,
  as: string,
  body?: unknown,
  headers?: Record<string, string>,
): Promise<T> {
  const result = await call(api.baseUrl, method, path, {
    token: as,
    ...(body === undefined ? {} : { body }),
    ...(headers ? { headers } : {}),
  });
  if (result.status >= 300)
    throw new Error(`${method} ${path} → ${result.status} ${JSON.stringify(result.body)}`);
  return result.body as T;
}

const EARNINGS_MODEL: PaymentModelDefinitionInput = {
  paymentGroups: [
    { code: 'CLOSER', name: 'Closer to work' },
    { code: 'FURTHER', name: 'Further from work' },
  ],
  grouping: {
    rules: [
      {
        id: 'FURTHER_SCORE_5',
        description: 'barrier score of 5 or more',
        when: { kind: 'TOTAL_SCORE_AT_LEAST', score: 5 },
        paymentGroup: 'FURTHER',
      },
    ],
    fallback: { id: 'CLOSER_OTHERWISE', description: 'everyone else', paymentGroup: 'CLOSER' },
  },
  milestones: [
    {
      code: 'START',
      name: 'Start on programme',
      trigger: { kind: 'RECORDED' },
      maxOccurrences: 1,
      claimWithinDays: 90,
    },
    {
      code: 'PROGRESS',
      name: 'Distance travelled',
      prerequisites: ['START'],
      trigger: { kind: 'BARRIERS_IMPROVED', points: 2 },
      maxOccurrences: 2,
      claimWithinDays: 90,
    },
    {
      code: 'JOB_START',
      name: 'Job start',
      prerequisites: ['START'],
      trigger: { kind: 'RECORDED' },
      maxOccurrences: 1,
      claimWithinDays: 90,
    },
    {
      code: 'JOB_OUTCOME',
      name: 'Thirteen weeks in work',
      prerequisites: ['JOB_START'],
      trigger: { kind: 'WEEKS_IN_WORK', weeks: 13 },
      maxOccurrences: 1,
      claimWithinDays: 120,
    },
  ],
  tariffs: [
    { paymentGroup: 'CLOSER', milestone: 'START', amountsPence: ['30000'] },
    { paymentGroup: 'FURTHER', milestone: 'START', amountsPence: ['50000'] },
    { paymentGroup: 'CLOSER', milestone: 'PROGRESS', amountsPence: ['10000'] },
    { paymentGroup: 'FURTHER', milestone: 'PROGRESS', amountsPence: ['20000', '15000'] },
    { paymentGroup: 'CLOSER', milestone: 'JOB_OUTCOME', amountsPence: ['100000'] },
    { paymentGroup: 'FURTHER', milestone: 'JOB_OUTCOME', amountsPence: ['250000'] },
  ],
  tapers: [{ milestone: 'START', basisPointsByContractYear: [10_000, 5_000] }],
};
const EARNINGS_MODEL_V2: PaymentModelDefinitionInput = {
  ...EARNINGS_MODEL,
  tariffs: EARNINGS_MODEL.tariffs.map((t) =>
    t.paymentGroup === 'FURTHER' && t.milestone === 'JOB_OUTCOME'
      ? { ...t, amountsPence: ['200000'] }
      : t,
  ),
};

describe('a programme set up only through the API runs from referral to paid claim', () => {
  it('prices, forecasts and pays by the stored definitions of two payment models', async () => {
    const pool = api.db.pool;
    const commissioner = await anOrganisation(pool, { kind: 'COMMISSIONER' });
    const [maker, checker, commissionerFinance] = [
      await token(commissioner.id, ['ADMIN']),
      await token(commissioner.id, ['ADMIN']),
      await token(commissioner.id, ['FINANCE']),
    ];
    const partnerOrg = await anOrganisation(pool, { kind: 'REFERRAL_PARTNER' });
    const partner = await token(partnerOrg.id, ['CASEWORKER']);
    const parties = async () => {
      const prime = await anOrganisation(pool, { kind: 'PRIME' });
      const charity = await anOrganisation(pool, { kind: 'SUBCONTRACTOR' });
      return {
        primeId: prime.id,
        charityId: charity.id,
        prime: await token(prime.id, ['ADMIN', 'CASEWORKER', 'FINANCE']),
        charityAdmin: await token(charity.id, ['ADMIN']),
        caseworker: await token(charity.id, ['CASEWORKER']),
        charityFinance: await token(charity.id, ['FINANCE']),
      };
    };
    const a = await parties();
    const b = await parties();
    setDay('2026-04-01');

    // ── Set-up: programme, two models (one with a second version), two prime contracts. ──
    const programme = (
      await ok('POST', '/programmes', maker, {
        name: 'Test Valley Works',
        startsOn: '2026-04-01',
        supportPeriodWeeks: 104,
        contractAreas: [{ name: 'North' }, { name: 'South' }],
      })
    ).programme;
    const area = (name: string) =>
      programme.contractAreas.find((x: { name: string }) => x.name === name).id as string;
    const publish = async (versionId: string) => {
      await ok('POST', `/payment-model-versions/${versionId}/submit`, maker);
      await ok('POST', `/payment-model-versions/${versionId}/publish`, checker);
    };
    const modelA = (
      await ok('POST', `/programmes/${programme.id}/payment-models`, maker, {
        name: 'Earnings and progress',
        effectiveFrom: '2026-04-01',
        definition: EARNINGS_MODEL,
      })
    ).paymentModel;
    await publish(modelA.versions[0].id);
    const v2 = (
      await ok('POST', `/payment-models/${modelA.id}/versions`, maker, {
        effectiveFrom: '2026-12-01',
        definition: EARNINGS_MODEL_V2,
        changeNote: 'job outcome for the further group £2,000',
      })
    ).version;
    await publish(v2.id);
    const modelB = (
      await ok('POST', `/programmes/${programme.id}/payment-models`, maker, {
        name: 'Work Programme terms',
        effectiveFrom: '2026-04-01',
        template: 'WORK_PROGRAMME',
      })
    ).paymentModel;
    await publish(modelB.versions[0].id);
    const contract = async (
      party: typeof a,
      areaName: string,
      modelId: string,
      reference: string,
    ) =>
      (
        await ok('POST', `/programmes/${programme.id}/prime-contracts`, maker, {
          primeOrganisationId: party.primeId,
          contractAreaId: area(areaName),
          paymentModelId: modelId,
          reference,
          valueCapPence: '500000000',
          startsOn: '2026-04-01',
          endsOn: '2029-03-31',
        })
      ).primeContract.id as string;
    const contractA = await contract(a, 'North', modelA.id, `TVW-N-${a.primeId.slice(0, 6)}`);
    const contractB = await contract(b, 'South', modelB.id, `TVW-S-${b.primeId.slice(0, 6)}`);

    // ── Each prime subcontracts a charity (W11's routes). ──
    const subcontract = async (party: typeof a, primeContractId: string) => {
      const created = (
        await ok('POST', '/subcontracts', party.prime, {
          primeContractId,
          subcontractorId: party.charityId,
          tier: 'END_TO_END',
          startsOn: '2026-04-01',
          capacity: 50,
          terms: {
            kind: 'PBR_SHARE',
            shareBasisPoints: 7000,
            managementFeeBp: 1000,
            paymentSlaDays: 30,
          },
        })
      ).subcontract;
      await ok('POST', `/subcontracts/${created.id}/offer`, party.prime, {});
      await ok('POST', `/subcontracts/${created.id}/accept`, party.charityAdmin, {});
      return created.id as string;
    };
    const subA = await subcontract(a, contractA);
    const subB = await subcontract(b, contractB);

    // ── Delivery helpers. ──
    const move = async (
      as: string,
      referral: { id: string; version: number },
      action: string,
      body: Record<string, unknown> = {},
    ) => {
      const result = await call(api.baseUrl, 'POST', `/referrals/${referral.id}/${action}`, {
        token: as,
        body,
        headers: { 'if-match': `"${referral.version}"` },
      });
      if (result.status !== 200)
        throw new Error(`${action} → ${result.status} ${JSON.stringify(result.body)}`);
      return result.body.referral as { id: string; version: number };
    };
    const referAndAttach = async (
      party: typeof a,
      primeContractId: string,
      subcontractId: string,
      day: string,
      participant: { niNumber: string; benefitType: string },
    ) => {
      setDay(day);
      let referral = (
        await ok('POST', '/referrals', partner, {
          primeContractId,
          participant: { ...participant, dateOfBirth: '1985-03-14' },
        })
      ).referral;
      referral = await move(party.prime, referral, 'accept');
      referral = await move(party.prime, referral, 'allocate', {
        subcontractId,
        reason: 'end-to-end provider for the area',
      });
      referral = await move(party.caseworker, referral, 'attach', { attachedOn: day });
      return referral.id as string;
    };
    const assess = async (
      party: typeof a,
      referralId: string,
      day: string,
      barriers: { type: string; severity: number }[],
    ) => {
      setDay(day);
      return (
        await ok('POST', `/referrals/${referralId}/needs-assessments`, party.caseworker, {
          barriers,
        })
      ).assessments;
    };
    const log = async (
      party: typeof a,
      referralId: string,
      day: string,
      body: Record<string, unknown>,
    ) => {
      setDay(day);
      return ok('POST', `/referrals/${referralId}/activities`, party.caseworker, {
        occurredOn: day,
        ...body,
      });
    };
    /** Claimable now (paid, with amounts) from the claims area and from the forecast: they must agree. */
    const claimableOn = async (party: typeof a, referralId: string, day: string) => {
      setDay(day);
      const claimable = (
        await ok('GET', `/referrals/${referralId}/claimable`, party.caseworker)
      ).claimable.milestones
        .filter(
          (m: { status: string; amountPence: string | null }) =>
            m.status === 'CLAIMABLE' && m.amountPence !== null,
        )
        .map(
          (m: { code: string; occurrence: number; amountPence: string }) =>
            `${m.code}#${m.occurrence} ${m.amountPence}`,
        )
        .sort();
      const forecast = (
        await ok('GET', `/referrals/${referralId}/forecast?horizonDays=0`, party.caseworker)
      ).forecast
        .filter((f: { basis: string }) => f.basis === 'CLAIMABLE_NOW')
        .map(
          (f: { code: string; occurrence: number; amountPence: string }) =>
            `${f.code}#${f.occurrence} ${f.amountPence}`,
        )
        .sort();
      expect(forecast).toEqual(claimable);
      return claimable;
    };
    const draft = async (
      party: typeof a,
      referralId: string,
      milestoneCode: string,
      occurrence?: number,
    ) =>
      (
        await ok('POST', '/claims', party.caseworker, {
          referralId,
          milestoneCode,
          ...(occurrence ? { occurrence } : {}),
        })
      ).claim as { id: string; amountPence: string; version: number };

    // ── Contract A, participant A1 (further from work). ──
    const a1 = await referAndAttach(a, contractA, subA, '2026-06-01', {
      niNumber: 'AB123401A',
      benefitType: 'UC',
    });
    const [assessment] = await assess(a, a1, '2026-06-01', [
      { type: 'HEALTH', severity: 3 },
      { type: 'HOUSING', severity: 3 },
      { type: 'SUBSTANCE_MISUSE', severity: 3 },
    ]);
    expect(assessment).toMatchObject({ paymentGroup: 'FURTHER' });
    expect(await claimableOn(a, a1, '2026-06-01')).toEqual([]);
    const refused = await call(api.baseUrl, 'POST', `/referrals/${a1}/activities`, {
      token: a.caseworker,
      body: { kind: 'MILESTONE', milestoneCode: 'JOB_OUTCOME', occurredOn: '2026-06-02' },
    });
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('MILESTONE_NOT_RECORDABLE');
    await log(a, a1, '2026-06-02', { kind: 'MILESTONE', milestoneCode: 'START' });
    // START, contract year 1, version 1: £500.00.
    expect(await claimableOn(a, a1, '2026-06-02')).toEqual(['START#1 50000']);
    const startClaim = await draft(a, a1, 'START');
    expect(startClaim.amountPence).toBe('50000');

    // Distance travelled, priced by the group of the latest assessment (still "further", score ≥ 5):
    // 9 → 7 (2 points) on 1 July, → 5 (4 points) on 1 August; paid twice at most.
    await assess(a, a1, '2026-07-01', [
      { type: 'HEALTH', severity: 3 },
      { type: 'HOUSING', severity: 3 },
      { type: 'SUBSTANCE_MISUSE', severity: 1 },
    ]);
    expect(await claimableOn(a, a1, '2026-07-01')).toEqual(['PROGRESS#1 20000']);
    await assess(a, a1, '2026-08-01', [
      { type: 'HEALTH', severity: 2 },
      { type: 'HOUSING', severity: 2 },
      { type: 'SUBSTANCE_MISUSE', severity: 1 },
    ]);
    expect(await claimableOn(a, a1, '2026-08-01')).toEqual([
      'PROGRESS#1 20000',
      'PROGRESS#2 15000',
    ]);
    expect((await draft(a, a1, 'PROGRESS', 1)).amountPence).toBe('20000');
    expect((await draft(a, a1, 'PROGRESS', 2)).amountPence).toBe('15000');
    expect(await claimableOn(a, a1, '2026-09-01')).toEqual([]);
    const cap = (
      await ok('GET', `/referrals/${a1}/claimable`, a.caseworker)
    ).claimable.milestones.find((m: { code: string }) => m.code === 'PROGRESS');
    expect(cap).toMatchObject({ status: 'EXHAUSTED', occurrence: 2 });

    // In work from 7 September: 13 weeks is 7 December, after version 2 came in on 1 December → £2,000, not £2,500.
    await log(a, a1, '2026-09-07', {
      kind: 'JOB_START',
      employer: 'Valley Foods',
      hoursPerWeek: 30,
      hourlyPayPence: '1260',
    });
    expect(await claimableOn(a, a1, '2026-12-06')).toEqual([]);
    const early = await call(api.baseUrl, 'POST', '/claims', {
      token: a.caseworker,
      body: { referralId: a1, milestoneCode: 'JOB_OUTCOME' },
    });
    expect(early.status).toBe(422);
    expect(early.body.code).toBe('CLAIM_NOT_CLAIMABLE');
    expect(await claimableOn(a, a1, '2026-12-07')).toEqual(['JOB_OUTCOME#1 200000']);
    expect((await draft(a, a1, 'JOB_OUTCOME')).amountPence).toBe('200000');

    // A2 starts in contract year 2 (from 1 April 2027): START tapers to 50 % — £300 × 50 % = £150.
    const a2 = await referAndAttach(a, contractA, subA, '2027-04-05', {
      niNumber: 'AB123402A',
      benefitType: 'UC',
    });
    expect((await assess(a, a2, '2027-04-05', []))[0]).toMatchObject({ paymentGroup: 'CLOSER' });
    await log(a, a2, '2027-04-06', { kind: 'MILESTONE', milestoneCode: 'START' });
    expect(await claimableOn(a, a2, '2027-04-06')).toEqual(['START#1 15000']);

    // ── Contract B on the Work Programme template, participant B1 (JSA 25+ by the fallback rule). ──
    const b1 = await referAndAttach(b, contractB, subB, '2026-06-01', {
      niNumber: 'AB123403A',
      benefitType: 'JSA',
    });
    expect((await assess(b, b1, '2026-06-01', []))[0]).toMatchObject({
      paymentGroup: 'JSA_25_PLUS',
    });
    // Attachment £400 in contract year 1.
    expect(await claimableOn(b, b1, '2026-06-01')).toEqual(['ATTACHMENT#1 40000']);
    const attachmentClaim = await draft(b, b1, 'ATTACHMENT');
    await log(b, b1, '2026-06-15', {
      kind: 'JOB_START',
      employer: 'Southside Logistics',
      hoursPerWeek: 37.5,
      hourlyPayPence: '1221',
    });
    // A JSA 25+ job outcome falls after 26 weeks in work, not 13.
    const at13Weeks = await call(api.baseUrl, 'POST', '/claims', {
      token: b.caseworker,
      body: { referralId: b1, milestoneCode: 'JOB_OUTCOME' },
    });
    expect(at13Weeks.status).toBe(422);
    expect(await claimableOn(b, b1, '2026-12-13')).toEqual([]);
    expect(await claimableOn(b, b1, '2026-12-14')).toEqual(['JOB_OUTCOME#1 120000']);
    await draft(b, b1, 'JOB_OUTCOME');
    // Sustainment 1 ends 4 weeks after the outcome (11 January 2027) and is claimable 15 working days later
    // (1 February): £2,795 over 22 periods is £127.05 for each of the first 12 (largest remainder).
    expect(await claimableOn(b, b1, '2027-01-29')).toEqual([]);
    expect(await claimableOn(b, b1, '2027-02-01')).toEqual(['SUSTAINMENT#1 12705']);

    // ── Two claims to PAID: subcontractor finance submits, the prime approves and submits, the commissioner approves and pays. ──
    const payOut = async (party: typeof a, primeContractId: string, claimId: string) => {
      const transition = async (as: string, to: string) => {
        const current = await call(api.baseUrl, 'GET', `/claims/${claimId}`, { token: as });
        await ok(
          'POST',
          `/claims/${claimId}/transitions`,
          as,
          { to },
          { 'if-match': current.headers.get('etag') ?? '' },
        );
      };
      // The milestone's definition may require evidence (the Work Programme template's attachment needs the signed form).
      const form = new FormData();
      form.append(
        'file',
        new Blob([Buffer.from('%PDF-1.7\n%%EOF')], { type: 'application/pdf' }),
        'evidence.pdf',
      );
      const uploaded = await fetch(`${api.baseUrl}/claims/${claimId}/evidence`, {
        method: 'POST',
        headers: { authorization: `Bearer ${party.charityFinance}` },
        body: form,
      });
      expect(uploaded.status).toBe(201);
      await transition(party.charityFinance, 'SUBMITTED');
      await transition(party.prime, 'PRIME_APPROVED');
      const { claim } = await ok('GET', `/claims/${claimId}`, party.prime);
      await ok('POST', '/claim-submissions', party.prime, {
        primeContractId,
        claims: [{ id: claimId, version: claim.version }],
      });
      await transition(commissionerFinance, 'APPROVED');
      const decided = (
        await ok('GET', `/claims/${claimId}`, commissionerFinance)
      ).claim.decidedAt.slice(0, 10) as string;
      const remittance = (
        await ok(
          'POST',
          '/remittances',
          commissionerFinance,
          { primeContractId, periodStart: decided, periodEnd: decided },
          { 'idempotency-key': `run-${claimId}` },
        )
      ).remittance;
      await ok(
        'POST',
        `/remittances/${remittance.id}/paid`,
        commissionerFinance,
        { paidReference: `BACS-${claimId.slice(0, 8)}`, paidOn: decided },
        { 'idempotency-key': `paid-${claimId}` },
      );
      return (await ok('GET', `/claims/${claimId}`, party.prime)).claim;
    };
    expect(await payOut(a, contractA, startClaim.id)).toMatchObject({
      status: 'PAID',
      amountPence: '50000',
      milestoneCode: 'START',
    });
    expect(await payOut(b, contractB, attachmentClaim.id)).toMatchObject({
      status: 'PAID',
      amountPence: '40000',
      milestoneCode: 'ATTACHMENT',
    });
  });
});
