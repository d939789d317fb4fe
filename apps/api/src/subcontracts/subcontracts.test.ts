import {
  aSupplyChain,
  aReferralVia,
  step,
  type Member,
  type SupplyChainWorld,
} from '../referrals/test-world';
import { call } from '../test-support/http';
import { createTestApp, type TestApp } from '../test-support/test-app';
import { CLOCK, fixedClock } from '../common/clock/clock';
import { aSignedInUser } from '../test-support/signed-in-user';

let api: TestApp;
beforeAll(async () => {
  api = await createTestApp();
  // Pinned: subcontracts in these tests start on 2026-04-01, "today" is later.
  Object.assign(api.app.get(CLOCK), fixedClock('2026-06-01'));
});
afterAll(async () => {
  await api.close();
});

const PBR_70 = {
  kind: 'PBR_SHARE',
  shareBasisPoints: 7000,
  managementFeeBp: 1000,
  paymentSlaDays: 30,
};

async function aCharity(world: SupplyChainWorld): Promise<{ admin: Member; caseworker: Member }> {
  const admin = await aSignedInUser(api.baseUrl, api.db.pool, {
    kind: 'SUBCONTRACTOR',
    roles: ['ADMIN'],
  });
  const caseworker = await aSignedInUser(api.baseUrl, api.db.pool, {
    organisationId: admin.organisationId,
    roles: ['CASEWORKER'],
  });
  void world;
  return { admin, caseworker };
}

async function aDraft(
  world: SupplyChainWorld,
  subcontractorId: string,
  overrides: Record<string, unknown> = {},
) {
  const created = await call(api.baseUrl, 'POST', '/subcontracts', {
    token: world.prime.token,
    body: {
      primeContractId: world.primeContractId,
      subcontractorId,
      tier: 'SPECIALIST',
      startsOn: '2026-04-01',
      capacity: 25,
      paymentGroupCodes: ['A', 'B'],
      terms: PBR_70,
      ...overrides,
    },
  });
  if (created.status !== 201)
    throw new Error(`subcontract not created: ${created.status} ${JSON.stringify(created.body)}`);
  return created.body as {
    subcontract: { id: string; status: string; terms: { description: string[] } };
  };
}

describe('subcontracts', () => {
  it('a prime drafts and offers terms, the charity accepts, and the subcontract is active and takes referrals', async () => {
    const world = await aSupplyChain(api.baseUrl, api.db.pool);
    const charity = await aCharity(world);

    const draft = await aDraft(world, charity.admin.organisationId);
    expect(draft).toMatchObject({
      subcontract: {
        status: 'DRAFT',
        groupsServed: ['Group A', 'Group B'],
        capacity: 25,
        allowedMoves: expect.arrayContaining(['OFFERED', 'ENDED']),
      },
      termsVersions: [
        {
          version: 1,
          status: 'PROPOSED',
          effectiveFrom: '2026-04-01',
          effectiveTo: null,
          changes: [],
        },
      ],
    });
    expect(draft.subcontract.terms.description).toContain('Share of each payment: 70.00%');
    const id = draft.subcontract.id;
    // A draft is the prime's own: the charity cannot see it yet.
    expect(
      (await call(api.baseUrl, 'GET', `/subcontracts/${id}`, { token: charity.admin.token }))
        .status,
    ).toBe(404);
    expect(
      (await call(api.baseUrl, 'GET', '/supply-chain', { token: charity.admin.token })).body
        .primeContracts,
    ).toEqual([]);

    const offered = await call(api.baseUrl, 'POST', `/subcontracts/${id}/offer`, {
      token: world.prime.token,
      body: {},
    });
    expect(offered.status).toBe(200);
    expect(offered.body.subcontract.status).toBe('OFFERED');
    const seen = await call(api.baseUrl, 'GET', '/subcontracts', { token: charity.admin.token });
    expect(
      seen.body.subcontracts.map((s: { id: string; allowedMoves: string[] }) => [
        s.id,
        s.allowedMoves.sort(),
      ]),
    ).toEqual([[id, ['ACCEPTED', 'ENDED']]]);
    // Only the charity's admin accepts; nobody else's acceptance counts.
    expect(
      (
        await call(api.baseUrl, 'POST', `/subcontracts/${id}/accept`, {
          token: charity.caseworker.token,
          body: {},
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await call(api.baseUrl, 'POST', `/subcontracts/${id}/accept`, {
          token: world.prime.token,
          body: {},
        })
      ).status,
    ).toBe(404);

    const accepted = await call(api.baseUrl, 'POST', `/subcontracts/${id}/accept`, {
      token: charity.admin.token,
      body: {},
    });
    expect(accepted.status).toBe(200);
    expect(accepted.body.subcontract.status).toBe('ACTIVE');
    expect(accepted.body.termsVersions).toMatchObject([
      { version: 1, status: 'ACCEPTED', decidedBy: expect.any(String) },
    ]);
    expect(
      accepted.body.transitions.map(
        (t: { from: string | null; to: string }) => `${t.from ?? '∅'}→${t.to}`,
      ),
    ).toEqual(['∅→DRAFT', 'DRAFT→OFFERED', 'OFFERED→ACCEPTED', 'ACCEPTED→ACTIVE']);
    const audit = await api.db.pool.query<{ action: string }>(
      `SELECT action FROM audit_event WHERE entity_id = $1 ORDER BY seq`,
      [id],
    );
    expect(audit.rows.map((r) => r.action)).toEqual([
      'subcontract.create',
      'subcontract.offer',
      'subcontract.accept',
    ]);

    // The commissioner sees it in its programme's chain.
    expect(
      (await call(api.baseUrl, 'GET', `/subcontracts/${id}`, { token: world.commissioner.token }))
        .body.subcontract.primeContract.primeName,
    ).toEqual(expect.any(String));

    // It takes referrals now.
    const referral = await aReferralVia(api.baseUrl, world);
    const acceptedReferral = await step(
      api.baseUrl,
      world.prime.token,
      referral.id,
      'accept',
      referral.version,
    );
    const allocated = await step(
      api.baseUrl,
      world.prime.token,
      referral.id,
      'allocate',
      acceptedReferral.version,
      { subcontractId: id, reason: 'new specialist charity' },
    );
    expect(allocated.subcontractId).toBe(id);
  });

  it('never allocates to a subcontract that is not active', async () => {
    const world = await aSupplyChain(api.baseUrl, api.db.pool);
    const charity = await aCharity(world);
    const draft = await aDraft(world, charity.admin.organisationId);
    await call(api.baseUrl, 'POST', `/subcontracts/${draft.subcontract.id}/offer`, {
      token: world.prime.token,
      body: {},
    });
    const referral = await aReferralVia(api.baseUrl, world);
    const accepted = await step(
      api.baseUrl,
      world.prime.token,
      referral.id,
      'accept',
      referral.version,
    );
    const refused = await call(api.baseUrl, 'POST', `/referrals/${referral.id}/allocate`, {
      token: world.prime.token,
      body: { subcontractId: draft.subcontract.id, reason: 'try' },
      headers: { 'if-match': `"${accepted.version}"` },
    });
    expect(refused.status).toBe(404);
    expect(refused.body.errors[0].field).toBe('body.subcontractId');
  });

  it('a subcontract accepted before its start date starts on that day, not before', async () => {
    const world = await aSupplyChain(api.baseUrl, api.db.pool);
    const charity = await aCharity(world);
    const draft = await aDraft(world, charity.admin.organisationId, { startsOn: '2027-01-01' });
    await call(api.baseUrl, 'POST', `/subcontracts/${draft.subcontract.id}/offer`, {
      token: world.prime.token,
      body: {},
    });
    const accepted = await call(
      api.baseUrl,
      'POST',
      `/subcontracts/${draft.subcontract.id}/accept`,
      { token: charity.admin.token, body: {} },
    );
    expect(accepted.body.subcontract.status).toBe('ACCEPTED');
    const early = await call(
      api.baseUrl,
      'POST',
      `/subcontracts/${draft.subcontract.id}/activate`,
      { token: world.prime.token, body: {} },
    );
    expect(early).toMatchObject({ status: 409, body: { code: 'SUBCONTRACT_NOT_STARTED' } });
  });

  it('a charity declines with a reason; a second offer to the same charity waits until the first is over', async () => {
    const world = await aSupplyChain(api.baseUrl, api.db.pool);
    const charity = await aCharity(world);
    const draft = await aDraft(world, charity.admin.organisationId);
    const again = await call(api.baseUrl, 'POST', '/subcontracts', {
      token: world.prime.token,
      body: {
        primeContractId: world.primeContractId,
        subcontractorId: charity.admin.organisationId,
        tier: 'SPOT',
        startsOn: '2026-04-01',
        terms: PBR_70,
      },
    });
    expect(again).toMatchObject({
      status: 409,
      body: { code: 'SUBCONTRACT_ALREADY_LIVE', errors: [{ field: 'body.subcontractorId' }] },
    });
    await call(api.baseUrl, 'POST', `/subcontracts/${draft.subcontract.id}/offer`, {
      token: world.prime.token,
      body: {},
    });
    const noReason = await call(
      api.baseUrl,
      'POST',
      `/subcontracts/${draft.subcontract.id}/decline`,
      { token: charity.admin.token, body: {} },
    );
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors[0].field).toBe('body.reason');
    const declined = await call(
      api.baseUrl,
      'POST',
      `/subcontracts/${draft.subcontract.id}/decline`,
      { token: charity.admin.token, body: { reason: 'the share does not cover our costs' } },
    );
    expect(declined.body.subcontract.status).toBe('ENDED');
    expect(declined.body.termsVersions[0].status).toBe('REJECTED');
    expect(declined.body.transitions.at(-1)).toMatchObject({
      from: 'OFFERED',
      to: 'ENDED',
      reason: 'the share does not cover our costs',
    });
    expect(
      (
        await call(api.baseUrl, 'POST', `/subcontracts/${draft.subcontract.id}/accept`, {
          token: charity.admin.token,
          body: {},
        })
      ).body.code,
    ).toBe('SUBCONTRACT_TRANSITION_NOT_ALLOWED');
  });

  it('answers another prime 404, and bad terms with a problem naming each field', async () => {
    const world = await aSupplyChain(api.baseUrl, api.db.pool);
    const other = await aSupplyChain(api.baseUrl, api.db.pool);
    const charity = await aCharity(world);
    const draft = await aDraft(world, charity.admin.organisationId);
    expect(
      (
        await call(api.baseUrl, 'GET', `/subcontracts/${draft.subcontract.id}`, {
          token: other.prime.token,
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await call(api.baseUrl, 'POST', `/subcontracts/${draft.subcontract.id}/offer`, {
          token: other.prime.token,
          body: {},
        })
      ).status,
    ).toBe(404);
    const notMine = await call(api.baseUrl, 'POST', '/subcontracts', {
      token: other.prime.token,
      body: {
        primeContractId: world.primeContractId,
        subcontractorId: charity.admin.organisationId,
        tier: 'SPOT',
        startsOn: '2026-04-01',
        terms: PBR_70,
      },
    });
    expect(notMine.status).toBe(404);
    const bad = await call(api.baseUrl, 'POST', '/subcontracts', {
      token: world.prime.token,
      body: {
        primeContractId: world.primeContractId,
        subcontractorId: charity.admin.organisationId,
        tier: 'SPOT',
        startsOn: '2026-13-01',
        terms: { ...PBR_70, shareBasisPoints: 10_001 },
      },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'body.startsOn',
      'body.terms.shareBasisPoints',
    ]);
    const another = await aCharity(world);
    const outside = await call(api.baseUrl, 'POST', '/subcontracts', {
      token: world.prime.token,
      body: {
        primeContractId: world.primeContractId,
        subcontractorId: another.admin.organisationId,
        tier: 'SPOT',
        startsOn: '2032-01-01',
        terms: PBR_70,
      },
    });
    expect(outside).toMatchObject({
      status: 422,
      body: { code: 'SUBCONTRACT_OUTSIDE_CONTRACT', errors: [{ field: 'body.startsOn' }] },
    });
    const prime = await call(api.baseUrl, 'POST', '/subcontracts', {
      token: world.prime.token,
      body: {
        primeContractId: world.primeContractId,
        subcontractorId: world.prime.organisationId,
        tier: 'SPOT',
        startsOn: '2026-04-01',
        terms: PBR_70,
      },
    });
    expect(prime).toMatchObject({
      status: 422,
      body: { code: 'SUBCONTRACTOR_UNKNOWN', errors: [{ field: 'body.subcontractorId' }] },
    });
  });

  it('refuses, in the database, two accepted terms versions of one subcontract in force on the same day', async () => {
    const world = await aSupplyChain(api.baseUrl, api.db.pool);
    const id = world.subcontracts[0]!.id;
    const overlap = api.db.pool.query(
      `INSERT INTO subcontract_terms_version (programme_id, prime_contract_id, subcontract_id, version, status, effective_from, terms_kind, terms, management_fee_bp, payment_sla_days, decided_at)
       SELECT programme_id, prime_contract_id, id, 2, 'ACCEPTED', '2026-09-01', 'PBR_SHARE', '{"shareBasisPoints": 5000}', 0, 30, now() FROM subcontract WHERE id = $1`,
      [id],
    );
    await expect(overlap).rejects.toMatchObject({
      constraint: 'subcontract_terms_version_no_overlap',
    });
  });
});
