import { call } from '../test-support/http';
import { createTestApp, type TestApp } from '../test-support/test-app';
import { aNiNumber, aReferralVia, aSupplyChain, anAllocatedReferral, step } from './test-world';
import { aSignedInUser } from '../test-support/signed-in-user';

let api: TestApp;
beforeAll(async () => {
  api = await createTestApp();
});
afterAll(async () => {
  await api.close();
});

const auditActions = async (entityId: string) =>
  (
    await api.db.pool.query<{ action: string }>(
      'SELECT action FROM audit_event WHERE entity_id = $1 ORDER BY seq',
      [entityId],
    )
  ).rows.map((r) => r.action);

describe('referral intake', () => {
  it('lets a referral partner refer a participant, storing the NI number only as hash and ciphertext', async () => {
    const world = await aSupplyChain(api.baseUrl, api.db.pool);
    const result = await call(api.baseUrl, 'POST', '/referrals', {
      token: world.partner.token,
      body: {
        primeContractId: world.primeContractId,
        externalReference: 'JCP-1',
        participant: { niNumber: 'ab 12 34 56 c', dateOfBirth: '1985-02-01', benefitType: 'ESA' },
      },
    });
    expect(result.status).toBe(201);
    expect(result.headers.get('etag')).toBe('"1"');
    expect(result.body.referral).toMatchObject({
      status: 'RECEIVED',
      version: 1,
      participant: { niNumber: 'AB •• •• •• C', isNiNumberMasked: true, specialCategory: null },
    });
    expect(result.body.referral.participant.reference).toMatch(/^P-[A-Z2-9]{10}$/);
    const stored = await api.db.pool.query(
      'SELECT ni_number_hmac, ni_number_ciphertext FROM participant WHERE id = $1',
      [result.body.referral.participant.id],
    );
    expect(stored.rows[0].ni_number_ciphertext.toString('latin1')).not.toContain('AB123456C');
    expect(await auditActions(result.body.referral.id)).toEqual(['referral.create']);

    const replay = await call(api.baseUrl, 'POST', '/referrals', {
      token: world.partner.token,
      body: {
        primeContractId: world.primeContractId,
        externalReference: 'JCP-1',
        participant: { niNumber: 'AB123456C', dateOfBirth: '1985-02-01', benefitType: 'ESA' },
      },
    });
    expect(replay.status).toBe(200);
    expect(replay.body.referral.id).toBe(result.body.referral.id);
  });

  it('answers 409 naming the live referral when the same NI number is referred again in the programme', async () => {
    const world = await aSupplyChain(api.baseUrl, api.db.pool);
    const niNumber = aNiNumber();
    const first = await aReferralVia(api.baseUrl, world, { niNumber });
    const again = await call(api.baseUrl, 'POST', '/referrals', {
      token: world.commissioner.token,
      body: {
        primeContractId: world.primeContractId,
        referralPartnerId: world.partner.organisationId,
        participant: { niNumber, dateOfBirth: '1990-05-17', benefitType: 'UC' },
      },
    });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('DUPLICATE_LIVE_REFERRAL');
    expect(again.body.detail).toContain(first.id);
    expect(again.body.detail).toContain(first.participant.reference);
  });

  it('rejects bad input naming every field, and writes nothing', async () => {
    const world = await aSupplyChain(api.baseUrl, api.db.pool);
    const before = await api.db.pool.query('SELECT count(*)::int AS n FROM referral');
    const result = await call(api.baseUrl, 'POST', '/referrals', {
      token: world.partner.token,
      body: {
        primeContractId: 'nope',
        participant: { niNumber: 'QQ123456C', dateOfBirth: '17/05/1990', benefitType: '' },
        colour: 'red',
      },
    });
    expect(result.status).toBe(400);
    expect(result.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(
      [
        'body.colour',
        'body.participant.benefitType',
        'body.participant.dateOfBirth',
        'body.participant.niNumber',
        'body.primeContractId',
      ].sort(),
    );
    expect((await api.db.pool.query('SELECT count(*)::int AS n FROM referral')).rows[0].n).toBe(
      before.rows[0].n,
    );
  });

  it('is for referral partners and commissioners: a prime gets 403', async () => {
    const world = await aSupplyChain(api.baseUrl, api.db.pool);
    const result = await call(api.baseUrl, 'POST', '/referrals', {
      token: world.prime.token,
      body: {
        primeContractId: world.primeContractId,
        participant: { niNumber: aNiNumber(), dateOfBirth: '1990-01-01', benefitType: 'UC' },
      },
    });
    expect(result.status).toBe(403);
  });
});

describe('acceptance and transitions', () => {
  it('accepts an eligible referral, and refuses an ineligible one naming the rule', async () => {
    const world = await aSupplyChain(api.baseUrl, api.db.pool, {
      eligibility: { minAge: 18, benefitTypes: ['UC', 'ESA'] },
    });
    const young = await aReferralVia(api.baseUrl, world, { dateOfBirth: '2015-01-01' });
    const refused = await call(api.baseUrl, 'POST', `/referrals/${young.id}/accept`, {
      token: world.prime.token,
      body: {},
      headers: { 'if-match': '"1"' },
    });
    expect(refused.status).toBe(422);
    expect(refused.body.errors[0].field).toBe('eligibility.minAge');

    const adult = await aReferralVia(api.baseUrl, world);
    const accepted = await step(api.baseUrl, world.prime.token, adult.id, 'accept', 1);
    expect(accepted).toMatchObject({ status: 'ACCEPTED', version: 2 });
    expect(await auditActions(adult.id)).toEqual(['referral.create', 'referral.accepted']);
  });

  it('requires If-Match (428), refuses a stale version (412) and changes nothing', async () => {
    const world = await aSupplyChain(api.baseUrl, api.db.pool);
    const referral = await aReferralVia(api.baseUrl, world);
    const missing = await call(api.baseUrl, 'POST', `/referrals/${referral.id}/reject`, {
      token: world.prime.token,
      body: { reason: 'out of area' },
    });
    expect(missing.status).toBe(428);
    await step(api.baseUrl, world.prime.token, referral.id, 'accept', 1);
    const stale = await call(api.baseUrl, 'POST', `/referrals/${referral.id}/reject`, {
      token: world.prime.token,
      body: { reason: 'out of area' },
      headers: { 'if-match': '"1"' },
    });
    expect(stale.status).toBe(412);
    expect(stale.headers.get('etag')).toBe('"2"');
    const now = await call(api.baseUrl, 'GET', `/referrals/${referral.id}`, {
      token: world.prime.token,
    });
    expect(now.body.referral).toMatchObject({ status: 'ACCEPTED', version: 2 });
    expect(now.headers.get('etag')).toBe('"2"');
  });

  it('answers 409 listing the allowed transitions when a move is not in the state machine', async () => {
    const world = await aSupplyChain(api.baseUrl, api.db.pool);
    const referral = await aReferralVia(api.baseUrl, world);
    const attach = await call(api.baseUrl, 'POST', `/referrals/${referral.id}/allocate`, {
      token: world.prime.token,
      body: { subcontractId: world.subcontracts[0]!.id, reason: 'x' },
      headers: { 'if-match': '"1"' },
    });
    expect(attach.status).toBe(409);
    expect(attach.body.code).toBe('REFERRAL_TRANSITION_NOT_ALLOWED');
    expect(attach.body.detail).toContain('ACCEPTED, REJECTED');
    expect(
      (
        await api.db.pool.query(
          'SELECT count(*)::int AS n FROM referral_transition WHERE referral_id = $1',
          [referral.id],
        )
      ).rows[0].n,
    ).toBe(1);
  });

  it('requires a reason to reject, and a FINANCE user of the prime gets 403', async () => {
    const world = await aSupplyChain(api.baseUrl, api.db.pool);
    const referral = await aReferralVia(api.baseUrl, world);
    const noReason = await call(api.baseUrl, 'POST', `/referrals/${referral.id}/reject`, {
      token: world.prime.token,
      body: {},
      headers: { 'if-match': '"1"' },
    });
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors).toEqual([{ field: 'body.reason', message: expect.any(String) }]);
    const finance = await aSignedInUser(api.baseUrl, api.db.pool, {
      organisationId: world.prime.organisationId,
      roles: ['FINANCE'],
    });
    expect(
      (
        await call(api.baseUrl, 'POST', `/referrals/${referral.id}/accept`, {
          token: finance.token,
          body: {},
          headers: { 'if-match': '"1"' },
        })
      ).status,
    ).toBe(403);
  });
});

describe('needs assessment and allocation', () => {
  it('assigns the payment group by the programme rules, keeps history and distance travelled', async () => {
    const world = await aSupplyChain(api.baseUrl, api.db.pool);
    const referral = await aReferralVia(api.baseUrl, world);
    const first = await call(api.baseUrl, 'POST', `/referrals/${referral.id}/needs-assessments`, {
      token: world.prime.token,
      body: {
        barriers: [
          { type: 'HEALTH', severity: 3 },
          { type: 'HOUSING', severity: 2 },
        ],
      },
    });
    expect(first.status).toBe(201);
    expect(first.body.assessments[0]).toMatchObject({
      paymentGroup: 'D',
      ruleId: 'NB_D_HIGH_HEALTH_OR_SUBSTANCE',
      totalScore: 5,
    });
    const second = await call(api.baseUrl, 'POST', `/referrals/${referral.id}/needs-assessments`, {
      token: world.prime.token,
      body: { barriers: [{ type: 'HOUSING', severity: 1 }] },
    });
    expect(second.body.assessments.map((a: { paymentGroup: string }) => a.paymentGroup)).toEqual([
      'D',
      'A',
    ]);
    expect(second.body.distanceTravelled).toEqual({ firstScore: 5, latestScore: 1, change: -4 });
  });

  it('allocates by the declared policy, records rule and reason, and respects capacity', async () => {
    const world = await aSupplyChain(api.baseUrl, api.db.pool, {
      subcontracts: [
        { capacity: 1, bidShareBp: 9000 },
        { capacity: 1, bidShareBp: 1000 },
      ],
    });
    const policy = await call(
      api.baseUrl,
      'PUT',
      `/supply-chain/prime-contracts/${world.primeContractId}/allocation-policy`,
      { token: world.prime.token, body: { policy: 'BID_SHARE' } },
    );
    expect(policy.status).toBe(200);
    const allocateOne = async () => {
      const referral = await aReferralVia(api.baseUrl, world);
      const accepted = await step(api.baseUrl, world.prime.token, referral.id, 'accept', 1);
      await call(api.baseUrl, 'POST', `/referrals/${referral.id}/needs-assessments`, {
        token: world.prime.token,
        body: { barriers: [{ type: 'LANGUAGE', severity: 1 }] },
      });
      return call(api.baseUrl, 'POST', `/referrals/${referral.id}/allocate`, {
        token: world.prime.token,
        body: {},
        headers: { 'if-match': `"${accepted.version}"` },
      });
    };
    const first = await allocateOne();
    expect(first.status).toBe(200);
    expect(first.body.referral).toMatchObject({
      status: 'ALLOCATED',
      subcontractId: world.subcontracts[0]!.id,
      allocationRule: 'BID_SHARE',
    });
    expect(first.body.referral.allocationReason).toContain('bid share 90.00%');
    const second = await allocateOne();
    expect(second.body.referral.subcontractId).toBe(world.subcontracts[1]!.id); // the first is full
    const third = await allocateOne();
    expect(third.status).toBe(409);
    expect(third.body.code).toBe('NO_ELIGIBLE_SUBCONTRACTOR');
    expect(third.body.errors.map((e: { message: string }) => e.message)).toEqual([
      expect.stringContaining('AT_CAPACITY'),
      expect.stringContaining('AT_CAPACITY'),
    ]);

    const byHand = await call(
      api.baseUrl,
      'POST',
      `/referrals/${third.body.instance.split('/')[2]}/allocate`,
      {
        token: world.prime.token,
        body: { subcontractId: world.subcontracts[0]!.id, reason: 'urgent' },
        headers: { 'if-match': '"2"' },
      },
    );
    expect(byHand.status).toBe(409);
    expect(byHand.body.code).toBe('SUBCONTRACT_AT_CAPACITY');
  });

  it('lets a subcontractor hand back with a reason, and the prime reallocate', async () => {
    const world = await aSupplyChain(api.baseUrl, api.db.pool);
    const allocated = await anAllocatedReferral(api.baseUrl, world);
    expect(allocated).toMatchObject({
      allocationRule: 'MANUAL',
      allocationReason: 'specialist ESOL provision',
    });
    const noReason = await call(api.baseUrl, 'POST', `/referrals/${allocated.id}/hand-back`, {
      token: world.subcontractors[0]!.token,
      body: {},
      headers: { 'if-match': `"${allocated.version}"` },
    });
    expect(noReason.status).toBe(400);
    const handedBack = await step(
      api.baseUrl,
      world.subcontractors[0]!.token,
      allocated.id,
      'hand-back',
      allocated.version,
      { reason: 'no ESOL tutor this term' },
    );
    expect(handedBack.status).toBe('ACCEPTED');
    const again = await step(
      api.baseUrl,
      world.prime.token,
      allocated.id,
      'allocate',
      handedBack.version,
      { subcontractId: world.subcontracts[1]!.id, reason: 'second provider has ESOL' },
    );
    const moved = await step(
      api.baseUrl,
      world.prime.token,
      allocated.id,
      'reallocate',
      again.version,
      { reason: 'participant moved', subcontractId: world.subcontracts[0]!.id },
    );
    expect(moved).toMatchObject({
      status: 'ALLOCATED',
      subcontractId: world.subcontracts[0]!.id,
      version: again.version + 2,
    });
    const transitions = await api.db.pool.query(
      'SELECT from_status, to_status, reason FROM referral_transition WHERE referral_id = $1 ORDER BY at, to_status',
      [allocated.id],
    );
    expect(transitions.rows.map((t) => `${t.from_status ?? '∅'}→${t.to_status}`)).toEqual([
      '∅→RECEIVED',
      'RECEIVED→ACCEPTED',
      'ACCEPTED→ALLOCATED',
      'ALLOCATED→ACCEPTED',
      'ACCEPTED→ALLOCATED',
      'ALLOCATED→ACCEPTED',
      'ACCEPTED→ALLOCATED',
    ]);
  });
});

describe('special category data and isolation', () => {
  it('shows special category data and the NI number only to the delivering caseworker (and auditors), auditing every read', async () => {
    const world = await aSupplyChain(api.baseUrl, api.db.pool);
    const referral = await anAllocatedReferral(api.baseUrl, world, {
      specialCategory: { health: 'epilepsy', offending: 'spent conviction' },
    });
    const delivering = await call(api.baseUrl, 'GET', `/referrals/${referral.id}`, {
      token: world.subcontractors[0]!.token,
    });
    expect(delivering.status).toBe(200);
    expect(delivering.body.referral.participant).toMatchObject({
      specialCategory: { health: 'epilepsy', offending: 'spent conviction' },
      isNiNumberMasked: false,
    });
    expect(delivering.body.referral.participant.niNumber).toMatch(/^AB\d{6}A$/);

    const prime = await call(api.baseUrl, 'GET', `/referrals/${referral.id}`, {
      token: world.prime.token,
    });
    expect(prime.body.referral.participant).toMatchObject({
      specialCategory: null,
      canSeeSpecialCategory: false,
      isNiNumberMasked: true,
    });
    const partner = await call(api.baseUrl, 'GET', `/referrals/${referral.id}`, {
      token: world.partner.token,
    });
    expect(partner.body.referral.participant).toMatchObject({
      specialCategory: null,
      isNiNumberMasked: true,
    });

    const auditor = await aSignedInUser(api.baseUrl, api.db.pool, {
      organisationId: world.commissioner.organisationId,
      roles: ['AUDITOR'],
    });
    const audited = await call(api.baseUrl, 'GET', `/referrals/${referral.id}`, {
      token: auditor.token,
    });
    expect(audited.body.referral.participant).toMatchObject({
      specialCategory: { health: 'epilepsy' },
      isNiNumberMasked: true,
    });

    const reads = await api.db.pool.query<{ action: string; actor_user_id: string }>(
      `SELECT action, actor_user_id FROM audit_event WHERE action LIKE 'participant.read-%' AND data->>'referralId' = $1 ORDER BY seq`,
      [referral.id],
    );
    expect(reads.rows).toEqual([
      {
        action: 'participant.read-special-category',
        actor_user_id: world.subcontractors[0]!.id,
      },
      { action: 'participant.read-ni-number', actor_user_id: world.subcontractors[0]!.id },
      { action: 'participant.read-special-category', actor_user_id: auditor.id },
    ]);
  });

  it('answers 404 for another organisation’s referral on every route', async () => {
    const world = await aSupplyChain(api.baseUrl, api.db.pool);
    const other = await aSupplyChain(api.baseUrl, api.db.pool);
    const referral = await anAllocatedReferral(api.baseUrl, world);
    const headers = { 'if-match': `"${referral.version}"` };
    const outsiders = [
      other.prime,
      other.subcontractors[0]!,
      other.partner,
      other.commissioner,
      world.subcontractors[1]!,
    ];
    for (const outsider of outsiders) {
      expect(
        (await call(api.baseUrl, 'GET', `/referrals/${referral.id}`, { token: outsider.token }))
          .status,
      ).toBe(404);
    }
    const routes: [string, string, Record<string, unknown>, { token: string }][] = [
      ['POST', 'accept', {}, other.prime],
      ['POST', 'reject', { reason: 'x' }, other.prime],
      ['POST', 'allocate', {}, other.prime],
      ['POST', 'reallocate', { reason: 'x' }, other.prime],
      ['POST', 'exit', { reason: 'x' }, other.prime],
      ['POST', 'hand-back', { reason: 'x' }, world.subcontractors[1]!],
      ['POST', 'attach', {}, world.subcontractors[1]!],
      ['POST', 'needs-assessments', { barriers: [] }, other.prime],
      ['GET', 'needs-assessments', {}, other.prime],
    ];
    for (const [method, action, body, who] of routes) {
      const result = await call(api.baseUrl, method, `/referrals/${referral.id}/${action}`, {
        token: who.token,
        headers,
        ...(method === 'POST' ? { body } : {}),
      });
      expect([action, result.status]).toEqual([action, 404]);
    }
    expect(
      (
        await call(
          api.baseUrl,
          'GET',
          `/supply-chain/prime-contracts/${world.primeContractId}/flow`,
          { token: other.prime.token },
        )
      ).status,
    ).toBe(404);
    expect(
      (
        await call(
          api.baseUrl,
          'PUT',
          `/supply-chain/prime-contracts/${world.primeContractId}/allocation-policy`,
          { token: other.prime.token, body: { policy: 'ROUND_ROBIN' } },
        )
      ).status,
    ).toBe(404);
  });
});
