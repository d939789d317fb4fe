// A variation changes the PBR share from a date: claims with a milestone date
// before it are passed down on the old terms, from it on the new. The charity
// is onboarded, offered terms and varied through the API; the claims and the
// commissioner's remittance come from the money fixtures (the claims workflow
// is another area's).
import { CLOCK, fixedClock } from '../common/clock/clock';
import { call } from '../test-support/http';
import {
  aMoneyWorld,
  anApprovedClaim,
  passDownAndPay,
  remitAndPay,
} from '../remittances/money-fixtures';
import { createTestApp, type TestApp } from '../test-support/test-app';
import { aSignedInUser } from '../test-support/signed-in-user';

let api: TestApp;
beforeAll(async () => {
  api = await createTestApp();
  Object.assign(api.app.get(CLOCK), fixedClock('2024-06-15'));
});
afterAll(async () => {
  await api.close();
});

async function aCharityAdmin(): Promise<{ id: string; organisationId: string; token: string }> {
  const { rows } = await api.db.pool.query<{ id: string }>(
    `INSERT INTO organisation (name, kind) VALUES ('Riverside Women''s Centre ' || gen_random_uuid(), 'SUBCONTRACTOR') RETURNING id`,
  );
  return aSignedInUser(api.baseUrl, api.db.pool, { organisationId: rows[0]!.id, roles: ['ADMIN'] });
}

describe('variations', () => {
  it('pays a claim before the variation date on the old share and one after on the new (figures by hand)', async () => {
    const world = await aMoneyWorld(api.baseUrl, api.db.pool);
    const primeAdmin = await aSignedInUser(api.baseUrl, api.db.pool, {
      organisationId: world.prime.organisationId,
      roles: ['ADMIN'],
    });
    const charity = await aCharityAdmin();

    // Onboard: 70 % of each payment, 10 % management fee, paid within 30 days.
    const created = await call(api.baseUrl, 'POST', '/subcontracts', {
      token: primeAdmin.token,
      body: {
        primeContractId: world.primeContractId,
        subcontractorId: charity.organisationId,
        tier: 'SPECIALIST',
        startsOn: '2024-01-01',
        terms: {
          kind: 'PBR_SHARE',
          shareBasisPoints: 7000,
          managementFeeBp: 1000,
          paymentSlaDays: 30,
        },
      },
    });
    expect(created.status).toBe(201);
    const id: string = created.body.subcontract.id;
    expect(
      (
        await call(api.baseUrl, 'POST', `/subcontracts/${id}/offer`, {
          token: primeAdmin.token,
          body: {},
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await call(api.baseUrl, 'POST', `/subcontracts/${id}/accept`, {
          token: charity.token,
          body: {},
        })
      ).body.subcontract.status,
    ).toBe('ACTIVE');

    // From 1 April 2024 the share falls to 60 %; nothing changes until the charity accepts.
    const proposed = await call(api.baseUrl, 'POST', `/subcontracts/${id}/variations`, {
      token: primeAdmin.token,
      body: {
        effectiveFrom: '2024-04-01',
        reason: 'year 2 rates',
        terms: {
          kind: 'PBR_SHARE',
          shareBasisPoints: 6000,
          managementFeeBp: 1000,
          paymentSlaDays: 30,
        },
      },
    });
    expect(proposed.status).toBe(201);
    // Both sides see the difference before it is agreed.
    const seenByCharity = await call(api.baseUrl, 'GET', `/subcontracts/${id}`, {
      token: charity.token,
    });
    expect(seenByCharity.body.subcontract.hasPendingVariation).toBe(true);
    expect(seenByCharity.body.subcontract.terms.description).toContain(
      'Share of each payment: 70.00%',
    );
    expect(seenByCharity.body.termsVersions[1]).toMatchObject({
      version: 2,
      status: 'PROPOSED',
      effectiveFrom: '2024-04-01',
      changes: [{ item: 'Share of each payment', before: '70.00%', after: '60.00%' }],
    });
    const accepted = await call(api.baseUrl, 'POST', `/subcontracts/${id}/variations/2/accept`, {
      token: charity.token,
      body: {},
    });
    expect(accepted.status).toBe(200);
    expect(
      accepted.body.termsVersions.map(
        (v: {
          version: number;
          status: string;
          effectiveFrom: string;
          effectiveTo: string | null;
        }) => [v.version, v.status, v.effectiveFrom, v.effectiveTo],
      ),
    ).toEqual([
      [1, 'ACCEPTED', '2024-01-01', '2024-03-31'],
      [2, 'ACCEPTED', '2024-04-01', null],
    ]);

    // Two job outcomes (£1,200.00 each to the prime), either side of the date, paid by the commissioner on 2 May 2024.
    const before = await anApprovedClaim(world, { subcontractId: id, decidedOn: '2024-03-28' });
    const after = await anApprovedClaim(world, { subcontractId: id, decidedOn: '2024-04-02' });
    await remitAndPay(world, {
      periodStart: '2024-03-01',
      periodEnd: '2024-04-30',
      paidOn: '2024-05-02',
    });
    const { rows } = await api.db.pool.query<{
      claim_id: string;
      gross_pence: string;
      management_fee_pence: string;
      expected_pence: string;
      due_on: string;
    }>(
      `SELECT claim_id, gross_pence::text, management_fee_pence::text, expected_pence::text, due_on::text FROM subcontract_entitlement WHERE subcontract_id = $1`,
      [id],
    );
    const byClaim = Object.fromEntries(rows.map((r) => [r.claim_id, r]));
    // Before: 70 % of £1,200.00 = £840.00, less 10 % = £84.00, so £756.00, due 30 days after 2 May.
    expect(byClaim[before]).toEqual({
      claim_id: before,
      gross_pence: '84000',
      management_fee_pence: '8400',
      expected_pence: '75600',
      due_on: '2024-06-01',
    });
    // After: 60 % of £1,200.00 = £720.00, less 10 % = £72.00, so £648.00.
    expect(byClaim[after]).toEqual({
      claim_id: after,
      gross_pence: '72000',
      management_fee_pence: '7200',
      expected_pence: '64800',
      due_on: '2024-06-01',
    });

    // The prime passes both down in one payment: £756.00 + £648.00 = £1,404.00.
    const payment = await passDownAndPay(world, id, {
      periodStart: '2024-05-01',
      periodEnd: '2024-06-30',
      paidOn: '2024-06-01',
    });
    expect(payment.amountPence).toBe('140400');
  });

  it('refuses a second variation while one is pending, a date that does not follow the terms in force, and answers only from the right side', async () => {
    const world = await aMoneyWorld(api.baseUrl, api.db.pool);
    const primeAdmin = await aSignedInUser(api.baseUrl, api.db.pool, {
      organisationId: world.prime.organisationId,
      roles: ['ADMIN'],
    });
    const charity = await aCharityAdmin();
    const terms = {
      kind: 'PBR_SHARE',
      shareBasisPoints: 7000,
      managementFeeBp: 1000,
      paymentSlaDays: 30,
    };
    const created = await call(api.baseUrl, 'POST', '/subcontracts', {
      token: primeAdmin.token,
      body: {
        primeContractId: world.primeContractId,
        subcontractorId: charity.organisationId,
        tier: 'SPOT',
        startsOn: '2024-01-01',
        terms,
      },
    });
    const id: string = created.body.subcontract.id;
    // A draft is changed, not varied.
    expect(
      (
        await call(api.baseUrl, 'POST', `/subcontracts/${id}/variations`, {
          token: primeAdmin.token,
          body: { effectiveFrom: '2024-06-01', reason: 'x', terms },
        })
      ).body.code,
    ).toBe('SUBCONTRACT_TRANSITION_NOT_ALLOWED');
    await call(api.baseUrl, 'POST', `/subcontracts/${id}/offer`, {
      token: primeAdmin.token,
      body: {},
    });
    await call(api.baseUrl, 'POST', `/subcontracts/${id}/accept`, {
      token: charity.token,
      body: {},
    });
    const tooEarly = await call(api.baseUrl, 'POST', `/subcontracts/${id}/variations`, {
      token: primeAdmin.token,
      body: { effectiveFrom: '2024-01-01', reason: 'x', terms },
    });
    expect(tooEarly).toMatchObject({
      status: 422,
      body: { code: 'TERMS_VARIATION_DATE_INVALID', errors: [{ field: 'body.effectiveFrom' }] },
    });
    expect(
      (
        await call(api.baseUrl, 'POST', `/subcontracts/${id}/variations`, {
          token: primeAdmin.token,
          body: {
            effectiveFrom: '2024-06-01',
            reason: 'x',
            terms: { ...terms, shareBasisPoints: 5000 },
          },
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await call(api.baseUrl, 'POST', `/subcontracts/${id}/variations`, {
          token: primeAdmin.token,
          body: { effectiveFrom: '2024-07-01', reason: 'y', terms },
        })
      ).body.code,
    ).toBe('TERMS_VARIATION_PENDING');
    // The prime cannot accept its own proposal.
    expect(
      (
        await call(api.baseUrl, 'POST', `/subcontracts/${id}/variations/2/accept`, {
          token: primeAdmin.token,
          body: {},
        })
      ).status,
    ).toBe(404);
    const rejected = await call(api.baseUrl, 'POST', `/subcontracts/${id}/variations/2/reject`, {
      token: charity.token,
      body: { reason: 'we cannot deliver at 50 %' },
    });
    expect(rejected.body.termsVersions[1].status).toBe('REJECTED');
    expect(rejected.body.subcontract.terms.description).toContain('Share of each payment: 70.00%');
    expect(
      (
        await call(api.baseUrl, 'POST', `/subcontracts/${id}/variations/2/accept`, {
          token: charity.token,
          body: {},
        })
      ).body.code,
    ).toBe('TERMS_VARIATION_NOT_PENDING');
  });
});

describe('who bears a short payment', () => {
  it('is a term: the prime by default, varied to back-to-back through the API and shown in words; a bad value or a kind without claims is a problem naming the field', async () => {
    const world = await aMoneyWorld(api.baseUrl, api.db.pool);
    const primeAdmin = await aSignedInUser(api.baseUrl, api.db.pool, {
      organisationId: world.prime.organisationId,
      roles: ['ADMIN'],
    });
    const charity = await aCharityAdmin();
    const terms = {
      kind: 'PBR_SHARE',
      shareBasisPoints: 7000,
      managementFeeBp: 1000,
      paymentSlaDays: 30,
    };
    const body = {
      primeContractId: world.primeContractId,
      subcontractorId: charity.organisationId,
      tier: 'SPECIALIST',
      startsOn: '2024-01-01',
    };

    const bad = await call(api.baseUrl, 'POST', '/subcontracts', {
      token: primeAdmin.token,
      body: { ...body, terms: { ...terms, shortPaymentFlowDown: 'SOMETIMES' } },
    });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual([
      'body.terms.shortPaymentFlowDown',
    ]);
    const grant = await call(api.baseUrl, 'POST', '/subcontracts', {
      token: primeAdmin.token,
      body: {
        ...body,
        terms: {
          kind: 'GRANT',
          instalments: [{ dueDate: '2024-03-31', amountPence: '100000' }],
          shortPaymentFlowDown: 'BACK_TO_BACK',
          managementFeeBp: 0,
          paymentSlaDays: 30,
        },
      },
    });
    expect(grant.status).toBe(400);
    expect(JSON.stringify(grant.body.errors)).toContain('shortPaymentFlowDown');

    const created = await call(api.baseUrl, 'POST', '/subcontracts', {
      token: primeAdmin.token,
      body: { ...body, terms },
    });
    expect(created.status).toBe(201);
    const id: string = created.body.subcontract.id;
    expect(created.body.subcontract.terms.figures.shortPaymentFlowDown).toBe('PRIME_BEARS');
    expect(created.body.subcontract.terms.description).toContain(
      'Short payments: borne by the prime — paid in full whatever the commissioner paid',
    );
    await call(api.baseUrl, 'POST', `/subcontracts/${id}/offer`, {
      token: primeAdmin.token,
      body: {},
    });
    await call(api.baseUrl, 'POST', `/subcontracts/${id}/accept`, {
      token: charity.token,
      body: {},
    });

    const proposed = await call(api.baseUrl, 'POST', `/subcontracts/${id}/variations`, {
      token: primeAdmin.token,
      body: {
        effectiveFrom: '2024-04-01',
        reason: 'pay when paid from year 2',
        terms: { ...terms, shortPaymentFlowDown: 'BACK_TO_BACK' },
      },
    });
    expect(proposed.status).toBe(201);
    const seen = await call(api.baseUrl, 'GET', `/subcontracts/${id}`, { token: charity.token });
    expect(seen.body.termsVersions[1].changes).toEqual([
      {
        item: 'Short payments',
        before: 'borne by the prime — paid in full whatever the commissioner paid',
        after:
          'passed down (back-to-back) — paid on what the prime actually received for the claim',
      },
    ]);
    const accepted = await call(api.baseUrl, 'POST', `/subcontracts/${id}/variations/2/accept`, {
      token: charity.token,
      body: {},
    });
    expect(accepted.body.subcontract.terms.figures.shortPaymentFlowDown).toBe('BACK_TO_BACK');
    // Who proposed and accepted the change, when and why, is on the audit trail.
    const audit = await api.db.pool.query(
      `SELECT action, actor_user_id, data->>'reason' AS reason, data->'changes'->0->>'item' AS item
       FROM audit_event WHERE entity_id = $1 AND action LIKE '%variation' ORDER BY seq`,
      [id],
    );
    expect(audit.rows).toEqual([
      {
        action: 'subcontract.propose-variation',
        actor_user_id: primeAdmin.id,
        reason: 'pay when paid from year 2',
        item: 'Short payments',
      },
      {
        action: 'subcontract.accept-variation',
        actor_user_id: charity.id,
        reason: null,
        item: null,
      },
    ]);
  });
});
