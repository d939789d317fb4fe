// A programme built only through the API: a payment model of our own (earnings threshold and
// distance travelled), maker-checker publishing, a second version from a date, reading the rules in
// force, the simulator across the version switch with the taper and the occurrence cap, and a prime
// contracted on it. Figures computed by hand in the comments.
import { type PaymentModelDefinitionInput } from '@waymark/domain';

import { anOrganisation } from '@waymark/db/test-support';
import { call } from '../test-support/http';
import { createTestApp, type TestApp } from '../test-support/test-app';
import { aSignedInUser } from '../test-support/signed-in-user';

let api: TestApp;
beforeAll(async () => {
  api = await createTestApp();
});
afterAll(async () => {
  await api.close();
});

const person = async (organisationId: string) =>
  (await aSignedInUser(api.baseUrl, api.db.pool, { organisationId, roles: ['ADMIN'] })).token;

const OUR_MODEL: PaymentModelDefinitionInput = {
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
      code: 'EARNINGS',
      name: 'Earnings outcome',
      prerequisites: ['START'],
      trigger: { kind: 'EARNINGS_REACHED', thresholdPence: '150000' },
      maxOccurrences: 1,
      claimWithinDays: 120,
    },
  ],
  tariffs: [
    { paymentGroup: 'CLOSER', milestone: 'START', amountsPence: ['30000'] },
    { paymentGroup: 'FURTHER', milestone: 'START', amountsPence: ['50000'] },
    { paymentGroup: 'CLOSER', milestone: 'PROGRESS', amountsPence: ['10000'] },
    { paymentGroup: 'FURTHER', milestone: 'PROGRESS', amountsPence: ['20000', '15000'] },
    { paymentGroup: 'CLOSER', milestone: 'EARNINGS', amountsPence: ['100000'] },
    { paymentGroup: 'FURTHER', milestone: 'EARNINGS', amountsPence: ['250000'] },
  ],
  tapers: [{ milestone: 'START', basisPointsByContractYear: [10_000, 5_000] }],
};

describe('setting up a programme through the API', () => {
  it('builds, checks, publishes, versions, simulates and contracts a programme of its own', async () => {
    const commissioner = await anOrganisation(api.db.pool, { kind: 'COMMISSIONER' });
    const maker = await person(commissioner.id);
    const checker = await person(commissioner.id);
    const prime = await anOrganisation(api.db.pool, { kind: 'PRIME' });

    const created = await call(api.baseUrl, 'POST', '/programmes', {
      token: maker,
      body: {
        name: 'Forge Valley Works',
        startsOn: '2026-04-01',
        supportPeriodWeeks: 78,
        contractAreas: [{ name: 'Forge Valley' }, { name: 'Arden' }],
      },
    });
    expect(created.status).toBe(201);
    const programme = created.body.programme;
    expect(programme.contractAreas.map((a: { name: string }) => a.name)).toEqual([
      'Arden',
      'Forge Valley',
    ]);

    // An inconsistent definition is refused, naming the path inside it.
    const missingAmount = {
      ...OUR_MODEL,
      tariffs: OUR_MODEL.tariffs.filter(
        (t) => !(t.paymentGroup === 'FURTHER' && t.milestone === 'EARNINGS'),
      ),
    };
    const refused = await call(api.baseUrl, 'POST', `/programmes/${programme.id}/payment-models`, {
      token: maker,
      body: { name: 'Ours', effectiveFrom: '2026-04-01', definition: missingAmount },
    });
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual([
      {
        field: 'body.definition.milestones[2]',
        message: expect.stringContaining('EARNINGS has no amount for payment group FURTHER'),
      },
    ]);

    const model = await call(api.baseUrl, 'POST', `/programmes/${programme.id}/payment-models`, {
      token: maker,
      body: { name: 'Ours', effectiveFrom: '2026-04-01', definition: OUR_MODEL },
    });
    expect(model.status).toBe(201);
    const v1 = model.body.paymentModel.versions[0];
    expect(v1).toMatchObject({ version: 1, status: 'DRAFT' });

    // Maker-checker: the submitter cannot publish.
    expect(
      (await call(api.baseUrl, 'POST', `/payment-model-versions/${v1.id}/submit`, { token: maker }))
        .status,
    ).toBe(200);
    const selfPublish = await call(
      api.baseUrl,
      'POST',
      `/payment-model-versions/${v1.id}/publish`,
      { token: maker },
    );
    expect(selfPublish.status).toBe(403);
    expect(selfPublish.body.code).toBe('PROGRAMME_MAKER_CANNOT_PUBLISH');
    const published = await call(api.baseUrl, 'POST', `/payment-model-versions/${v1.id}/publish`, {
      token: checker,
    });
    expect(published.status).toBe(200);
    expect(published.body.version).toMatchObject({ status: 'PUBLISHED', effectiveTo: null });
    const editPublished = await call(api.baseUrl, 'PUT', `/payment-model-versions/${v1.id}`, {
      token: maker,
      body: { effectiveFrom: '2026-04-01', definition: OUR_MODEL },
    });
    expect(editPublished.status).toBe(409);

    // Version 2 from 2026-10-01 pays FURTHER earnings £2,000 instead of £2,500.
    const v2Definition = {
      ...OUR_MODEL,
      tariffs: OUR_MODEL.tariffs.map((t) =>
        t.paymentGroup === 'FURTHER' && t.milestone === 'EARNINGS'
          ? { ...t, amountsPence: ['200000'] }
          : t,
      ),
    };
    const v2 = (
      await call(api.baseUrl, 'POST', `/payment-models/${model.body.paymentModel.id}/versions`, {
        token: checker,
        body: {
          effectiveFrom: '2026-10-01',
          definition: v2Definition,
          changeNote: 'lower earnings outcome',
        },
      })
    ).body.version;
    expect(
      (
        await call(api.baseUrl, 'POST', `/payment-model-versions/${v2.id}/submit`, {
          token: checker,
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await call(api.baseUrl, 'POST', `/payment-model-versions/${v2.id}/publish`, {
          token: maker,
        })
      ).status,
    ).toBe(200);
    const v1After = (
      await call(api.baseUrl, 'GET', `/payment-model-versions/${v1.id}`, { token: maker })
    ).body.version;
    expect(v1After.effectiveTo).toBe('2026-09-30');

    const rulesInSummer = await call(
      api.baseUrl,
      'GET',
      `/payment-models/${model.body.paymentModel.id}/rules?on=2026-07-01`,
      { token: maker },
    );
    expect(rulesInSummer.status).toBe(200);
    expect(
      rulesInSummer.body.tariffs.find(
        (t: { paymentGroup: string; milestone: string }) =>
          t.paymentGroup === 'FURTHER' && t.milestone === 'EARNINGS',
      ),
    ).toMatchObject({
      amountsPence: ['250000'],
      paymentGroupName: 'Further from work',
      milestoneName: 'Earnings outcome',
    });
    const rulesInWinter = await call(
      api.baseUrl,
      'GET',
      `/payment-models/${model.body.paymentModel.id}/rules?on=2026-12-01`,
      { token: maker },
    );
    expect(rulesInWinter.body.version.version).toBe(2);

    // A participant referred 2027-03-01 (score 6 → FURTHER) starting 2027-03-15 in contract year 1,
    // improving 6 → 4 → 1 (two PROGRESS occurrences, the cap), earning £1,600 by 2027-06-30.
    const participant = {
      benefitType: 'UC',
      barriers: [
        { type: 'HEALTH', severity: 3 },
        { type: 'HOUSING', severity: 3 },
      ],
      referralDate: '2027-03-01',
      attachmentDate: '2027-03-01',
      recorded: [{ code: 'START', date: '2027-04-05' }],
      reassessments: [
        {
          date: '2027-05-01',
          barriers: [
            { type: 'HEALTH', severity: 3 },
            { type: 'HOUSING', severity: 1 },
          ],
        },
        { date: '2027-06-01', barriers: [{ type: 'HEALTH', severity: 1 }] },
        { date: '2027-07-01', barriers: [] },
      ],
      earnings: [
        { date: '2027-05-31', amountPence: '90000' },
        { date: '2027-06-30', amountPence: '70000' },
      ],
    };
    const simulated = await call(api.baseUrl, 'POST', `/payment-model-versions/${v2.id}/simulate`, {
      token: maker,
      body: {
        participant,
        contractStartsOn: '2026-04-01',
        horizonDays: 365,
        compareWithVersionId: v1.id,
      },
    });
    expect(simulated.status).toBe(200);
    const { simulation, comparison } = simulated.body;
    expect(simulation.paymentGroup).toBe('FURTHER');
    expect(simulation.groupExplanation).toContain('barrier score of 5 or more');
    // START on 2027-04-05 is contract year 2: £500 × 50 % = £250. PROGRESS #1 (6 → 4) £200, #2 (→ 1) £150; no #3.
    // EARNINGS: £900 + £700 = £1,600 ≥ £1,500 on 2027-06-30: £2,000 under v2.
    expect(
      simulation.schedule.map((m: { code: string; occurrence: number; amountPence: string }) => [
        m.code,
        m.occurrence,
        m.amountPence,
      ]),
    ).toEqual([
      ['START', 1, '25000'],
      ['PROGRESS', 1, '20000'],
      ['PROGRESS', 2, '15000'],
      ['EARNINGS', 1, '200000'],
    ]);
    expect(simulation.totalPence).toBe('260000');
    expect(comparison.differences).toEqual([
      {
        code: 'EARNINGS',
        name: 'Earnings outcome',
        occurrence: 1,
        before: { claimableFrom: '2027-06-30', amountPence: '250000' },
        after: { claimableFrom: '2027-06-30', amountPence: '200000' },
      },
    ]);
    expect(comparison.totalChangePence).toBe('-50000');

    // Contract a prime on it.
    const areaId = programme.contractAreas.find(
      (a: { name: string }) => a.name === 'Forge Valley',
    ).id;
    const contract = await call(
      api.baseUrl,
      'POST',
      `/programmes/${programme.id}/prime-contracts`,
      {
        token: maker,
        body: {
          primeOrganisationId: prime.id,
          contractAreaId: areaId,
          paymentModelId: model.body.paymentModel.id,
          reference: `FVW-${prime.id.slice(0, 6)}`,
          valueCapPence: '500000000',
          startsOn: '2026-04-01',
          endsOn: '2029-03-31',
        },
      },
    );
    expect(contract.status).toBe(201);
    expect(contract.body.primeContract).toMatchObject({
      primeName: prime.name,
      contractAreaName: 'Forge Valley',
      paymentModelName: 'Ours',
      valueCapPence: '500000000',
    });
    const again = await call(api.baseUrl, 'POST', `/programmes/${programme.id}/prime-contracts`, {
      token: maker,
      body: {
        primeOrganisationId: prime.id,
        contractAreaId: areaId,
        paymentModelId: model.body.paymentModel.id,
        reference: `FVW2-${prime.id.slice(0, 6)}`,
        valueCapPence: '1',
        startsOn: '2026-04-01',
        endsOn: '2029-03-31',
      },
    });
    expect(again.status).toBe(409);

    // The prime now sees the programme and its published rules; another commissioner sees nothing.
    const primeToken = await person(prime.id);
    expect(
      (await call(api.baseUrl, 'GET', `/programmes/${programme.id}`, { token: primeToken })).status,
    ).toBe(200);
    const stranger = await person((await anOrganisation(api.db.pool, { kind: 'COMMISSIONER' })).id);
    expect(
      (await call(api.baseUrl, 'GET', `/programmes/${programme.id}`, { token: stranger })).status,
    ).toBe(404);
    expect(
      (await call(api.baseUrl, 'GET', `/payment-model-versions/${v1.id}`, { token: stranger }))
        .status,
    ).toBe(404);
    expect(
      (
        await call(api.baseUrl, 'POST', `/programmes/${programme.id}/contract-areas`, {
          token: stranger,
          body: { name: 'Elsewhere' },
        })
      ).status,
    ).toBe(404);
  });

  it('refuses bad input with the field named', async () => {
    const commissioner = await anOrganisation(api.db.pool, { kind: 'COMMISSIONER' });
    const token = await person(commissioner.id);
    const bad = await call(api.baseUrl, 'POST', '/programmes', {
      token,
      body: { name: 'X', startsOn: '0000-01-01', supportPeriodWeeks: 0, contractAreas: [] },
    });
    expect(bad.status).toBe(400);
    expect([...new Set(bad.body.errors.map((e: { field: string }) => e.field))].sort()).toEqual([
      'body.contractAreas',
      'body.name',
      'body.startsOn',
      'body.supportPeriodWeeks',
    ]);
  });

  it('lets the commissioner change the days allowed for late recording, with a reason, audited; nobody else', async () => {
    const commissioner = await anOrganisation(api.db.pool, { kind: 'COMMISSIONER' });
    const token = await person(commissioner.id);
    const created = await call(api.baseUrl, 'POST', '/programmes', {
      token,
      body: {
        name: `Late recording ${commissioner.id.slice(0, 8)}`,
        startsOn: '2026-04-01',
        supportPeriodWeeks: 52,
        contractAreas: [{ name: 'North' }],
      },
    });
    expect(created.status).toBe(201);
    const id = created.body.programme.id as string;
    expect(created.body.programme.lateRecordingDays).toBe(30);
    const set = (body: unknown, as = token) =>
      call(api.baseUrl, 'PUT', `/programmes/${id}/late-recording-days`, { token: as, body });

    const changed = await set({ lateRecordingDays: 14, reason: 'Contract variation 3, clause 7' });
    expect(changed.status).toBe(200);
    expect(changed.body.programme.lateRecordingDays).toBe(14);
    const stored = await api.db.pool.query(
      `SELECT late_recording_days AS days FROM programme WHERE id = $1`,
      [id],
    );
    expect(stored.rows[0].days).toBe(14);
    const audit = await api.db.pool.query(
      `SELECT actor_organisation_id, data FROM audit_event WHERE action = 'programme.set-late-recording-days' AND entity_id = $1`,
      [id],
    );
    expect(audit.rows).toEqual([
      {
        actor_organisation_id: commissioner.id,
        data: { from: 30, to: 14, reason: 'Contract variation 3, clause 7' },
      },
    ]);

    const bad = await set({ lateRecordingDays: 400, reason: '' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'body.lateRecordingDays',
      'body.reason',
    ]);
    // Another commissioner is answered as if the programme did not exist; a prime may not set programme rules.
    const stranger = await person((await anOrganisation(api.db.pool, { kind: 'COMMISSIONER' })).id);
    expect((await set({ lateRecordingDays: 7, reason: 'not mine' }, stranger)).status).toBe(404);
    const prime = await person((await anOrganisation(api.db.pool, { kind: 'PRIME' })).id);
    expect([403, 404]).toContain(
      (await set({ lateRecordingDays: 7, reason: 'not mine' }, prime)).status,
    );
    expect(
      (
        await api.db.pool.query(`SELECT late_recording_days AS days FROM programme WHERE id = $1`, [
          id,
        ])
      ).rows[0].days,
    ).toBe(14);
  });
});
