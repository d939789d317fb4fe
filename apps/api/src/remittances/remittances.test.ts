import { call } from '../test-support/http';
import { createTestApp, type TestApp } from '../test-support/test-app';
import {
  aMoneyWorld,
  anApprovedClaim,
  aSubcontract,
  idempotencyKey,
  remitAndPay,
} from './money-fixtures';
import { aSignedInUser } from '../test-support/signed-in-user';

let api: TestApp;
beforeAll(async () => {
  api = await createTestApp();
});
afterAll(async () => {
  await api.close();
});

const period = { periodStart: '2024-03-01', periodEnd: '2024-03-31' };

describe('remittances', () => {
  it('remits the approved claims of the period, marks them PAID with a transition each, and posts a balanced transfer commissioner → prime', async () => {
    const world = await aMoneyWorld(api.baseUrl, api.db.pool);
    const sub = await aSubcontract(world, {
      termsKind: 'PBR_SHARE',
      terms: { shareBasisPoints: 7000 },
    });
    const first = await anApprovedClaim(world, { subcontractId: sub.id });
    await anApprovedClaim(world, { subcontractId: null, milestone: 'ATTACHMENT' });
    await anApprovedClaim(world, { subcontractId: sub.id, decidedOn: '2024-04-02' }); // outside the period
    await anApprovedClaim(world, { subcontractId: sub.id, status: 'SUBMITTED_TO_COMMISSIONER' }); // not approved

    const run = await call(api.baseUrl, 'POST', '/remittances', {
      token: world.commissioner.token,
      headers: idempotencyKey(),
      body: { primeContractId: world.primeContractId, ...period },
    });
    expect(run.status).toBe(201);
    expect(run.body.remittance).toMatchObject({
      status: 'DRAFT',
      claimCount: 2,
      grossPence: '160000',
      clawbackPence: '0',
      netPence: '160000',
    });

    const paid = await call(api.baseUrl, 'POST', `/remittances/${run.body.remittance.id}/paid`, {
      token: world.commissioner.token,
      headers: idempotencyKey(),
      body: { paidReference: 'BACS-0001', paidOn: '2024-04-05' },
    });
    expect(paid.status).toBe(200);
    expect(paid.body.remittance).toMatchObject({
      status: 'PAID',
      paidReference: 'BACS-0001',
      paidOn: '2024-04-05',
    });

    const claims = await api.db.pool.query<{ status: string }>(
      `SELECT status FROM claim WHERE id = $1`,
      [first],
    );
    expect(claims.rows[0]!.status).toBe('PAID');
    const transitions = await api.db.pool.query(
      `SELECT from_status, to_status, by_user_id, reason FROM claim_transition WHERE claim_id = $1`,
      [first],
    );
    expect(transitions.rows).toEqual([
      {
        from_status: 'APPROVED',
        to_status: 'PAID',
        by_user_id: world.commissioner.id,
        reason: 'remittance BACS-0001 paid 2024-04-05',
      },
    ]);

    const entries = await api.db.pool.query<{
      organisation_id: string;
      code: string;
      amount_pence: string;
    }>(
      `SELECT a.organisation_id, a.code, e.amount_pence FROM ledger_entry e JOIN ledger_account a ON a.id = e.account_id JOIN ledger_transaction t ON t.id = e.transaction_id
       WHERE t.remittance_id = $1 ORDER BY e.amount_pence`,
      [run.body.remittance.id],
    );
    expect(entries.rows).toEqual([
      {
        organisation_id: world.commissioner.organisationId,
        code: 'OUTCOME_FUNDING',
        amount_pence: '-160000',
      },
      { organisation_id: world.prime.organisationId, code: 'CASH', amount_pence: '160000' },
    ]);

    const again = await call(api.baseUrl, 'POST', '/remittances', {
      token: world.commissioner.token,
      headers: idempotencyKey(),
      body: { primeContractId: world.primeContractId, ...period },
    });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('REMITTANCE_NOTHING_TO_REMIT');
    const paidTwice = await call(
      api.baseUrl,
      'POST',
      `/remittances/${run.body.remittance.id}/paid`,
      {
        token: world.commissioner.token,
        headers: idempotencyKey(),
        body: { paidReference: 'BACS-0002', paidOn: '2024-04-06' },
      },
    );
    expect(paidTwice.status).toBe(409);
    expect(paidTwice.body.code).toBe('REMITTANCE_ALREADY_PAID');
  });

  it('pays once when two browsers run the same remittance concurrently with different keys', async () => {
    const world = await aMoneyWorld(api.baseUrl, api.db.pool);
    for (let i = 0; i < 3; i++) await anApprovedClaim(world, { subcontractId: null });
    const results = await Promise.all(
      [1, 2, 3, 4].map(() =>
        call(api.baseUrl, 'POST', '/remittances', {
          token: world.commissioner.token,
          headers: idempotencyKey(),
          body: { primeContractId: world.primeContractId, ...period },
        }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409]);
    const lines = await api.db.pool.query(
      `SELECT count(*)::int AS n FROM remittance_line WHERE prime_contract_id = $1`,
      [world.primeContractId],
    );
    expect(lines.rows[0]).toEqual({ n: 3 });
  });

  it('leaves out claims already on an unpaid remittance, so a second run of the period remits only the claims approved since', async () => {
    const world = await aMoneyWorld(api.baseUrl, api.db.pool);
    await anApprovedClaim(world, { subcontractId: null });
    await anApprovedClaim(world, { subcontractId: null });
    const run = () =>
      call(api.baseUrl, 'POST', '/remittances', {
        token: world.commissioner.token,
        headers: idempotencyKey(),
        body: { primeContractId: world.primeContractId, ...period },
      });
    const first = await run();
    expect(first.status).toBe(201);
    expect(first.body.remittance).toMatchObject({ status: 'DRAFT', claimCount: 2 });

    const later = await anApprovedClaim(world, { subcontractId: null });
    const second = await run();
    expect(second.status).toBe(201);
    expect(second.body.remittance).toMatchObject({ claimCount: 1 });
    const lines = await api.db.pool.query<{ remittance_id: string; claim_id: string }>(
      `SELECT remittance_id, claim_id FROM remittance_line WHERE remittance_id = $1`,
      [second.body.remittance.id],
    );
    expect(lines.rows).toEqual([{ remittance_id: second.body.remittance.id, claim_id: later }]);
    const firstCount = await api.db.pool.query(
      `SELECT count(*)::int AS n FROM remittance_line WHERE remittance_id = $1`,
      [first.body.remittance.id],
    );
    expect(firstCount.rows[0]).toEqual({ n: 2 });
  });

  it('exports CSV with injection-safe text cells and totals, and marks the remittance EXPORTED', async () => {
    const world = await aMoneyWorld(api.baseUrl, api.db.pool);
    const claimId = await anApprovedClaim(world, { subcontractId: null });
    await api.db.pool.query(
      `UPDATE participant SET reference = '=HYPERLINK("http://evil")' WHERE id = (SELECT rf.participant_id FROM claim c JOIN referral rf ON rf.id = c.referral_id WHERE c.id = $1)`,
      [claimId],
    );
    const run = await call(api.baseUrl, 'POST', '/remittances', {
      token: world.commissioner.token,
      headers: idempotencyKey(),
      body: { primeContractId: world.primeContractId, ...period },
    });
    const response = await fetch(
      `${api.baseUrl}/remittances/${run.body.remittance.id}/export.csv`,
      { headers: { authorization: `Bearer ${world.commissioner.token}` } },
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/csv');
    const csv = await response.text();
    expect(csv).toContain(`'=HYPERLINK`);
    expect(csv).not.toMatch(/,=HYPERLINK/);
    expect(csv).toContain('net_pence,120000,1200.00');
    const [header, line] = csv.split('\n');
    expect(header).toMatch(/,amount_pence,amount_pounds$/);
    expect(line).toMatch(/,120000,1200\.00$/);
    const detail = await call(api.baseUrl, 'GET', `/remittances/${run.body.remittance.id}`, {
      token: world.prime.token,
    });
    expect(detail.body.remittance.status).toBe('EXPORTED');
    expect(detail.body.lines).toEqual([
      expect.objectContaining({ claimId, amountPence: '120000' }),
    ]);
  });

  it('hides another party’s remittance (404), refuses the wrong party or role (403), and requires an Idempotency-Key (428)', async () => {
    const world = await aMoneyWorld(api.baseUrl, api.db.pool);
    await anApprovedClaim(world, { subcontractId: null });
    const run = await call(api.baseUrl, 'POST', '/remittances', {
      token: world.commissioner.token,
      headers: idempotencyKey(),
      body: { primeContractId: world.primeContractId, ...period },
    });
    const other = await aMoneyWorld(api.baseUrl, api.db.pool);
    expect(
      (
        await call(api.baseUrl, 'GET', `/remittances/${run.body.remittance.id}`, {
          token: other.commissioner.token,
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await call(api.baseUrl, 'GET', `/remittances/${run.body.remittance.id}`, {
          token: other.prime.token,
        })
      ).status,
    ).toBe(404);
    const hidden = await call(api.baseUrl, 'POST', `/remittances/${run.body.remittance.id}/paid`, {
      token: other.commissioner.token,
      headers: idempotencyKey(),
      body: { paidReference: 'X', paidOn: '2024-04-01' },
    });
    expect(hidden.status).toBe(404);
    const notTheirs = await call(api.baseUrl, 'POST', '/remittances', {
      token: other.commissioner.token,
      headers: idempotencyKey(),
      body: { primeContractId: world.primeContractId, ...period },
    });
    expect(notTheirs).toMatchObject({
      status: 404,
      body: { errors: [{ field: 'body.primeContractId' }] },
    });
    expect(
      (await call(api.baseUrl, 'GET', '/remittances', { token: other.prime.token })).body
        .remittances,
    ).toEqual([]);

    const primeTries = await call(api.baseUrl, 'POST', '/remittances', {
      token: world.prime.token,
      headers: idempotencyKey(),
      body: { primeContractId: world.primeContractId, ...period },
    });
    expect(primeTries.status).toBe(403);
    const caseworker = await aSignedInUser(api.baseUrl, api.db.pool, {
      organisationId: world.commissioner.organisationId,
      roles: ['CASEWORKER'],
    });
    expect(
      (
        await call(api.baseUrl, 'POST', '/remittances', {
          token: caseworker.token,
          headers: idempotencyKey(),
          body: { primeContractId: world.primeContractId, ...period },
        })
      ).status,
    ).toBe(403);

    const noKey = await call(api.baseUrl, 'POST', '/remittances', {
      token: world.commissioner.token,
      body: { primeContractId: world.primeContractId, ...period },
    });
    expect(noKey.status).toBe(428);
    expect(noKey.body).toMatchObject({
      code: 'IDEMPOTENCY_KEY_REQUIRED',
      errors: [{ field: 'headers.idempotency-key', message: 'is required' }],
    });
  });

  it('names every bad field of a remittance run', async () => {
    const world = await aMoneyWorld(api.baseUrl, api.db.pool);
    const bad = await call(api.baseUrl, 'POST', '/remittances', {
      token: world.commissioner.token,
      headers: idempotencyKey(),
      body: { primeContractId: 'x', periodStart: '2024-02-30', periodEnd: '2024-03-31', extra: 1 },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'body.extra',
      'body.periodStart',
      'body.primeContractId',
    ]);
  });

  it('nets clawbacks off the next remittance once the claims area’s claim_clawback table exists', async () => {
    const world = await aMoneyWorld(api.baseUrl, api.db.pool);
    const clawed = await anApprovedClaim(world, {
      subcontractId: null,
      status: 'CLAWED_BACK',
      decidedOn: '2024-01-10',
    });
    await api.db.pool.query(
      `INSERT INTO claim_clawback (programme_id, prime_contract_id, claim_id, amount_pence, reason, decided_by_user_id) VALUES ($1, $2, $3, 30000, 'evidence check failed', $4)`,
      [world.programmeId, world.primeContractId, clawed, world.commissioner.id],
    );
    await anApprovedClaim(world, { subcontractId: null });
    const run = await call(api.baseUrl, 'POST', '/remittances', {
      token: world.commissioner.token,
      headers: idempotencyKey(),
      body: { primeContractId: world.primeContractId, ...period },
    });
    expect(run.body.remittance).toMatchObject({
      claimCount: 1,
      grossPence: '120000',
      clawbackPence: '30000',
      netPence: '90000',
    });

    // Netted once: the next run of the period leaves the clawback out.
    await anApprovedClaim(world, { subcontractId: null });
    const next = await call(api.baseUrl, 'POST', '/remittances', {
      token: world.commissioner.token,
      headers: idempotencyKey(),
      body: { primeContractId: world.primeContractId, ...period },
    });
    expect(next.body.remittance).toMatchObject({
      claimCount: 1,
      grossPence: '120000',
      clawbackPence: '0',
      netPence: '120000',
    });
  });
});

describe('the remittances list', () => {
  it('counts and adds up the whole filter, pages by number and sorts on the server', async () => {
    const world = await aMoneyWorld(api.baseUrl, api.db.pool);
    await anApprovedClaim(world, { subcontractId: null, decidedOn: '2024-03-10' });
    const march = await remitAndPay(world, { ...period, paidOn: '2024-04-05' });
    await anApprovedClaim(world, { subcontractId: null, decidedOn: '2024-04-10' });
    await anApprovedClaim(world, { subcontractId: null, decidedOn: '2024-04-11' });
    const april = await remitAndPay(world, {
      periodStart: '2024-04-01',
      periodEnd: '2024-04-30',
      paidOn: '2024-05-05',
    });
    const list = (query: string) =>
      call(api.baseUrl, 'GET', `/remittances?primeContractId=${world.primeContractId}&${query}`, {
        token: world.commissioner.token,
      });
    const all = (await list('limit=50')).body;
    expect(all.remittances).toHaveLength(2);
    const sum = all.remittances.reduce(
      (total: bigint, r: { netPence: string }) => total + BigInt(r.netPence),
      0n,
    );
    const first = await list('sort=net&limit=1&page=1');
    const second = await list('sort=net&limit=1&page=2');
    for (const page of [first, second])
      expect(page.body).toMatchObject({ total: 2, totalPence: sum.toString(), nextCursor: null });
    // One claim remitted in March, two in April: ascending by net, March first.
    expect([first.body.remittances[0].id, second.body.remittances[0].id]).toEqual([march, april]);
    expect(
      (await list('sort=-periodStart')).body.remittances.map((r: { id: string }) => r.id),
    ).toEqual([april, march]);
    expect((await list('status=DRAFT')).body).toMatchObject({
      remittances: [],
      total: 0,
      totalPence: '0',
    });
    const bad = await list('sort=id');
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'query.sort' })]);
    const paged = await list('limit=1');
    const both = await list(`page=2&cursor=${paged.body.nextCursor}`);
    expect(both.status).toBe(400);
    expect(both.body.errors).toEqual([expect.objectContaining({ field: 'query.page' })]);
  });
});

describe('a remittance’s claim count and gross', () => {
  it('follow its lines however they are written: added, changed or removed straight in the database', async () => {
    const world = await aMoneyWorld(api.baseUrl, api.db.pool);
    await anApprovedClaim(world, { subcontractId: null, decidedOn: '2024-03-10' });
    await anApprovedClaim(world, { subcontractId: null, decidedOn: '2024-03-11' });
    const id = await remitAndPay(world, { ...period, paidOn: '2024-04-05' });
    const shown = async () => {
      const listed = await call(
        api.baseUrl,
        'GET',
        `/remittances?primeContractId=${world.primeContractId}`,
        { token: world.commissioner.token },
      );
      const one = await call(api.baseUrl, 'GET', `/remittances/${id}`, {
        token: world.prime.token,
      });
      const row = listed.body.remittances.find((r: { id: string }) => r.id === id);
      expect(one.body.remittance).toMatchObject({
        claimCount: row.claimCount,
        grossPence: row.grossPence,
      });
      return { claimCount: row.claimCount as number, grossPence: row.grossPence as string };
    };
    // What the lines hold, counted by the table owner.
    const counted = async () => {
      const { rows } = await api.db.pool.query<{ n: number; pence: string }>(
        `SELECT count(*)::int AS n, coalesce(sum(amount_pence), 0)::text AS pence FROM remittance_line WHERE remittance_id = $1`,
        [id],
      );
      return { claimCount: rows[0]!.n, grossPence: rows[0]!.pence };
    };
    expect(await shown()).toEqual(await counted());
    expect((await shown()).claimCount).toBe(2);
    const line = (
      await api.db.pool.query<{ id: string }>(
        'SELECT id FROM remittance_line WHERE remittance_id = $1 LIMIT 1',
        [id],
      )
    ).rows[0]!.id;
    await api.db.pool.query(
      'UPDATE remittance_line SET amount_pence = amount_pence + 1 WHERE id = $1',
      [line],
    );
    expect(await shown()).toEqual(await counted());
    await api.db.pool.query('DELETE FROM remittance_line WHERE id = $1', [line]);
    expect(await shown()).toEqual(await counted());
    expect((await shown()).claimCount).toBe(1);
  });
});

describe('remittance previews (dry runs)', () => {
  it('answers exactly what the run then creates without an Idempotency-Key, writing nothing; marking it paid stores each subcontracted claim’s entitlement once', async () => {
    const world = await aMoneyWorld(api.baseUrl, api.db.pool);
    const sub = await aSubcontract(world, {
      termsKind: 'PBR_SHARE',
      terms: { shareBasisPoints: 7000 },
      managementFeeBp: 1000,
      paymentSlaDays: 30,
    });
    const subcontracted = await anApprovedClaim(world, {
      subcontractId: sub.id,
      amountPence: 33_333,
    });
    await anApprovedClaim(world, { subcontractId: null, milestone: 'ATTACHMENT' });
    const counts = async () =>
      (
        await api.db.pool.query(
          `SELECT (SELECT count(*) FROM remittance) AS r, (SELECT count(*) FROM remittance_line) AS l, (SELECT count(*) FROM audit_event) AS a`,
        )
      ).rows[0];
    const before = await counts();

    const preview = await call(api.baseUrl, 'POST', '/remittances/preview', {
      token: world.commissioner.token,
      body: { primeContractId: world.primeContractId, ...period },
    });
    expect(preview.status).toBe(200);
    expect(await counts()).toEqual(before);
    const run = await call(api.baseUrl, 'POST', '/remittances', {
      token: world.commissioner.token,
      headers: idempotencyKey(),
      body: { primeContractId: world.primeContractId, ...period },
    });
    const {
      id,
      status,
      paidReference,
      paidOn,
      createdAt,
      receivedPence,
      differencePence,
      paymentOutcome,
      ...made
    } = run.body.remittance;
    void [
      id,
      status,
      paidReference,
      paidOn,
      createdAt,
      receivedPence,
      differencePence,
      paymentOutcome,
    ];
    expect(preview.body.remittance).toEqual(made);
    const detail = await call(api.baseUrl, 'GET', `/remittances/${run.body.remittance.id}`, {
      token: world.commissioner.token,
    });
    expect(preview.body).toMatchObject({ lines: detail.body.lines, linesTruncated: false });
    expect(
      (
        await call(api.baseUrl, 'POST', '/remittances/preview', {
          token: world.commissioner.token,
          body: { primeContractId: world.primeContractId, ...period },
        })
      ).body.code,
    ).toBe('REMITTANCE_NOTHING_TO_REMIT');
    expect(
      (
        await call(api.baseUrl, 'POST', '/remittances/preview', {
          token: world.prime.token,
          body: { primeContractId: world.primeContractId, ...period },
        })
      ).status,
    ).toBe(403);

    await call(api.baseUrl, 'POST', `/remittances/${run.body.remittance.id}/paid`, {
      token: world.commissioner.token,
      headers: idempotencyKey(),
      body: { paidReference: 'BACS-E', paidOn: '2024-04-05' },
    });
    const entitlements = await api.db.pool.query(
      `SELECT claim_id, prime_fee_pence::text, prime_received_on::text, due_on::text, gross_pence::text, management_fee_pence::text, expected_pence::text, paid_pence::text FROM subcontract_entitlement WHERE prime_contract_id = $1`,
      [world.primeContractId],
    );
    // 70% of 33,333p = 23,333.1 → 23,333; 10% fee 2,333.3 → 2,333; the prime-delivered claim has none.
    expect(entitlements.rows).toEqual([
      {
        claim_id: subcontracted,
        prime_fee_pence: '33333',
        prime_received_on: '2024-04-05',
        due_on: '2024-05-05',
        gross_pence: '23333',
        management_fee_pence: '2333',
        expected_pence: '21000',
        paid_pence: '0',
      },
    ]);
  });
});

describe('a subcontractor reading a remittance', () => {
  it('reads a remittance that paid for its claims with only its own lines and totals over them; another remittance answers 404', async () => {
    const world = await aMoneyWorld(api.baseUrl, api.db.pool);
    const mine = await aSubcontract(world, {
      termsKind: 'PBR_SHARE',
      terms: { shareBasisPoints: 7000 },
    });
    const theirs = await aSubcontract(world, {
      termsKind: 'PBR_SHARE',
      terms: { shareBasisPoints: 7000 },
    });
    const myClaim = await anApprovedClaim(world, { subcontractId: mine.id, amountPence: 1_200_00 });
    await anApprovedClaim(world, { subcontractId: theirs.id, amountPence: 1_000_00 });
    await anApprovedClaim(world, { subcontractId: null, milestone: 'ATTACHMENT' });
    const run = await call(api.baseUrl, 'POST', '/remittances', {
      token: world.commissioner.token,
      headers: idempotencyKey(),
      body: { primeContractId: world.primeContractId, ...period },
    });
    expect(run.body.remittance.claimCount).toBe(3);

    const read = await call(api.baseUrl, 'GET', `/remittances/${run.body.remittance.id}`, {
      token: mine.subcontractor.token,
    });

    expect(read.status).toBe(200);
    expect(read.body.lines).toEqual([
      expect.objectContaining({ claimId: myClaim, subcontractId: mine.id, amountPence: '120000' }),
    ]);
    expect(read.body.remittance).toMatchObject({
      id: run.body.remittance.id,
      claimCount: 1,
      grossPence: '120000',
      clawbackPence: '0',
      netPence: '120000',
    });
    // The prime-delivered claim's remittance (a later period) pays nothing of this subcontractor's: 404.
    await anApprovedClaim(world, { subcontractId: null, decidedOn: '2024-05-10' });
    const other = await call(api.baseUrl, 'POST', '/remittances', {
      token: world.commissioner.token,
      headers: idempotencyKey(),
      body: {
        primeContractId: world.primeContractId,
        periodStart: '2024-05-01',
        periodEnd: '2024-05-31',
      },
    });
    expect(
      (
        await call(api.baseUrl, 'GET', `/remittances/${other.body.remittance.id}`, {
          token: mine.subcontractor.token,
        })
      ).status,
    ).toBe(404);
    const stranger = await aMoneyWorld(api.baseUrl, api.db.pool);
    const strangerSub = await aSubcontract(stranger, {
      termsKind: 'PBR_SHARE',
      terms: { shareBasisPoints: 7000 },
    });
    expect(
      (
        await call(api.baseUrl, 'GET', `/remittances/${run.body.remittance.id}`, {
          token: strangerSub.subcontractor.token,
        })
      ).status,
    ).toBe(404);
    const caseworker = await aSignedInUser(api.baseUrl, api.db.pool, {
      organisationId: mine.subcontractor.organisationId,
      roles: ['CASEWORKER'],
    });
    expect(
      (
        await call(api.baseUrl, 'GET', `/remittances/${run.body.remittance.id}`, {
          token: caseworker.token,
        })
      ).status,
    ).toBe(403);
  });
});

describe('the amount received for a remittance', () => {
  it('records a short payment: the remittance, its lines, the ledger and the commissioner → prime reconciliation all show the same shortfall', async () => {
    const world = await aMoneyWorld(api.baseUrl, api.db.pool);
    const big = await anApprovedClaim(world, { subcontractId: null, amountPence: 1_200_00 });
    const small = await anApprovedClaim(world, {
      subcontractId: null,
      milestone: 'ATTACHMENT',
      amountPence: 400_00,
    });
    const run = await call(api.baseUrl, 'POST', '/remittances', {
      token: world.commissioner.token,
      headers: idempotencyKey(),
      body: { primeContractId: world.primeContractId, ...period },
    });
    const id = run.body.remittance.id as string;

    // £1,600.00 due, £1,500.00 arrived: £100.00 short, spread 3:1 over the two lines.
    const paid = await call(api.baseUrl, 'POST', `/remittances/${id}/paid`, {
      token: world.commissioner.token,
      headers: idempotencyKey(),
      body: { paidReference: 'BACS-SHORT', paidOn: '2024-04-05', receivedPence: '150000' },
    });

    expect(paid.status).toBe(200);
    expect(paid.body.remittance).toMatchObject({
      status: 'PAID',
      netPence: '160000',
      receivedPence: '150000',
      differencePence: '-10000',
      paymentOutcome: 'SHORT',
    });
    const detail = await call(api.baseUrl, 'GET', `/remittances/${id}`, {
      token: world.prime.token,
    });
    expect(detail.body.remittance).toMatchObject({
      receivedPence: '150000',
      differencePence: '-10000',
      paymentOutcome: 'SHORT',
    });
    const byClaim = new Map(
      detail.body.lines.map((l: { claimId: string; receivedPence: string }) => [
        l.claimId,
        l.receivedPence,
      ]),
    );
    expect([byClaim.get(big), byClaim.get(small)]).toEqual(['112500', '37500']);
    const posted = await api.db.pool.query<{ amount_pence: string }>(
      `SELECT e.amount_pence::text FROM ledger_entry e JOIN ledger_transaction t ON t.id = e.transaction_id WHERE t.remittance_id = $1 AND e.amount_pence > 0`,
      [id],
    );
    expect(posted.rows).toEqual([{ amount_pence: '150000' }]);
    const view = await call(
      api.baseUrl,
      'GET',
      `/reconciliation/commissioner-prime?primeContractId=${world.primeContractId}&periodStart=2024-03-01&periodEnd=2024-03-31`,
      { token: world.prime.token },
    );
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({
      approvedPence: '160000',
      paidPence: '150000',
      statuses: [{ status: 'SHORT', count: 2, approvedPence: '160000', paidPence: '150000' }],
    });
    expect(view.body.remittances).toEqual([
      expect.objectContaining({
        id,
        netPence: '160000',
        receivedPence: '150000',
        differencePence: '-10000',
        postedPence: '150000',
      }),
    ]);
    const audit = await api.db.pool.query(
      `SELECT data->>'receivedPence' AS received, data->>'differencePence' AS difference FROM audit_event WHERE action = 'remittance.mark-paid' AND entity_id = $1`,
      [id],
    );
    expect(audit.rows).toEqual([{ received: '150000', difference: '-10000' }]);
  });

  it('takes the net when no amount is given (MATCHED), shows an over payment as OVER, and names a bad amount', async () => {
    const world = await aMoneyWorld(api.baseUrl, api.db.pool);
    await anApprovedClaim(world, { subcontractId: null });
    const first = await call(api.baseUrl, 'POST', '/remittances', {
      token: world.commissioner.token,
      headers: idempotencyKey(),
      body: { primeContractId: world.primeContractId, ...period },
    });
    const bad = await call(api.baseUrl, 'POST', `/remittances/${first.body.remittance.id}/paid`, {
      token: world.commissioner.token,
      headers: idempotencyKey(),
      body: { paidReference: 'X', paidOn: '2024-04-05', receivedPence: '-5' },
    });
    expect(bad.status).toBe(400);
    expect(new Set(bad.body.errors.map((e: { field: string }) => e.field))).toEqual(
      new Set(['body.receivedPence']),
    );
    const exact = await call(api.baseUrl, 'POST', `/remittances/${first.body.remittance.id}/paid`, {
      token: world.commissioner.token,
      headers: idempotencyKey(),
      body: { paidReference: 'BACS-1', paidOn: '2024-04-05' },
    });
    expect(exact.body.remittance).toMatchObject({
      receivedPence: '120000',
      differencePence: '0',
      paymentOutcome: 'MATCHED',
    });

    await anApprovedClaim(world, { subcontractId: null, decidedOn: '2024-05-10' });
    const second = await call(api.baseUrl, 'POST', '/remittances', {
      token: world.commissioner.token,
      headers: idempotencyKey(),
      body: {
        primeContractId: world.primeContractId,
        periodStart: '2024-05-01',
        periodEnd: '2024-05-31',
      },
    });
    const over = await call(api.baseUrl, 'POST', `/remittances/${second.body.remittance.id}/paid`, {
      token: world.commissioner.token,
      headers: idempotencyKey(),
      body: { paidReference: 'BACS-2', paidOn: '2024-06-05', receivedPence: '125000' },
    });
    expect(over.body.remittance).toMatchObject({
      receivedPence: '125000',
      differencePence: '5000',
      paymentOutcome: 'OVER',
    });
    const view = await call(
      api.baseUrl,
      'GET',
      `/reconciliation/commissioner-prime?primeContractId=${world.primeContractId}&periodStart=2024-03-01&periodEnd=2024-05-31`,
      { token: world.commissioner.token },
    );
    expect(view.body.statuses).toEqual([
      { status: 'MATCHED', count: 1, approvedPence: '120000', paidPence: '120000' },
      { status: 'OVER', count: 1, approvedPence: '120000', paidPence: '125000' },
    ]);
  });
});

describe('a claim flagged by the earnings data match', () => {
  async function flag(world: Awaited<ReturnType<typeof aMoneyWorld>>, claimId: string) {
    const upload = await api.db.pool.query<{ id: string }>(
      `INSERT INTO data_match_upload (programme_id, source, filename, sha256, row_count, uploaded_by_user_id) VALUES ($1, 'HMRC', 'earnings.csv', gen_random_bytes(32), 1, $2) RETURNING id`,
      [world.programmeId, world.commissioner.id],
    );
    await api.db.pool.query(
      `INSERT INTO data_match_result (upload_id, programme_id, prime_contract_id, claim_id, outcome, earnings_pence, threshold_pence, window_start, window_end, reason)
       VALUES ($1, $2, $3, $4, 'FLAGGED', 1000, 500000, '2023-09-10', '2024-03-10', 'earnings £10.00 below £5,000.00')`,
      [upload.rows[0]!.id, world.programmeId, world.primeContractId, claimId],
    );
  }

  it('is left out of a remittance run, and a remittance holding one flagged after the run is not marked paid (409 saying why)', async () => {
    const world = await aMoneyWorld(api.baseUrl, api.db.pool);
    const held = await anApprovedClaim(world, { subcontractId: null });
    const later = await anApprovedClaim(world, { subcontractId: null, milestone: 'ATTACHMENT' });
    await flag(world, held);

    const run = await call(api.baseUrl, 'POST', '/remittances', {
      token: world.commissioner.token,
      headers: idempotencyKey(),
      body: { primeContractId: world.primeContractId, ...period },
    });
    expect(run.body.remittance).toMatchObject({ claimCount: 1, grossPence: '40000' });

    await flag(world, later);
    const paid = await call(api.baseUrl, 'POST', `/remittances/${run.body.remittance.id}/paid`, {
      token: world.commissioner.token,
      headers: idempotencyKey(),
      body: { paidReference: 'BACS-F', paidOn: '2024-04-05' },
    });
    expect(paid.status).toBe(409);
    expect(paid.body).toMatchObject({ code: 'REMITTANCE_CLAIM_FLAGGED', claimIds: [later] });
    expect(paid.body.detail).toMatch(/earnings £10.00 below £5,000.00/);
    const statuses = await api.db.pool.query(
      `SELECT status FROM claim WHERE id = ANY($1::uuid[])`,
      [[held, later]],
    );
    expect(statuses.rows).toEqual([{ status: 'APPROVED' }, { status: 'APPROVED' }]);
  });
});
