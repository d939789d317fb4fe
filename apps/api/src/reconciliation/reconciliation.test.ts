import { reconcile } from '@waymark/domain';
import { call } from '../test-support/http';
import { createTestApp, type TestApp } from '../test-support/test-app';
import {
  aMoneyWorld,
  anApiBuiltMoneyWorld,
  anApiSubcontract,
  anApprovedClaim,
  aSubcontract,
  idempotencyKey,
  type MoneyWorld,
  passDownAndPay,
  remitAndPay,
  MARCH_REMITTANCE,
  runPayments,
} from '../remittances/money-fixtures';

let api: TestApp;
beforeAll(async () => {
  api = await createTestApp();
});
afterAll(async () => {
  await api.close();
});

const april = { periodStart: '2024-04-01', periodEnd: '2024-04-30' };

/** Five claims passed down at 75,600p each (due 2024-05-05), then the payment doctored before it is paid on 2024-04-20. */
async function aReconciledChain() {
  const world = await aMoneyWorld(api.baseUrl, api.db.pool);
  const sub = await aSubcontract(world, {
    termsKind: 'PBR_SHARE',
    terms: { shareBasisPoints: 7000 },
    managementFeeBp: 1000,
    paymentSlaDays: 30,
  });
  const claims: string[] = [];
  for (let i = 0; i < 5; i++) claims.push(await anApprovedClaim(world, { subcontractId: sub.id }));
  await remitAndPay(world, MARCH_REMITTANCE);
  const run = await runPayments(world, { subcontractId: sub.id, ...april });
  const paymentId = run.body.payments[0].id as string;
  const [matched, short, over, unpaid, paidLate] = claims as [
    string,
    string,
    string,
    string,
    string,
  ];
  const pool = api.db.pool;
  await pool.query(
    `UPDATE subcontractor_payment_line SET gross_pence = 50000, management_fee_pence = 0, amount_pence = 50000 WHERE claim_id = $1`,
    [short],
  );
  await pool.query(
    `UPDATE subcontractor_payment_line SET gross_pence = 80000, management_fee_pence = 0, amount_pence = 80000 WHERE claim_id = $1`,
    [over],
  );
  await pool.query(`DELETE FROM subcontractor_payment_line WHERE claim_id = ANY($1::uuid[])`, [
    [unpaid, paidLate],
  ]);
  await pool.query(
    `INSERT INTO subcontractor_payment_line (programme_id, prime_contract_id, subcontractor_payment_id, description, gross_pence, amount_pence) VALUES ($1, $2, $3, 'ad hoc top-up', 12345, 12345)`,
    [world.programmeId, world.primeContractId, paymentId],
  );
  await call(api.baseUrl, 'POST', `/subcontractor-payments/${paymentId}/approve`, {
    token: world.primeChecker.token,
    headers: idempotencyKey(),
    body: {},
  });
  await call(api.baseUrl, 'POST', `/subcontractor-payments/${paymentId}/paid`, {
    token: world.prime.token,
    headers: idempotencyKey(),
    body: { paidReference: 'PAY-APRIL', paidOn: '2024-04-20' },
  });
  // The last claim is passed down in a second payment, paid after its due date.
  const second = await runPayments(world, { subcontractId: sub.id, ...april });
  await pool.query(
    `DELETE FROM subcontractor_payment_line WHERE subcontractor_payment_id = $1 AND claim_id = $2`,
    [second.body.payments[0].id, unpaid],
  );
  await call(api.baseUrl, 'POST', `/subcontractor-payments/${second.body.payments[0].id}/approve`, {
    token: world.primeChecker.token,
    headers: idempotencyKey(),
    body: {},
  });
  await call(api.baseUrl, 'POST', `/subcontractor-payments/${second.body.payments[0].id}/paid`, {
    token: world.prime.token,
    headers: idempotencyKey(),
    body: { paidReference: 'PAY-LATE', paidOn: '2024-05-20' },
  });
  return { world, sub, paymentId, claims: { matched, short, over, unpaid, paidLate } };
}

describe('reconciliation runs', () => {
  it('categorises every line MATCHED / SHORT / OVER / LATE / UNMATCHED, as the domain’s reconcile() does, and drills down to claims', async () => {
    const { world, sub, claims } = await aReconciledChain();
    const response = await call(api.baseUrl, 'POST', '/reconciliation/runs', {
      token: sub.subcontractor.token,
      body: { primeContractId: world.primeContractId, ...april, asOf: '2024-06-01' },
    });
    expect(response.status).toBe(201);
    const { run } = response.body;
    expect(run.partyId).toBe(sub.subcontractor.organisationId);
    const results = await call(api.baseUrl, 'GET', `/reconciliation/runs/${run.id}/results`, {
      token: sub.subcontractor.token,
    });
    const outcomeOf = new Map<string | null, string>(
      results.body.results.map(
        (r: { claimId: string | null; description: string | null; outcome: string }) => [
          r.claimId ?? r.description,
          r.outcome,
        ],
      ),
    );
    expect(
      Object.fromEntries(Object.entries(claims).map(([name, id]) => [name, outcomeOf.get(id)])),
    ).toEqual({
      matched: 'MATCHED',
      short: 'SHORT',
      over: 'OVER',
      unpaid: 'LATE',
      paidLate: 'LATE',
    });
    expect(outcomeOf.get('ad hoc top-up')).toBe('UNMATCHED');
    const short = results.body.results.find((r: { claimId: string }) => r.claimId === claims.short);
    expect(short).toMatchObject({
      expectedPence: '75600',
      recordedPence: '50000',
      differencePence: '-25600',
      dueOn: '2024-05-05',
      milestoneCode: 'JOB_OUTCOME',
      participantReference: expect.any(String),
    });

    // The same small case through the domain function.
    const expected = Object.values(claims).map((key) => ({
      key,
      amountPence: 75_600n,
      dueDate: '2024-05-05',
    }));
    const recorded = [
      { key: claims.matched, amountPence: 75_600n, paidDate: '2024-04-20', reference: 'PAY-APRIL' },
      { key: claims.short, amountPence: 50_000n, paidDate: '2024-04-20', reference: 'PAY-APRIL' },
      { key: claims.over, amountPence: 80_000n, paidDate: '2024-04-20', reference: 'PAY-APRIL' },
      { key: claims.paidLate, amountPence: 75_600n, paidDate: '2024-05-20', reference: 'PAY-LATE' },
      { amountPence: 12_345n, paidDate: '2024-04-20', reference: 'PAY-APRIL' },
    ];
    const domain = reconcile({ expected, recorded, asOf: '2024-06-01' });
    for (const line of domain.lines) expect(outcomeOf.get(line.key)).toBe(line.outcome);
    expect(run.expectedPence).toBe(String(domain.totals.expectedPence));
    expect(run.recordedPence).toBe(String(domain.totals.recordedPence));
    expect(
      run.outcomes.map((o: { outcome: string; count: number }) => [o.outcome, o.count]),
    ).toEqual([
      ['MATCHED', 1],
      ['SHORT', 1],
      ['OVER', 1],
      ['LATE', 2],
      ['UNMATCHED', 1],
    ]);

    const onlyShort = await call(
      api.baseUrl,
      'GET',
      `/reconciliation/runs/${run.id}/results?outcome=SHORT`,
      { token: world.prime.token },
    );
    expect(onlyShort.body.results.map((r: { claimId: string }) => r.claimId)).toEqual([
      claims.short,
    ]);
    const other = await aMoneyWorld(api.baseUrl, api.db.pool);
    expect(
      (
        await call(api.baseUrl, 'GET', `/reconciliation/runs/${run.id}`, {
          token: other.prime.token,
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await call(api.baseUrl, 'POST', '/reconciliation/runs', {
          token: other.prime.token,
          body: { primeContractId: world.primeContractId, ...april },
        })
      ).status,
    ).toBe(404);
  });

  it('runs a dispute on a line through raised → answered → resolved, each step by the right party and audited', async () => {
    const { world, sub, claims } = await aReconciledChain();
    const run = await call(api.baseUrl, 'POST', '/reconciliation/runs', {
      token: world.prime.token,
      body: {
        primeContractId: world.primeContractId,
        subcontractId: sub.id,
        ...april,
        asOf: '2024-06-01',
      },
    });
    const results = await call(
      api.baseUrl,
      'GET',
      `/reconciliation/runs/${run.body.run.id}/results?outcome=SHORT`,
      { token: sub.subcontractor.token },
    );
    const resultId = results.body.results[0].id as string;
    expect(results.body.results[0].claimId).toBe(claims.short);

    const raised = await call(api.baseUrl, 'POST', `/reconciliation/results/${resultId}/disputes`, {
      token: sub.subcontractor.token,
      body: { reason: 'We were paid £256 short for this job outcome.' },
    });
    expect(raised).toMatchObject({ status: 201, body: { dispute: { status: 'OPEN' } } });
    const disputeId = raised.body.dispute.id as string;
    const selfAnswer = await call(
      api.baseUrl,
      'POST',
      `/reconciliation/disputes/${disputeId}/answer`,
      { token: sub.subcontractor.token, body: { answer: 'me' } },
    );
    expect(selfAnswer).toMatchObject({ status: 403, body: { code: 'DISPUTE_WRONG_PARTY' } });
    const answered = await call(
      api.baseUrl,
      'POST',
      `/reconciliation/disputes/${disputeId}/answer`,
      { token: world.prime.token, body: { answer: 'Agreed; topping up in May.' } },
    );
    expect(answered).toMatchObject({
      status: 200,
      body: { dispute: { status: 'ANSWERED', answer: 'Agreed; topping up in May.' } },
    });
    expect(
      (
        await call(api.baseUrl, 'POST', `/reconciliation/disputes/${disputeId}/resolve`, {
          token: world.prime.token,
          body: { resolution: 'x' },
        })
      ).status,
    ).toBe(403);
    const resolved = await call(
      api.baseUrl,
      'POST',
      `/reconciliation/disputes/${disputeId}/resolve`,
      { token: sub.subcontractor.token, body: { resolution: 'Top-up received.' } },
    );
    expect(resolved.body.dispute).toMatchObject({
      status: 'RESOLVED',
      resolution: 'Top-up received.',
    });
    expect(
      (
        await call(api.baseUrl, 'POST', `/reconciliation/disputes/${disputeId}/answer`, {
          token: world.prime.token,
          body: { answer: 'again' },
        })
      ).body.code,
    ).toBe('DISPUTE_WRONG_STATUS');
    const audited = await api.db.pool.query<{ action: string }>(
      `SELECT action FROM audit_event WHERE entity_id = $1 ORDER BY seq`,
      [disputeId],
    );
    expect(audited.rows.map((r) => r.action)).toEqual([
      'reconciliation-dispute.raise',
      'reconciliation-dispute.answer',
      'reconciliation-dispute.resolve',
    ]);
    const listed = await call(
      api.baseUrl,
      'GET',
      `/reconciliation/runs/${run.body.run.id}/disputes`,
      { token: world.prime.token },
    );
    expect(listed.body.disputes).toHaveLength(1);
    const other = await aMoneyWorld(api.baseUrl, api.db.pool);
    expect(
      (
        await call(api.baseUrl, 'POST', `/reconciliation/disputes/${disputeId}/answer`, {
          token: other.prime.token,
          body: { answer: 'x' },
        })
      ).status,
    ).toBe(404);
  });
});

describe('what a run stores', () => {
  it('stores per-outcome totals, not a row per claim: claims’ lines are listed on demand as they stood at the run, paged after the stored fee lines, and stored once disputed', async () => {
    const world = await aMoneyWorld(api.baseUrl, api.db.pool);
    const sub = await aSubcontract(world, {
      termsKind: 'PBR_SHARE',
      terms: { shareBasisPoints: 7000 },
      managementFeeBp: 1000,
      paymentSlaDays: 30,
    });
    const claims: string[] = [];
    for (let i = 0; i < 6; i++)
      claims.push(await anApprovedClaim(world, { subcontractId: sub.id }));
    await remitAndPay(world, MARCH_REMITTANCE);
    const run = await runPayments(world, { subcontractId: sub.id, ...april });
    const paymentId = run.body.payments[0].id as string;
    const [short, ...rest] = claims as [string, ...string[]];
    const held = rest.pop()!; // passed down in a later payment, after the first reconciliation
    await api.db.pool.query(
      `UPDATE subcontractor_payment_line SET gross_pence = 1000, management_fee_pence = 0, amount_pence = 1000 WHERE claim_id = $1`,
      [short],
    );
    await api.db.pool.query(`DELETE FROM subcontractor_payment_line WHERE claim_id = $1`, [held]);
    await call(api.baseUrl, 'POST', `/subcontractor-payments/${paymentId}/approve`, {
      token: world.primeChecker.token,
      headers: idempotencyKey(),
      body: {},
    });
    await call(api.baseUrl, 'POST', `/subcontractor-payments/${paymentId}/paid`, {
      token: world.prime.token,
      headers: idempotencyKey(),
      body: { paidReference: 'P-1', paidOn: '2024-04-20' },
    });

    const made = await call(api.baseUrl, 'POST', '/reconciliation/runs', {
      token: world.prime.token,
      body: { primeContractId: world.primeContractId, ...april, asOf: '2024-04-30' },
    });
    expect(made.status).toBe(201);
    const runId = made.body.run.id as string;
    expect(
      made.body.run.outcomes.map((o: { outcome: string; count: number }) => [o.outcome, o.count]),
    ).toEqual([
      ['MATCHED', 4],
      ['SHORT', 1],
    ]);
    expect(made.body.notYetDue).toEqual({ count: 1, expectedPence: '75600' });
    const stored = async () =>
      (
        await api.db.pool.query<{ id: string; claim_id: string; outcome: string }>(
          `SELECT id, claim_id, outcome FROM reconciliation_result WHERE run_id = $1`,
          [runId],
        )
      ).rows;
    expect(await stored()).toEqual([]);

    // The held claim is passed down and paid after the run: the run's MATCHED list does not change.
    const later = await runPayments(world, { subcontractId: sub.id, ...april });
    await call(
      api.baseUrl,
      'POST',
      `/subcontractor-payments/${later.body.payments[0].id}/approve`,
      { token: world.primeChecker.token, headers: idempotencyKey(), body: {} },
    );
    await call(api.baseUrl, 'POST', `/subcontractor-payments/${later.body.payments[0].id}/paid`, {
      token: world.prime.token,
      headers: idempotencyKey(),
      body: { paidReference: 'P-2', paidOn: '2024-04-25' },
    });

    const pages: { id: string; claimId: string; outcome: string }[][] = [];
    let cursor: string | null = null;
    do {
      const page: {
        body: {
          results: { id: string; claimId: string; outcome: string }[];
          nextCursor: string | null;
        };
      } = await call(
        api.baseUrl,
        'GET',
        `/reconciliation/runs/${runId}/results?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        { token: world.prime.token },
      );
      pages.push(page.body.results);
      cursor = page.body.nextCursor;
    } while (cursor && pages.length < 10);
    expect(pages.map((page) => page.length)).toEqual([2, 2, 1]);
    const listed = pages.flat();
    expect(listed.map((r) => r.claimId)).toEqual([short, ...rest].sort());
    expect(listed.map((r) => r.outcome)).toEqual(
      listed.map((r) => (r.claimId === short ? 'SHORT' : 'MATCHED')),
    );
    const shortLine = listed.find((r) => r.claimId === short)!;
    const matchedOnly = await call(
      api.baseUrl,
      'GET',
      `/reconciliation/runs/${runId}/results?outcome=MATCHED`,
      { token: world.commissioner.token },
    );
    expect(matchedOnly.body.results).toHaveLength(4);
    expect(matchedOnly.body.results[0]).toMatchObject({
      expectedPence: '75600',
      recordedPence: '75600',
      differencePence: '0',
      dueOn: '2024-05-05',
      paidOn: '2024-04-20',
      milestoneCode: 'JOB_OUTCOME',
    });
    // Line ids are stable; disputing a line stores it, as the run saw it, under that id.
    const again = await call(
      api.baseUrl,
      'GET',
      `/reconciliation/runs/${runId}/results?outcome=MATCHED`,
      { token: world.prime.token },
    );
    expect(again.body.results.map((r: { id: string }) => r.id)).toEqual(
      matchedOnly.body.results.map((r: { id: string }) => r.id),
    );
    const disputed = await call(
      api.baseUrl,
      'POST',
      `/reconciliation/results/${shortLine.id}/disputes`,
      { token: world.prime.token, body: { reason: 'Why short?' } },
    );
    expect(disputed).toMatchObject({
      status: 201,
      body: { dispute: { resultId: shortLine.id, runId } },
    });
    expect(await stored()).toEqual([{ id: shortLine.id, claim_id: short, outcome: 'SHORT' }]);
    const relisted = await call(api.baseUrl, 'GET', `/reconciliation/runs/${runId}/results`, {
      token: world.prime.token,
    });
    expect(relisted.body.results.map((r: { id: string }) => r.id)).toEqual(listed.map((r) => r.id));
    const outsider = await aMoneyWorld(api.baseUrl, api.db.pool);
    expect(
      (
        await call(api.baseUrl, 'POST', `/reconciliation/results/${listed[1]!.id}/disputes`, {
          token: outsider.prime.token,
          body: { reason: 'x' },
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await call(api.baseUrl, 'GET', `/reconciliation/runs/${runId}/results?cursor=nonsense`, {
          token: world.prime.token,
        })
      ).body,
    ).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });

    // A new run sees the late payment.
    const second = await call(api.baseUrl, 'POST', '/reconciliation/runs', {
      token: world.prime.token,
      body: { primeContractId: world.primeContractId, ...april, asOf: '2024-04-30' },
    });
    expect(
      second.body.run.outcomes.map((o: { outcome: string; count: number }) => [o.outcome, o.count]),
    ).toEqual([
      ['MATCHED', 5],
      ['SHORT', 1],
    ]);
  });
});

describe('commissioner → prime', () => {
  it('shows the claims the commissioner approved in the period against the remittances recorded as paid, per claim and per remittance, to both parties only', async () => {
    const world = await aMoneyWorld(api.baseUrl, api.db.pool);
    const paid = await anApprovedClaim(world, { subcontractId: null });
    const remittanceId = await remitAndPay(world, {
      periodStart: '2024-03-01',
      periodEnd: '2024-03-31',
      paidOn: '2024-04-05',
      reference: 'BACS-CP',
    });
    const inDraft = await anApprovedClaim(world, {
      subcontractId: null,
      milestone: 'ATTACHMENT',
      decidedOn: '2024-03-20',
    });
    const draft = await call(api.baseUrl, 'POST', '/remittances', {
      token: world.commissioner.token,
      headers: idempotencyKey(),
      body: {
        primeContractId: world.primeContractId,
        periodStart: '2024-03-01',
        periodEnd: '2024-03-31',
      },
    });
    const notRemitted = await anApprovedClaim(world, {
      subcontractId: null,
      decidedOn: '2024-03-25',
    });
    await anApprovedClaim(world, { subcontractId: null, decidedOn: '2024-04-02' }); // outside the period
    await anApprovedClaim(world, { subcontractId: null, status: 'SUBMITTED_TO_COMMISSIONER' }); // not approved

    const query = `primeContractId=${world.primeContractId}&periodStart=2024-03-01&periodEnd=2024-03-31`;
    const view = await call(api.baseUrl, 'GET', `/reconciliation/commissioner-prime?${query}`, {
      token: world.prime.token,
    });
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({ approvedPence: '280000', paidPence: '120000' });
    expect(view.body.statuses).toEqual([
      { status: 'MATCHED', count: 1, approvedPence: '120000', paidPence: '120000' },
      { status: 'REMITTED_NOT_PAID', count: 1, approvedPence: '40000', paidPence: '0' },
      { status: 'NOT_REMITTED', count: 1, approvedPence: '120000', paidPence: '0' },
    ]);
    const statusOf = new Map(
      view.body.lines.map((l: { claimId: string; status: string }) => [l.claimId, l.status]),
    );
    expect(
      Object.fromEntries([paid, inDraft, notRemitted].map((id) => [id, statusOf.get(id)])),
    ).toEqual({ [paid]: 'MATCHED', [inDraft]: 'REMITTED_NOT_PAID', [notRemitted]: 'NOT_REMITTED' });
    expect(view.body.lines.find((l: { claimId: string }) => l.claimId === paid)).toMatchObject({
      paidOn: '2024-04-05',
      paidReference: 'BACS-CP',
      remittanceId,
      paidPence: '120000',
      milestoneCode: 'JOB_OUTCOME',
    });
    expect(view.body.remittances).toEqual([
      expect.objectContaining({
        id: remittanceId,
        status: 'PAID',
        claimCount: 1,
        grossPence: '120000',
        clawbackPence: '0',
        netPence: '120000',
        postedPence: '120000',
      }),
      expect.objectContaining({
        id: draft.body.remittance.id,
        status: 'DRAFT',
        claimCount: 1,
        netPence: '40000',
        postedPence: '0',
      }),
    ]);

    const page = await call(
      api.baseUrl,
      'GET',
      `/reconciliation/commissioner-prime?${query}&status=NOT_REMITTED&limit=1`,
      { token: world.commissioner.token },
    );
    expect(page.body.lines.map((l: { claimId: string }) => l.claimId)).toEqual([notRemitted]);
    expect(page.body.nextCursor).toBeNull();
    const other = await aMoneyWorld(api.baseUrl, api.db.pool);
    expect(
      (
        await call(api.baseUrl, 'GET', `/reconciliation/commissioner-prime?${query}`, {
          token: other.prime.token,
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await call(api.baseUrl, 'GET', `/reconciliation/commissioner-prime?${query}`, {
          token: other.commissioner.token,
        })
      ).status,
    ).toBe(404);
    const sub = await aSubcontract(world, {
      termsKind: 'PBR_SHARE',
      terms: { shareBasisPoints: 5000 },
    });
    expect(
      (
        await call(api.baseUrl, 'GET', `/reconciliation/commissioner-prime?${query}`, {
          token: sub.subcontractor.token,
        })
      ).status,
    ).toBe(403);
  });
});

describe('bank statements', () => {
  it('matches each line by reference and amount, and reports every bad row by line number without importing any', async () => {
    const { world } = await aReconciledChain();
    const csv = [
      'Date,Reference,Amount',
      '2024-04-20,PAY-APRIL,"-2,390.45"',
      '2024-05-20,PAY-LATE,-700.00',
      '2024-05-21,UNKNOWN-REF,-10.00',
    ].join('\n');
    const imported = await call(api.baseUrl, 'POST', '/reconciliation/bank-statements', {
      token: world.prime.token,
      body: { filename: 'april.csv', csv },
    });
    expect(imported.status).toBe(201);
    // PAY-APRIL = 75,600 + 50,000 + 80,000 + 12,345 + … : the expected figure is the payment's own total.
    const lines = imported.body.bankStatement.lines as {
      reference: string;
      outcome: string;
      expectedPence: string | null;
      amountPence: string;
    }[];
    const april = lines.find((l) => l.reference === 'PAY-APRIL')!;
    expect(april.amountPence).toBe('-239045');
    expect(april.outcome).toBe(
      april.expectedPence === '239045'
        ? 'MATCHED'
        : BigInt(april.expectedPence!) > 239045n
          ? 'SHORT'
          : 'OVER',
    );
    expect(lines.find((l) => l.reference === 'PAY-LATE')).toMatchObject({
      outcome: 'SHORT',
      expectedPence: '75600',
    });
    expect(lines.find((l) => l.reference === 'UNKNOWN-REF')).toMatchObject({
      outcome: 'UNMATCHED',
      expectedPence: null,
    });

    const exact = await call(api.baseUrl, 'POST', '/reconciliation/bank-statements', {
      token: world.prime.token,
      body: { filename: 'exact.csv', csv: `date,reference,amount\n2024-05-20,PAY-LATE,756.00` },
    });
    expect(exact.body.bankStatement).toMatchObject({
      rowCount: 1,
      matchedCount: 1,
      lines: [{ outcome: 'MATCHED' }],
    });

    const bad = await call(api.baseUrl, 'POST', '/reconciliation/bank-statements', {
      token: world.prime.token,
      body: {
        filename: 'bad.csv',
        csv: `date,reference,amount\n2024-13-01,A,1.00\n2024-05-01,,12.345`,
      },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('BANK_STATEMENT_INVALID');
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual([
      'body.csv.line 2.date',
      'body.csv.line 3.reference',
      'body.csv.line 3.amount',
    ]);
    const other = await aMoneyWorld(api.baseUrl, api.db.pool);
    expect(
      (
        await call(
          api.baseUrl,
          'GET',
          `/reconciliation/bank-statements/${exact.body.bankStatement.id}`,
          { token: other.prime.token },
        )
      ).status,
    ).toBe(404);
    const unrelated = await call(api.baseUrl, 'POST', '/reconciliation/bank-statements', {
      token: other.prime.token,
      body: { filename: 'x.csv', csv: `date,reference,amount\n2024-05-20,PAY-LATE,756.00` },
    });
    expect(unrelated.body.bankStatement.lines[0].outcome).toBe('UNMATCHED');
  });
});

describe('clawbacks on the subcontractor side', () => {
  /** The commissioner's clawback of a claim (the sampling workflow is the claim-samples area's), decided 2 May 2024. */
  async function clawBack(world: MoneyWorld, claimId: string, amountPence: number) {
    await api.db.pool.query(
      `INSERT INTO claim_clawback (programme_id, prime_contract_id, claim_id, amount_pence, reason, decided_by_user_id, decided_at) VALUES ($1, $2, $3, $4, 'sample check failed', $5, '2024-05-02T10:00:00Z')`,
      [world.programmeId, world.primeContractId, claimId, amountPence, world.commissioner.id],
    );
  }
  const run = (token: string, world: MoneyWorld, subcontractId: string) =>
    call(api.baseUrl, 'POST', '/reconciliation/runs', {
      token,
      body: {
        primeContractId: world.primeContractId,
        subcontractId,
        ...april,
        asOf: '2024-06-30',
      },
    });
  const linesOf = async (token: string, runId: string) =>
    Object.fromEntries(
      (
        await call(api.baseUrl, 'GET', `/reconciliation/runs/${runId}/results`, { token })
      ).body.results.map(
        (r: {
          claimId: string;
          outcome: string;
          expectedPence: string;
          recordedPence: string;
          clawbackPence: string | null;
        }) => [r.claimId, [r.outcome, r.expectedPence, r.recordedPence, r.clawbackPence]],
      ),
    );

  it('nets a clawback the prime has borne off what the subcontractor is owed: OVER until it is passed down, then matched at what it kept; each subcontractor sees only its own claims', async () => {
    // Programme, model, prime contract and both subcontracts made through the API.
    const world = await anApiBuiltMoneyWorld(api.baseUrl, api.db.pool);
    const terms = {
      kind: 'PBR_SHARE',
      shareBasisPoints: 7000,
      managementFeeBp: 1000,
      paymentSlaDays: 30,
    };
    const sub = await anApiSubcontract(world, terms);
    const other = await anApiSubcontract(world, terms);
    const full = await anApprovedClaim(world, { subcontractId: sub.id, amountPence: 120_000 });
    const partial = await anApprovedClaim(world, { subcontractId: sub.id, amountPence: 33_333 });
    const kept = await anApprovedClaim(world, { subcontractId: sub.id, amountPence: 120_000 });
    const othersClaim = await anApprovedClaim(world, {
      subcontractId: other.id,
      amountPence: 120_000,
    });
    await remitAndPay(world, MARCH_REMITTANCE); // paid 5 April: each entitled by 5 May
    const paidInApril = { ...april, paidOn: '2024-04-20' };
    await passDownAndPay(world, sub.id, paidInApril); // 75,600 + 21,000 + 75,600
    await passDownAndPay(world, other.id, paidInApril); // 75,600
    await clawBack(world, full, 120_000);
    await clawBack(world, partial, 10_000);
    await clawBack(world, othersClaim, 120_000);
    // The commissioner nets the clawbacks (£2,500.00) off May's remittance and pays it on 5 June.
    await anApprovedClaim(world, {
      subcontractId: null,
      amountPence: 300_000,
      decidedOn: '2024-05-10',
    });
    await remitAndPay(world, {
      periodStart: '2024-05-01',
      periodEnd: '2024-05-31',
      paidOn: '2024-06-05',
    });

    // Borne by the prime, not yet taken back from the subcontractor.
    const before = await run(sub.subcontractor.token, world, sub.id);
    expect(before.status).toBe(201);
    // The full clawback: 75,600 − 75,600 = 0 owed, 75,600 paid. The partial one: its share of 10,000 of the
    // 33,333 fee is 23,333 × 10,000 / 33,333 = 7,000 gross less 2,333 × 10,000 / 33,333 = 700 fee, so 21,000 − 6,300.
    const linesBefore = await linesOf(sub.subcontractor.token, before.body.run.id);
    expect(linesBefore).toEqual({
      [full]: ['OVER', '0', '75600', '-75600'],
      [partial]: ['OVER', '14700', '21000', '-6300'],
      [kept]: ['MATCHED', '75600', '75600', '0'],
    });
    expect(before.body.run).toMatchObject({ expectedPence: '90300', recordedPence: '172200' });

    // The June run takes both back (negative lines) and is paid: each claim nets to what the subcontractor kept.
    await passDownAndPay(world, sub.id, {
      periodStart: '2024-06-01',
      periodEnd: '2024-06-30',
      paidOn: '2024-06-20',
    });
    const after = await run(sub.subcontractor.token, world, sub.id);
    expect(await linesOf(sub.subcontractor.token, after.body.run.id)).toEqual({
      [full]: ['MATCHED', '0', '0', '-75600'],
      [partial]: ['MATCHED', '14700', '14700', '-6300'],
      [kept]: ['MATCHED', '75600', '75600', '0'],
    });
    expect(after.body.run).toMatchObject({ expectedPence: '90300', recordedPence: '90300' });
    // The first run still reads as it stood when it was made.
    expect(await linesOf(world.prime.token, before.body.run.id)).toEqual(linesBefore);

    // The other subcontractor's clawed-back claim is its own, and not in this subcontractor's runs.
    const others = await run(other.subcontractor.token, world, other.id);
    expect(await linesOf(other.subcontractor.token, others.body.run.id)).toEqual({
      [othersClaim]: ['OVER', '0', '75600', '-75600'],
    });
    expect((await run(sub.subcontractor.token, world, other.id)).status).toBe(404);

    // The ledger still balances, and marking May's remittance paid recorded the clawbacks it made expected.
    const unbalanced = await api.db.pool.query(
      `SELECT t.id FROM ledger_transaction t JOIN ledger_entry e ON e.transaction_id = t.id WHERE t.programme_id = $1 GROUP BY t.id HAVING sum(e.amount_pence) <> 0`,
      [world.programmeId],
    );
    expect(unbalanced.rows).toEqual([]);
    const audit = await api.db.pool.query(
      `SELECT actor_user_id, data->>'clawbackEntitlementCount' AS count FROM audit_event WHERE action = 'remittance.mark-paid' AND programme_id = $1 ORDER BY seq`,
      [world.programmeId],
    );
    expect(audit.rows).toEqual([
      { actor_user_id: world.commissioner.id, count: '0' },
      { actor_user_id: world.commissioner.id, count: '3' },
    ]);
  });
});
