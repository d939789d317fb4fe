import { addDays } from '@waymark/domain';
import { CLOCK, type Clock, fixedClock, systemClock } from '../common/clock/clock';
import { call } from '../test-support/http';
import { createTestApp, type TestApp } from '../test-support/test-app';
import {
  aClaimAt,
  aClaimsWorld,
  type ClaimsWorld,
  moveClaim,
  TARIFF_PENCE,
  today,
} from './claims.test-world';
import { aSignedInUser } from '../test-support/signed-in-user';

let api: TestApp;
let world: ClaimsWorld;
beforeAll(async () => {
  api = await createTestApp();
  world = await aClaimsWorld(api);
});
afterAll(async () => {
  await api.close();
});

const get = (token: string, path: string) => call(api.baseUrl, 'GET', path, { token });
const post = (token: string, path: string, body: unknown, headers: Record<string, string> = {}) =>
  call(api.baseUrl, 'POST', path, { token, body, headers });

describe('drafting a claim', () => {
  it('prices a claimable milestone from the tariff in force for the participant’s payment group', async () => {
    const { referralId } = await world.aReferral();
    const drafted = await post(world.people.subCaseworker.token, '/claims', {
      referralId,
      milestoneCode: 'ATTACHMENT',
    });
    expect(drafted.status).toBe(201);
    expect(drafted.body.claim).toMatchObject({
      status: 'DRAFT',
      milestoneCode: 'ATTACHMENT',
      occurrence: 1,
      amountPence: String(TARIFF_PENCE.ATTACHMENT),
      version: 1,
      subcontractId: world.subcontractId,
    });
    expect(drafted.headers.get('etag')).toBe('"1"');
    expect(drafted.body.claim.transitions).toEqual([
      expect.objectContaining({
        fromStatus: null,
        toStatus: 'DRAFT',
        byUserId: world.people.subCaseworker.id,
      }),
    ]);
  });

  it('answers 422 with the reason and due date when a job outcome is claimed before 13 weeks in work', async () => {
    const { referralId } = await world.aReferral({ jobStartedDaysAgo: 30 });
    const refused = await post(world.people.subCaseworker.token, '/claims', {
      referralId,
      milestoneCode: 'JOB_OUTCOME',
    });
    expect(refused.status).toBe(422);
    const dueDate = addDays(addDays(today(), -30), 91);
    expect(refused.body).toMatchObject({
      code: 'CLAIM_NOT_CLAIMABLE',
      errors: [{ field: 'body.milestoneCode' }],
    });
    expect(refused.body.detail).toContain('NOT_YET');
    expect(refused.body.detail).toContain(dueDate);

    const claimable = await get(
      world.people.subCaseworker.token,
      `/referrals/${referralId}/claimable`,
    );
    expect(claimable.status).toBe(200);
    expect(claimable.body.claimable.milestones).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'JOB_OUTCOME', status: 'NOT_YET', dueDate }),
        expect.objectContaining({
          code: 'ATTACHMENT',
          status: 'CLAIMABLE',
          amountPence: String(TARIFF_PENCE.ATTACHMENT),
        }),
      ]),
    );
  });

  it('answers 409 naming the existing claim when the same occurrence is claimed twice', async () => {
    const { referralId } = await world.aReferral();
    const first = await post(world.people.subCaseworker.token, '/claims', {
      referralId,
      milestoneCode: 'ATTACHMENT',
    });
    const again = await post(world.people.subCaseworker.token, '/claims', {
      referralId,
      milestoneCode: 'ATTACHMENT',
      occurrence: 1,
    });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({
      code: 'CLAIM_ALREADY_LIVE',
      errors: [{ field: 'body.occurrence' }],
    });
    expect(again.body.detail).toContain(first.body.claim.id);
    const implicit = await post(world.people.subCaseworker.token, '/claims', {
      referralId,
      milestoneCode: 'ATTACHMENT',
    });
    expect(implicit.status).toBe(409);
  });

  it('prices concurrent drafts under one contract one after another, so together they never pass the contract value cap', async () => {
    const fresh = await aClaimsWorld(api);
    const cap = 2.5 * TARIFF_PENCE.ATTACHMENT;
    await api.db.pool.query('UPDATE prime_contract SET value_cap_pence = $2 WHERE id = $1', [
      fresh.primeContractId,
      cap,
    ]);
    const referrals = await Promise.all(Array.from({ length: 5 }, () => fresh.aReferral()));
    const drafts = await Promise.all(
      referrals.map(({ referralId }) =>
        post(fresh.people.subCaseworker.token, '/claims', {
          referralId,
          milestoneCode: 'ATTACHMENT',
        }),
      ),
    );
    const priced = drafts
      .filter((draft) => draft.status === 201)
      .map((draft) => Number(draft.body.claim.amountPence));
    // Two at full price and one at what is left; the rest are refused (nothing left under the cap) or priced at nothing.
    expect(priced.reduce((sum, pence) => sum + pence, 0)).toBe(cap);
    for (const draft of drafts) expect([201, 422]).toContain(draft.status);
  });

  it('lets only one of two concurrent drafts of the same occurrence through', async () => {
    const { referralId } = await world.aReferral();
    const results = await Promise.all(
      [1, 2, 3].map(() =>
        post(world.people.subCaseworker.token, '/claims', {
          referralId,
          milestoneCode: 'ATTACHMENT',
        }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409]);
  });

  it('hides other parties’ referrals and claims (404) and refuses the wrong role (403)', async () => {
    const other = await aClaimsWorld(api);
    const { referralId } = await world.aReferral();
    expect(
      (
        await post(other.people.subCaseworker.token, '/claims', {
          referralId,
          milestoneCode: 'ATTACHMENT',
        })
      ).status,
    ).toBe(404);
    const claim = await aClaimAt(api, world, 'DRAFT');
    for (const person of [
      other.people.subFinance,
      other.people.primeFinance,
      other.people.commissionerFinance,
    ]) {
      const hidden = await get(person.token, `/claims/${claim.id}`);
      expect(hidden.status).toBe(404);
      expect(hidden.body.code).toBe('NOT_FOUND');
    }
    const auditor = await aSignedInUser(api.baseUrl, api.db.pool, {
      organisationId: world.subcontractor.id,
      roles: ['AUDITOR'],
    });
    const wrongRole = await post(auditor.token, '/claims', {
      referralId,
      milestoneCode: 'ATTACHMENT',
    });
    expect(wrongRole.status).toBe(403);
  });

  it('lets the subcontractor’s finance officer draft a claim and submit it, as a charity works', async () => {
    const { referralId } = await world.aReferral();
    const drafted = await post(world.people.subFinance.token, '/claims', {
      referralId,
      milestoneCode: 'ATTACHMENT',
    });
    expect(drafted.status).toBe(201);
    const submitted = await moveClaim(
      api,
      world.people.subFinance,
      drafted.body.claim.id,
      'SUBMITTED',
    );
    expect({
      status: submitted.status,
      claimStatus: (submitted.body as { claim?: { status: string } }).claim?.status,
    }).toEqual({ status: 200, claimStatus: 'SUBMITTED' });
  });

  it('names every bad field', async () => {
    const bad = await post(world.people.subCaseworker.token, '/claims', {
      referralId: 'x',
      milestoneCode: 'a party',
      extra: 1,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'body.extra',
      'body.milestoneCode',
      'body.referralId',
    ]);
  });
});

describe('the maker-checker workflow', () => {
  it('takes a claim from draft to APPROVED, recording who did each step', async () => {
    const claim = await aClaimAt(api, world, 'APPROVED', { jobStartedDaysAgo: 120 });
    const read = await get(world.people.commissionerFinance.token, `/claims/${claim.id}`);
    expect(read.body.claim).toMatchObject({
      status: 'APPROVED',
      milestoneCode: 'JOB_OUTCOME',
      amountPence: String(TARIFF_PENCE.JOB_OUTCOME),
    });
    expect(
      read.body.claim.transitions.map((t: { toStatus: string; byUserId: string }) => [
        t.toStatus,
        t.byUserId,
      ]),
    ).toEqual([
      ['DRAFT', world.people.subCaseworker.id],
      ['SUBMITTED', world.people.subFinance.id],
      ['PRIME_APPROVED', world.people.primeFinance.id],
      ['SUBMITTED_TO_COMMISSIONER', world.people.primeFinance.id],
      ['APPROVED', world.people.commissionerFinance.id],
    ]);
    const { rows } = await api.db.pool.query<{ action: string }>(
      `SELECT action FROM audit_event WHERE entity_id = $1 ORDER BY seq`,
      [claim.id],
    );
    expect(rows.map((r) => r.action)).toEqual([
      'claim.draft',
      'claim.submitted',
      'claim.prime-approved',
      'claim.submitted-to-commissioner',
      'claim.approved',
    ]);
  });

  it('refuses self-approval: the maker, and the submitter, cannot approve', async () => {
    // A prime delivering a participant itself: its caseworker-finance drafts, submits and may not approve.
    const { referralId } = await world.aReferral({ deliveredByPrime: true });
    const maker = await aSignedInUser(api.baseUrl, api.db.pool, {
      organisationId: world.prime.id,
      roles: ['CASEWORKER', 'FINANCE'],
    });
    const drafted = await post(maker.token, '/claims', { referralId, milestoneCode: 'ATTACHMENT' });
    expect(drafted.status).toBe(201);
    const submitted = await moveClaim(api, maker, drafted.body.claim.id, 'SUBMITTED');
    expect(submitted.status).toBe(200);
    const byMaker = await moveClaim(api, maker, drafted.body.claim.id, 'PRIME_APPROVED');
    expect(byMaker.status).toBe(403);
    expect(byMaker.body.code).toBe('CLAIM_MAKER_CANNOT_APPROVE');

    const { referralId: second } = await world.aReferral({ deliveredByPrime: true });
    const other = await post(world.people.primeCaseworker.token, '/claims', {
      referralId: second,
      milestoneCode: 'ATTACHMENT',
    });
    expect(
      (await moveClaim(api, world.people.primeFinance2, other.body.claim.id, 'SUBMITTED')).status,
    ).toBe(200);
    const bySubmitter = await moveClaim(
      api,
      world.people.primeFinance2,
      other.body.claim.id,
      'PRIME_APPROVED',
    );
    expect(bySubmitter.status).toBe(403);
    expect(bySubmitter.body.code).toBe('CLAIM_SUBMITTER_CANNOT_APPROVE');
    expect(
      (await moveClaim(api, world.people.primeFinance, other.body.claim.id, 'PRIME_APPROVED'))
        .status,
    ).toBe(200);
  });

  it('answers 409 listing the allowed moves, 403 for the wrong party, and 400 when a rejection has no reason', async () => {
    const claim = await aClaimAt(api, world, 'SUBMITTED');
    const invalid = await moveClaim(api, world.people.primeFinance, claim.id, 'APPROVED');
    expect(invalid.status).toBe(409);
    expect(invalid.body).toMatchObject({
      code: 'CLAIM_TRANSITION_NOT_ALLOWED',
      errors: [
        { field: 'body.to', message: 'allowed: PRIME_APPROVED, PRIME_REJECTED, PRIME_QUERIED' },
      ],
    });
    const wrongParty = await moveClaim(api, world.people.subFinance, claim.id, 'PRIME_APPROVED');
    expect(wrongParty.status).toBe(403);
    expect(wrongParty.body.code).toBe('CLAIM_ROLE_CANNOT_TRANSITION');
    const noReason = await moveClaim(api, world.people.primeFinance, claim.id, 'PRIME_REJECTED');
    expect(noReason.status).toBe(400);
    expect(noReason.body).toMatchObject({
      code: 'CLAIM_REASON_REQUIRED',
      errors: [{ field: 'body.reason' }],
    });
  });

  it('requires If-Match (428) and refuses a stale one (412)', async () => {
    const claim = await aClaimAt(api, world, 'DRAFT');
    const missing = await post(world.people.subFinance.token, `/claims/${claim.id}/transitions`, {
      to: 'SUBMITTED',
    });
    expect(missing.status).toBe(428);
    expect(missing.body.code).toBe('CLAIM_IF_MATCH_REQUIRED');
    expect(
      (
        await post(
          world.people.subFinance.token,
          `/claims/${claim.id}/transitions`,
          { to: 'SUBMITTED' },
          { 'if-match': '"1"' },
        )
      ).status,
    ).toBe(200);
    const stale = await post(
      world.people.primeFinance.token,
      `/claims/${claim.id}/transitions`,
      { to: 'PRIME_APPROVED' },
      { 'if-match': '"1"' },
    );
    expect(stale.status).toBe(412);
    expect(stale.body.code).toBe('CLAIM_VERSION_STALE');
  });

  it('runs a query thread: the prime queries, the subcontractor answers, the prime resolves', async () => {
    const claim = await aClaimAt(api, world, 'SUBMITTED');
    const queried = await moveClaim(
      api,
      world.people.primeFinance,
      claim.id,
      'PRIME_QUERIED',
      'The attachment form is unsigned',
    );
    expect(queried.status).toBe(200);
    const threads = await get(world.people.subFinance.token, `/claims/${claim.id}/queries`);
    expect(threads.body.queries).toEqual([
      expect.objectContaining({
        subject: 'The attachment form is unsigned',
        resolvedAt: null,
        raisedByOrganisationId: world.prime.id,
      }),
    ]);
    const queryId = threads.body.queries[0].id;
    const answered = await post(
      world.people.subFinance.token,
      `/claim-queries/${queryId}/messages`,
      { body: 'Signed copy uploaded' },
    );
    expect(answered.status).toBe(201);
    expect(answered.body.query.messages.map((m: { body: string }) => m.body)).toEqual([
      'The attachment form is unsigned',
      'Signed copy uploaded',
    ]);
    const notTheirs = await post(
      world.people.subFinance.token,
      `/claim-queries/${queryId}/resolve`,
      {},
    );
    expect(notTheirs.status).toBe(403);
    expect(notTheirs.body.code).toBe('CLAIM_QUERY_NOT_RAISED_BY_YOU');
    expect((await moveClaim(api, world.people.subFinance, claim.id, 'SUBMITTED')).status).toBe(200);
    const resolved = await post(
      world.people.primeFinance.token,
      `/claim-queries/${queryId}/resolve`,
      {},
    );
    expect(resolved.status).toBe(200);
    expect(resolved.body.query.resolvedAt).not.toBeNull();
    expect(
      (
        await post(world.people.subFinance.token, `/claim-queries/${queryId}/messages`, {
          body: 'late',
        })
      ).status,
    ).toBe(409);
    const outsider = await aClaimsWorld(api);
    expect(
      (await get(outsider.people.primeFinance.token, `/claims/${claim.id}/queries`)).status,
    ).toBe(404);
  });

  it('submits approved claims to the commissioner in one batch, all or nothing', async () => {
    const a = await aClaimAt(api, world, 'PRIME_APPROVED');
    const b = await aClaimAt(api, world, 'PRIME_APPROVED');
    const draft = await aClaimAt(api, world, 'DRAFT');
    const versions = async (ids: string[]) =>
      Promise.all(
        ids.map(async (id) => ({
          id,
          version: (await get(world.people.primeFinance.token, `/claims/${id}`)).body.claim
            .version as number,
        })),
      );

    const mixed = await post(world.people.primeFinance.token, '/claim-submissions', {
      primeContractId: world.primeContractId,
      claims: await versions([a.id, b.id, draft.id]),
    });
    expect(mixed.status).toBe(409);
    expect(mixed.body).toMatchObject({
      code: 'CLAIM_BULK_REJECTED',
      errors: [{ field: 'body.claims.2' }],
    });
    expect((await get(world.people.primeFinance.token, `/claims/${a.id}`)).body.claim.status).toBe(
      'PRIME_APPROVED',
    );

    const batch = await post(world.people.primeFinance.token, '/claim-submissions', {
      primeContractId: world.primeContractId,
      reference: 'BATCH-1',
      claims: await versions([a.id, b.id]),
    });
    expect(batch.status).toBe(201);
    expect(batch.body.submission).toMatchObject({
      reference: 'BATCH-1',
      claimCount: 2,
      totalPence: String(2 * TARIFF_PENCE.ATTACHMENT),
    });
    expect(batch.body.results.map((r: { status: string }) => r.status)).toEqual([
      'SUBMITTED_TO_COMMISSIONER',
      'SUBMITTED_TO_COMMISSIONER',
    ]);
    expect(
      (await get(world.people.commissionerFinance.token, `/claims/${a.id}`)).body.claim
        .submissionId,
    ).toBe(batch.body.submission.id);

    const inbox = await get(world.people.commissionerFinance.token, '/claims?inbox=true');
    expect(inbox.body.claims.map((c: { id: string }) => c.id)).toEqual(
      expect.arrayContaining([a.id, b.id]),
    );
    const bulk = await post(world.people.commissionerFinance.token, '/claims/bulk-transitions', {
      to: 'APPROVED',
      claims: await versions([a.id, b.id]),
    });
    expect(bulk.status).toBe(200);
    expect(bulk.body.results).toEqual([
      expect.objectContaining({ id: a.id, status: 'APPROVED' }),
      expect.objectContaining({ id: b.id, status: 'APPROVED' }),
    ]);
  });

  it('lists claims by filter, keyset- or page-numbered, with the whole filter counted and added up', async () => {
    const fresh = await aClaimsWorld(api);
    for (let i = 0; i < 3; i++) {
      const { referralId } = await fresh.aReferral();
      await post(fresh.people.subCaseworker.token, '/claims', {
        referralId,
        milestoneCode: 'ATTACHMENT',
      });
    }
    const first = await get(fresh.people.subFinance.token, '/claims?status=DRAFT&limit=2');
    expect(first.body.claims).toHaveLength(2);
    const second = await get(
      fresh.people.subFinance.token,
      `/claims?status=DRAFT&limit=2&cursor=${first.body.nextCursor}`,
    );
    expect(second.body.claims).toHaveLength(1);
    expect(second.body.nextCursor).toBeNull();
    const ids = [...first.body.claims, ...second.body.claims].map((c: { id: string }) => c.id);
    expect(new Set(ids).size).toBe(3);
    const pence = (claims: { amountPence: string }[]) =>
      claims.reduce((sum, claim) => sum + BigInt(claim.amountPence), 0n);
    const wholeFilter = pence([...first.body.claims, ...second.body.claims]);
    for (const page of [first, second]) {
      expect(page.body).toMatchObject({ total: 3, isTotalCapped: false });
      expect(BigInt(page.body.totalPence)).toBe(wholeFilter);
    }
    expect(pence(first.body.claims)).not.toBe(wholeFilter);
    const numbered = await get(
      fresh.people.subFinance.token,
      '/claims?status=DRAFT&limit=2&page=2',
    );
    expect(numbered.body.claims.map((c: { id: string }) => c.id)).toEqual(
      second.body.claims.map((c: { id: string }) => c.id),
    );
    expect(numbered.body.total).toBe(3);
    const none = await get(fresh.people.subFinance.token, '/claims?status=APPROVED');
    expect(none.body).toMatchObject({ claims: [], total: 0, totalPence: '0' });
    const both = await get(
      fresh.people.subFinance.token,
      `/claims?status=DRAFT&limit=2&page=2&cursor=${first.body.nextCursor}`,
    );
    expect(both.status).toBe(400);
    expect(both.body.errors).toEqual([expect.objectContaining({ field: 'query.page' })]);
    const inbox = await get(fresh.people.subFinance.token, '/claims?inbox=true');
    expect(inbox.body.claims).toHaveLength(3);
    expect(
      (await get(fresh.people.primeFinance.token, '/claims?inbox=true')).body.claims,
    ).toHaveLength(0);
  });

  it('puts the claims a prime delivers itself in its inbox, and narrows the list and its totals by milestone', async () => {
    const fresh = await aClaimsWorld(api);
    const subDraft = await aClaimAt(api, fresh, 'DRAFT');
    const submitted = await aClaimAt(api, fresh, 'SUBMITTED');
    const { referralId } = await fresh.aReferral({ deliveredByPrime: true });
    const primeDraft = await post(fresh.people.primeCaseworker.token, '/claims', {
      referralId,
      milestoneCode: 'ATTACHMENT',
    });
    expect(primeDraft.status).toBe(201);
    const maker = await aSignedInUser(api.baseUrl, api.db.pool, {
      organisationId: fresh.prime.id,
      roles: ['CASEWORKER', 'FINANCE'],
    });

    const inbox = await get(maker.token, '/claims?inbox=true');
    const ids = (body: { claims: { id: string }[] }) => body.claims.map((c) => c.id).sort();
    // Its own draft (it acts as the delivering provider) and the subcontractor's submission; not the subcontractor's draft.
    expect(ids(inbox.body)).toEqual([primeDraft.body.claim.id, submitted.id].sort());
    expect(inbox.body.total).toBe(2);
    expect(ids((await get(fresh.people.subCaseworker.token, '/claims?inbox=true')).body)).toEqual([
      subDraft.id,
    ]);

    const attachment = await get(maker.token, '/claims?milestoneCode=ATTACHMENT');
    expect(attachment.body.total).toBe(3);
    const none = await get(maker.token, '/claims?milestoneCode=JOB_OUTCOME');
    expect(none.body).toMatchObject({ claims: [], total: 0, totalPence: '0' });
  });

  it('sorts the whole filter on the server by a named column, and refuses a sort it does not know', async () => {
    const fresh = await aClaimsWorld(api);
    for (let i = 0; i < 3; i++) {
      const { referralId } = await fresh.aReferral();
      await post(fresh.people.subCaseworker.token, '/claims', {
        referralId,
        milestoneCode: 'ATTACHMENT',
      });
    }
    const token = fresh.people.subFinance.token;
    const references = (body: { claims: { participantReference: string }[] }) =>
      body.claims.map((claim) => claim.participantReference);
    const ascending = await get(token, '/claims?sort=participant&limit=2&page=1');
    const rest = await get(token, '/claims?sort=participant&limit=2&page=2');
    const descending = await get(token, '/claims?sort=-participant&limit=3');
    const all = [...references(ascending.body), ...references(rest.body)];
    expect(all).toHaveLength(3);
    expect(all).toEqual([...all].sort());
    expect(references(descending.body)).toEqual([...all].reverse());
    expect(ascending.body.nextCursor).toBeNull();

    const bad = await get(token, '/claims?sort=referralId');
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'query.sort' })]);
    const first = await get(token, '/claims?limit=1');
    const withCursor = await get(token, `/claims?sort=amount&cursor=${first.body.nextCursor}`);
    expect(withCursor.status).toBe(400);
    expect(withCursor.body.errors).toEqual([expect.objectContaining({ field: 'query.sort' })]);
  });
});

describe('business time', () => {
  it('names a batch by the API clock’s day and stamps its audit events with the clock’s time, not the machine’s', async () => {
    const claim = await aClaimAt(api, world, 'PRIME_APPROVED');
    const { version } = (await get(world.people.primeFinance.token, `/claims/${claim.id}`)).body
      .claim as { version: number };
    const clock = api.app.get<Clock>(CLOCK);
    Object.assign(clock, fixedClock('2031-03-04'));
    let batch;
    try {
      batch = await post(world.people.primeFinance.token, '/claim-submissions', {
        primeContractId: world.primeContractId,
        claims: [{ id: claim.id, version }],
      });
    } finally {
      Object.assign(clock, systemClock);
    }

    expect(batch.status).toBe(201);
    expect(batch.body.submission.reference).toMatch(/^SUB-20310304-[0-9A-F]{6}$/);
    const audit = await api.db.pool.query<{ action: string; occurred_at: Date }>(
      `SELECT action, occurred_at FROM audit_event
        WHERE (action = 'claim-submission.create' AND entity_id = $1) OR (action = 'claim.submitted-to-commissioner' AND entity_id = $2)
        ORDER BY action`,
      [batch.body.submission.id, claim.id],
    );
    expect(audit.rows).toEqual([
      { action: 'claim-submission.create', occurred_at: new Date('2031-03-04T12:00:00Z') },
      { action: 'claim.submitted-to-commissioner', occurred_at: new Date('2031-03-04T12:00:00Z') },
    ]);
  });
});

describe('the claims list totals at the count cap', () => {
  let capped: TestApp;
  beforeAll(async () => {
    capped = await createTestApp({ listCountCap: 2 });
  });
  afterAll(async () => {
    await capped.close();
  });

  it('stops counting at the cap and says so, adding the amounts up only under it', async () => {
    const fresh = await aClaimsWorld(capped);
    for (let i = 0; i < 3; i++) {
      const { referralId } = await fresh.aReferral();
      const drafted = await call(capped.baseUrl, 'POST', '/claims', {
        token: fresh.people.subCaseworker.token,
        body: { referralId, milestoneCode: 'ATTACHMENT' },
      });
      expect(drafted.status).toBe(201);
    }
    const list = (token: string, query: string) =>
      call(capped.baseUrl, 'GET', `/claims?${query}`, { token });
    const over = await list(fresh.people.subFinance.token, 'status=DRAFT&limit=1');
    expect(over.status).toBe(200);
    // Three drafts, counted to the cap of two: "more than 2", and no sum of a part passed off as the whole.
    expect(over.body).toMatchObject({ total: 2, isTotalCapped: true, totalPence: null });
    expect(over.body.claims).toHaveLength(1);
    // Pages still reach every claim the filter holds.
    expect(
      (await list(fresh.people.subFinance.token, 'status=DRAFT&limit=1&page=3')).body.claims,
    ).toHaveLength(1);
    // Under the cap the count is exact and the amounts are added up; row-level security still scopes it.
    const noneMatch = await list(
      fresh.people.subFinance.token,
      'status=DRAFT&limit=1&milestoneCode=JOB_OUTCOME',
    );
    expect(noneMatch.body).toMatchObject({ total: 0, isTotalCapped: false, totalPence: '0' });
    const stranger = await aSignedInUser(capped.baseUrl, capped.db.pool, {
      kind: 'SUBCONTRACTOR',
      roles: ['FINANCE'],
    });
    expect((await list(stranger.token, 'status=DRAFT')).body).toMatchObject({
      claims: [],
      total: 0,
      isTotalCapped: false,
      totalPence: '0',
    });
  });
});
