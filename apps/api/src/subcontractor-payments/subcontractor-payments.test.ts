import { computeSubcontractorEntitlement } from '@waymark/domain';
import { CLOCK, fixedClock, systemClock } from '../common/clock/clock';
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
import { termsOf } from './subcontract-terms';
import { aSignedInUser } from '../test-support/signed-in-user';

let api: TestApp;
beforeAll(async () => {
  api = await createTestApp();
});
afterAll(async () => {
  await api.close();
});

const april = { periodStart: '2024-04-01', periodEnd: '2024-04-30' };
/** The commissioner's remittances the prime is paid from: March's paid on 5 April, May's on 5 June. */
const MARCH_PAID_IN_APRIL = {
  periodStart: '2024-03-01',
  periodEnd: '2024-03-31',
  paidOn: '2024-04-05',
};
const MAY_PAID_IN_JUNE = {
  periodStart: '2024-05-01',
  periodEnd: '2024-05-31',
  paidOn: '2024-06-05',
};
/** Every test builds its own programme, prime contract and signed-in parties: no test sees another's rows. */
const aWorld = () => aMoneyWorld(api.baseUrl, api.db.pool);

async function runFor(world: MoneyWorld, subcontractId: string) {
  const run = await runPayments(world, { subcontractId, ...april });
  expect(run.status).toBe(201);
  const detail = await call(
    api.baseUrl,
    'GET',
    `/subcontractor-payments/${run.body.payments[0].id}`,
    { token: world.prime.token },
  );
  return detail.body as {
    payment: Record<string, unknown>;
    lines: {
      claimId: string | null;
      grossPence: string;
      managementFeePence: string;
      amountPence: string;
      description: string;
    }[];
  };
}

describe('subcontractor payment runs, per terms kind, to the penny', () => {
  it('PBR_SHARE: share of the prime’s fee less the management fee, due SLA days after the prime was paid — as the domain computes it', async () => {
    const world = await aWorld();
    const sub = await aSubcontract(world, {
      termsKind: 'PBR_SHARE',
      terms: { shareBasisPoints: 7000 },
      managementFeeBp: 1000,
      paymentSlaDays: 30,
    });
    const even = await anApprovedClaim(world, { subcontractId: sub.id, amountPence: 120_000 });
    const odd = await anApprovedClaim(world, { subcontractId: sub.id, amountPence: 33_333 });
    await remitAndPay(world, MARCH_PAID_IN_APRIL);
    const { payment, lines } = await runFor(world, sub.id);
    const byClaim = new Map(lines.map((line) => [line.claimId, line]));
    expect(byClaim.get(even)).toMatchObject({
      grossPence: '84000',
      managementFeePence: '8400',
      amountPence: '75600',
    });
    const terms = termsOf({
      termsKind: 'PBR_SHARE',
      terms: { shareBasisPoints: 7000 },
      managementFeeBp: 1000,
      paymentSlaDays: 30,
      startsOn: '2024-01-01',
      endsOn: null,
    });
    const domain = computeSubcontractorEntitlement({
      terms,
      claim: { milestoneCode: 'JOB_OUTCOME', occurrence: 1 },
      primeFeePence: 33_333n,
      primeReceivedDate: '2024-04-05',
    });
    expect(byClaim.get(odd)).toMatchObject({
      grossPence: String(domain.grossPence),
      managementFeePence: String(domain.managementFeePence),
      amountPence: String(domain.netPence),
    });
    expect(payment).toMatchObject({
      status: 'DRAFT',
      dueOn: domain.dueDate,
      amountPence: String(75_600n + domain.netPence),
      isLate: true,
    });
  });

  it('MILESTONE_TARIFF: own rate per milestone, nothing for an unlisted one', async () => {
    const world = await aWorld();
    const sub = await aSubcontract(world, {
      termsKind: 'MILESTONE_TARIFF',
      terms: { ratesPence: { JOB_OUTCOME: '90000' } },
      managementFeeBp: 500,
      paymentSlaDays: 14,
    });
    const outcome = await anApprovedClaim(world, {
      subcontractId: sub.id,
      milestone: 'JOB_OUTCOME',
    });
    await anApprovedClaim(world, { subcontractId: sub.id, milestone: 'ATTACHMENT' });
    await remitAndPay(world, MARCH_PAID_IN_APRIL);
    const { payment, lines } = await runFor(world, sub.id);
    expect(lines).toEqual([
      expect.objectContaining({
        claimId: outcome,
        grossPence: '90000',
        managementFeePence: '4500',
        amountPence: '85500',
      }),
    ]);
    expect(payment.dueOn).toBe('2024-04-19');
  });

  it('SERVICE_FEE: one fee per period in arrears, due period end + SLA', async () => {
    const world = await aWorld();
    const sub = await aSubcontract(world, {
      termsKind: 'SERVICE_FEE',
      terms: { feePerPeriodPence: '350000', periodMonths: 1, startDate: '2024-01-01' },
      managementFeeBp: 300,
      paymentSlaDays: 14,
    });
    const { payment, lines } = await runFor(world, sub.id);
    expect(lines).toEqual([
      expect.objectContaining({
        claimId: null,
        description: 'service fee 2024-03-01 to 2024-03-31',
        grossPence: '350000',
        managementFeePence: '10500',
        amountPence: '339500',
      }),
    ]);
    expect(payment.dueOn).toBe('2024-04-14');
    const again = await runPayments(world, { subcontractId: sub.id, ...april });
    expect(again).toMatchObject({ status: 409, body: { code: 'PAYMENT_ALREADY_TAKEN' } });
  });

  it('GRANT: the instalments due in the period', async () => {
    const world = await aWorld();
    const sub = await aSubcontract(world, {
      termsKind: 'GRANT',
      terms: {
        instalments: [
          { dueDate: '2024-04-10', amountPence: '1500000' },
          { dueDate: '2024-07-10', amountPence: '1500000' },
        ],
      },
      managementFeeBp: 300,
    });
    const { lines } = await runFor(world, sub.id);
    expect(lines).toEqual([
      expect.objectContaining({
        grossPence: '1500000',
        managementFeePence: '45000',
        amountPence: '1455000',
        description: 'grant instalment due 2024-04-10',
      }),
    ]);
  });

  it('HYBRID: the month’s upfront instalment, then own rates for milestones', async () => {
    const world = await aWorld();
    const sub = await aSubcontract(world, {
      termsKind: 'HYBRID',
      terms: {
        contractValuePence: '2400000',
        upfrontBasisPoints: 3000,
        upfrontInstalments: 12,
        startDate: '2024-01-01',
        ratesPence: { JOB_OUTCOME: '120000' },
      },
      managementFeeBp: 700,
      paymentSlaDays: 21,
    });
    const claim = await anApprovedClaim(world, { subcontractId: sub.id });
    await remitAndPay(world, MARCH_PAID_IN_APRIL);
    const { payment, lines } = await runFor(world, sub.id);
    expect(
      lines.map((l) => [l.claimId, l.grossPence, l.managementFeePence, l.amountPence]).sort(),
    ).toEqual(
      [
        [claim, '120000', '8400', '111600'],
        [null, '60000', '4200', '55800'],
      ].sort(),
    );
    expect(payment).toMatchObject({ amountPence: '167400', dueOn: '2024-04-01' });
  });

  it('runs every subcontract of a prime contract at once, and never passes a claim down twice', async () => {
    const world = await aWorld();
    const a = await aSubcontract(world, {
      termsKind: 'PBR_SHARE',
      terms: { shareBasisPoints: 5000 },
    });
    const b = await aSubcontract(world, {
      termsKind: 'PBR_SHARE',
      terms: { shareBasisPoints: 6000 },
    });
    await anApprovedClaim(world, { subcontractId: a.id });
    await anApprovedClaim(world, { subcontractId: b.id });
    await remitAndPay(world, MARCH_PAID_IN_APRIL);
    const run = await runPayments(world, { primeContractId: world.primeContractId, ...april });
    expect(run.status).toBe(201);
    expect(run.body.payments.map((p: { amountPence: string }) => p.amountPence).sort()).toEqual([
      '54000',
      '64800',
    ]);
    const again = await runPayments(world, { primeContractId: world.primeContractId, ...april });
    expect(again.status).toBe(409);
  });
});

describe('approving, paying and late flagging', () => {
  it('DRAFT → APPROVED → PAID posts prime → subcontractor; paid after the due date stays flagged late', async () => {
    const world = await aWorld();
    const onTime = await aSubcontract(world, {
      termsKind: 'PBR_SHARE',
      terms: { shareBasisPoints: 7000 },
      paymentSlaDays: 30,
    });
    const late = await aSubcontract(world, {
      termsKind: 'PBR_SHARE',
      terms: { shareBasisPoints: 7000 },
      paymentSlaDays: 5,
    });
    await anApprovedClaim(world, { subcontractId: onTime.id });
    await anApprovedClaim(world, { subcontractId: late.id });
    await remitAndPay(world, MARCH_PAID_IN_APRIL);
    const run = await runPayments(world, { primeContractId: world.primeContractId, ...april });
    const payOf = (subcontractId: string) =>
      run.body.payments.find((p: { subcontractId: string }) => p.subcontractId === subcontractId)
        .id as string;

    const early = await call(
      api.baseUrl,
      'POST',
      `/subcontractor-payments/${payOf(onTime.id)}/paid`,
      {
        token: world.prime.token,
        headers: idempotencyKey(),
        body: { paidReference: 'P-1', paidOn: '2024-04-20' },
      },
    );
    expect(early).toMatchObject({ status: 409, body: { code: 'PAYMENT_WRONG_STATUS' } });
    for (const id of [payOf(onTime.id), payOf(late.id)]) {
      expect(
        (
          await call(api.baseUrl, 'POST', `/subcontractor-payments/${id}/approve`, {
            token: world.primeChecker.token,
            headers: idempotencyKey(),
            body: {},
          })
        ).body.payment.status,
      ).toBe('APPROVED');
    }
    const paidOnTime = await call(
      api.baseUrl,
      'POST',
      `/subcontractor-payments/${payOf(onTime.id)}/paid`,
      {
        token: world.prime.token,
        headers: idempotencyKey(),
        body: { paidReference: 'P-1', paidOn: '2024-04-20' },
      },
    );
    expect(paidOnTime.body.payment).toMatchObject({
      status: 'PAID',
      isLate: false,
      dueOn: '2024-05-05',
    });
    const paidLate = await call(
      api.baseUrl,
      'POST',
      `/subcontractor-payments/${payOf(late.id)}/paid`,
      {
        token: world.prime.token,
        headers: idempotencyKey(),
        body: { paidReference: 'P-2', paidOn: '2024-04-20' },
      },
    );
    expect(paidLate.body.payment).toMatchObject({
      status: 'PAID',
      isLate: true,
      dueOn: '2024-04-10',
    });

    const lateList = await call(
      api.baseUrl,
      'GET',
      `/subcontractor-payments?primeContractId=${world.primeContractId}&isLate=true`,
      { token: world.prime.token },
    );
    expect(lateList.body.payments.map((p: { id: string }) => p.id)).toEqual([payOf(late.id)]);

    const entries = await api.db.pool.query<{ organisation_id: string; amount_pence: string }>(
      `SELECT a.organisation_id, e.amount_pence FROM ledger_entry e JOIN ledger_account a ON a.id = e.account_id JOIN ledger_transaction t ON t.id = e.transaction_id WHERE t.subcontractor_payment_id = $1 ORDER BY e.amount_pence`,
      [payOf(onTime.id)],
    );
    expect(entries.rows).toEqual([
      { organisation_id: world.prime.organisationId, amount_pence: '-75600' },
      { organisation_id: onTime.subcontractor.organisationId, amount_pence: '75600' },
    ]);
  });

  it('a subcontractor sees its own payments only; other parties and a party the route is closed to get 404; the wrong role 403', async () => {
    const world = await aWorld();
    const mine = await aSubcontract(world, {
      termsKind: 'SERVICE_FEE',
      terms: { feePerPeriodPence: '100000', periodMonths: 1, startDate: '2024-01-01' },
    });
    const theirs = await aSubcontract(world, {
      termsKind: 'SERVICE_FEE',
      terms: { feePerPeriodPence: '100000', periodMonths: 1, startDate: '2024-01-01' },
    });
    const run = await runPayments(world, { primeContractId: world.primeContractId, ...april });
    const theirPayment = run.body.payments.find(
      (p: { subcontractId: string }) => p.subcontractId === theirs.id,
    ).id;
    const myPayment = run.body.payments.find(
      (p: { subcontractId: string }) => p.subcontractId === mine.id,
    ).id;
    expect(
      (
        await call(api.baseUrl, 'GET', `/subcontractor-payments/${theirPayment}`, {
          token: mine.subcontractor.token,
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await call(api.baseUrl, 'GET', `/subcontractor-payments/${myPayment}`, {
          token: mine.subcontractor.token,
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await call(api.baseUrl, 'GET', '/subcontractor-payments', {
          token: mine.subcontractor.token,
        })
      ).body.payments.map((p: { id: string }) => p.id),
    ).toEqual([myPayment]);
    const other = await aWorld();
    expect(
      (
        await call(api.baseUrl, 'GET', `/subcontractor-payments/${myPayment}`, {
          token: other.prime.token,
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await call(api.baseUrl, 'POST', `/subcontractor-payments/${myPayment}/approve`, {
          token: other.prime.token,
          headers: idempotencyKey(),
          body: {},
        })
      ).status,
    ).toBe(404);
    expect((await runPayments(other, { subcontractId: mine.id, ...april })).status).toBe(404);
    expect(
      (
        await call(api.baseUrl, 'POST', `/subcontractor-payments/${myPayment}/approve`, {
          token: mine.subcontractor.token,
          headers: idempotencyKey(),
          body: {},
        })
      ).status,
    ).toBe(404);
    const caseworker = await aSignedInUser(api.baseUrl, api.db.pool, {
      organisationId: world.prime.organisationId,
      roles: ['CASEWORKER'],
    });
    expect(
      (
        await call(api.baseUrl, 'POST', `/subcontractor-payments/${myPayment}/approve`, {
          token: caseworker.token,
          headers: idempotencyKey(),
          body: {},
        })
      ).status,
    ).toBe(403);
    const both = await runPayments(world, {
      subcontractId: mine.id,
      primeContractId: world.primeContractId,
      ...april,
    });
    expect(both).toMatchObject({
      status: 400,
      body: { errors: [{ field: 'body.subcontractId' }] },
    });
  });
});

describe('the payments list', () => {
  it('counts and adds up the whole filter, pages by number, sorts on the server, and judges lateness on the injected clock', async () => {
    const world = await aMoneyWorld(api.baseUrl, api.db.pool);
    const slow = await aSubcontract(world, {
      termsKind: 'PBR_SHARE',
      terms: { shareBasisPoints: 7000 },
      paymentSlaDays: 30,
    });
    const quick = await aSubcontract(world, {
      termsKind: 'PBR_SHARE',
      terms: { shareBasisPoints: 5000 },
      paymentSlaDays: 5,
    });
    await anApprovedClaim(world, { subcontractId: slow.id });
    await anApprovedClaim(world, { subcontractId: quick.id });
    await remitAndPay(world, MARCH_REMITTANCE);
    const run = await runPayments(world, { primeContractId: world.primeContractId, ...april });
    expect(run.status).toBe(201);
    const made = run.body.payments as { id: string; amountPence: string; dueOn: string }[];
    expect(made).toHaveLength(2);
    const list = (query: string) =>
      call(
        api.baseUrl,
        'GET',
        `/subcontractor-payments?primeContractId=${world.primeContractId}&${query}`,
        { token: world.prime.token },
      );

    const sum = made.reduce((total, payment) => total + BigInt(payment.amountPence), 0n);
    const byAmount = [...made].sort((a, b) =>
      Number(BigInt(a.amountPence) - BigInt(b.amountPence)),
    );
    const first = await list('sort=amount&limit=1&page=1');
    const second = await list('sort=amount&limit=1&page=2');
    for (const page of [first, second])
      expect(page.body).toMatchObject({
        total: 2,
        totalPence: sum.toString(),
        nextCursor: null,
        summary: { unpaidCount: 2, unpaidPence: sum.toString(), paidPence: '0' },
      });
    expect([first.body.payments[0].id, second.body.payments[0].id]).toEqual(
      byAmount.map((p) => p.id),
    );
    expect((await list('sort=-dueOn')).body.payments.map((p: { id: string }) => p.id)).toEqual(
      [...made].sort((a, b) => (a.dueOn < b.dueOn ? 1 : -1)).map((p) => p.id),
    );
    const bad = await list('sort=id');
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'query.sort' })]);

    // Unpaid payments are late once the clock passes their due date (2024-04-10 for the 5-day SLA), not the machine's.
    const clock = api.app.get(CLOCK);
    try {
      Object.assign(clock, fixedClock('2024-04-09'));
      expect((await list('isLate=true')).body).toMatchObject({ payments: [], total: 0 });
      expect((await list('')).body.summary.lateCount).toBe(0);
      Object.assign(clock, fixedClock('2024-04-11'));
      const late = await list('isLate=true');
      expect(late.body.total).toBe(1);
      expect((await list('')).body.summary.lateCount).toBe(1);
      expect(late.body.payments.map((p: { dueOn: string }) => p.dueOn)).toEqual(['2024-04-10']);
    } finally {
      Object.assign(clock, systemClock);
    }
  });
});

describe('maker-checker', () => {
  it('refuses the user who ran a payment approving it, with a 403 naming the rule; a second prime finance user approves, and both are recorded and audited', async () => {
    const world = await aWorld();
    const sub = await aSubcontract(world, {
      termsKind: 'SERVICE_FEE',
      terms: { feePerPeriodPence: '100000', periodMonths: 1, startDate: '2024-01-01' },
    });
    const run = await runPayments(world, { subcontractId: sub.id, ...april });
    const payment = run.body.payments[0];
    expect(payment).toMatchObject({
      runByUserId: world.prime.id,
      approvedByUserId: null,
      approvedAt: null,
    });

    const self = await call(api.baseUrl, 'POST', `/subcontractor-payments/${payment.id}/approve`, {
      token: world.prime.token,
      headers: idempotencyKey(),
      body: {},
    });
    expect(self).toMatchObject({
      status: 403,
      body: {
        code: 'PAYMENT_MAKER_CANNOT_APPROVE',
        title: 'Maker-checker: the user who ran a payment cannot approve it',
        rule: 'maker-checker',
      },
    });
    expect(
      (
        await call(api.baseUrl, 'GET', `/subcontractor-payments/${payment.id}`, {
          token: world.prime.token,
        })
      ).body.payment.status,
    ).toBe('DRAFT');

    const admin = await aSignedInUser(api.baseUrl, api.db.pool, {
      organisationId: world.prime.organisationId,
      roles: ['ADMIN'],
    });
    const approved = await call(
      api.baseUrl,
      'POST',
      `/subcontractor-payments/${payment.id}/approve`,
      { token: admin.token, headers: idempotencyKey(), body: { note: 'checked' } },
    );
    expect(approved).toMatchObject({
      status: 200,
      body: {
        payment: {
          status: 'APPROVED',
          runByUserId: world.prime.id,
          approvedByUserId: admin.id,
          approvedAt: expect.any(String),
        },
      },
    });
    // The maker may record the bank payment once someone else has approved it.
    const paid = await call(api.baseUrl, 'POST', `/subcontractor-payments/${payment.id}/paid`, {
      token: world.prime.token,
      headers: idempotencyKey(),
      body: { paidReference: 'MC-1', paidOn: '2024-04-20' },
    });
    expect(paid.body.payment.status).toBe('PAID');
    const audited = await api.db.pool.query<{ action: string; actor_user_id: string }>(
      `SELECT action, actor_user_id FROM audit_event WHERE entity_id = $1 ORDER BY seq`,
      [payment.id],
    );
    expect(audited.rows).toEqual([
      { action: 'subcontractor-payment.run', actor_user_id: world.prime.id },
      { action: 'subcontractor-payment.approve', actor_user_id: admin.id },
      { action: 'subcontractor-payment.mark-paid', actor_user_id: world.prime.id },
    ]);
    // The database holds the rule too.
    await expect(
      api.db.pool.query(
        `UPDATE subcontractor_payment SET approved_by_user_id = run_by_user_id WHERE id = $1`,
        [payment.id],
      ),
    ).rejects.toThrow(/subcontractor_payment_maker_checker/);
  });
});

describe('payment previews (dry runs)', () => {
  it('answers exactly what the run then creates — lines, totals, due dates — without an Idempotency-Key, writing nothing', async () => {
    const world = await aWorld();
    const pbr = await aSubcontract(world, {
      termsKind: 'PBR_SHARE',
      terms: { shareBasisPoints: 7000 },
      managementFeeBp: 1000,
      paymentSlaDays: 30,
    });
    const fee = await aSubcontract(world, {
      termsKind: 'SERVICE_FEE',
      terms: { feePerPeriodPence: '350000', periodMonths: 1, startDate: '2024-01-01' },
      managementFeeBp: 300,
      paymentSlaDays: 14,
    });
    await anApprovedClaim(world, { subcontractId: pbr.id, amountPence: 33_333 });
    await anApprovedClaim(world, { subcontractId: pbr.id });
    await remitAndPay(world, MARCH_PAID_IN_APRIL);
    const counts = async () =>
      (
        await api.db.pool.query(
          `SELECT (SELECT count(*) FROM subcontractor_payment) AS p, (SELECT count(*) FROM subcontractor_payment_line) AS l, (SELECT count(*) FROM audit_event) AS a`,
        )
      ).rows[0];
    const before = await counts();

    const preview = await call(api.baseUrl, 'POST', '/subcontractor-payments/preview', {
      token: world.prime.token,
      body: { primeContractId: world.primeContractId, ...april },
    });
    expect(preview.status).toBe(200);
    expect(await counts()).toEqual(before);
    expect(preview.body.totals).toMatchObject({ paymentCount: 2, lineCount: 3 });

    const run = await runPayments(world, { primeContractId: world.primeContractId, ...april });
    const made = await Promise.all(
      run.body.payments.map(async (p: { id: string }) => {
        const detail = await call(api.baseUrl, 'GET', `/subcontractor-payments/${p.id}`, {
          token: world.prime.token,
        });
        const { subcontractId, dueOn, lineCount, grossPence, managementFeePence, amountPence } =
          detail.body.payment;
        const lines = detail.body.lines.map(({ id, ...line }: { id: string }) => (void id, line));
        return {
          subcontractId,
          dueOn,
          lineCount,
          grossPence,
          managementFeePence,
          amountPence,
          lines: lines.sort((a: { description: string }, b: { description: string }) =>
            a.description.localeCompare(b.description),
          ),
        };
      }),
    );
    const previewed = preview.body.payments.map(
      ({
        subcontractId,
        dueOn,
        lineCount,
        grossPence,
        managementFeePence,
        amountPence,
        lines,
      }: Record<string, unknown> & { lines: { description: string }[] }) => ({
        subcontractId,
        dueOn,
        lineCount,
        grossPence,
        managementFeePence,
        amountPence,
        lines: [...lines].sort((a, b) => a.description.localeCompare(b.description)),
      }),
    );
    const bySubcontract = (a: { subcontractId: unknown }, b: { subcontractId: unknown }) =>
      String(a.subcontractId).localeCompare(String(b.subcontractId));
    expect(previewed.sort(bySubcontract)).toEqual(made.sort(bySubcontract));
    expect(preview.body.totals.amountPence).toBe(
      String(
        run.body.payments.reduce(
          (sum: bigint, p: { amountPence: string }) => sum + BigInt(p.amountPence),
          0n,
        ),
      ),
    );
    expect(made.find((p) => p.subcontractId === fee.id)?.dueOn).toBe('2024-04-14');

    // Nothing left to pass down: the preview answers the run's own problem.
    const again = await call(api.baseUrl, 'POST', '/subcontractor-payments/preview', {
      token: world.prime.token,
      body: { primeContractId: world.primeContractId, ...april },
    });
    expect(again).toMatchObject({ status: 409, body: { code: 'PAYMENT_ALREADY_TAKEN' } });
    const sub = pbr.subcontractor;
    expect(
      (
        await call(api.baseUrl, 'POST', '/subcontractor-payments/preview', {
          token: sub.token,
          body: { subcontractId: pbr.id, ...april },
        })
      ).status,
    ).toBe(403);
  });
});

describe('concurrent payment runs', () => {
  it('the losing runs are told another run has already taken the claims, naming it; nothing due at all is still PAYMENT_NOTHING_DUE', async () => {
    const world = await aWorld();
    const sub = await aSubcontract(world, {
      termsKind: 'PBR_SHARE',
      terms: { shareBasisPoints: 7000 },
    });
    await anApprovedClaim(world, { subcontractId: sub.id });
    await anApprovedClaim(world, { subcontractId: sub.id });
    await remitAndPay(world, MARCH_PAID_IN_APRIL);

    const results = await Promise.all(
      [1, 2, 3].map(() => runPayments(world, { subcontractId: sub.id, ...april })),
    );

    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409]);
    const winner = results.find((r) => r.status === 201)!.body.payments[0].id as string;
    for (const loser of results.filter((r) => r.status === 409)) {
      expect(loser.body).toMatchObject({
        code: 'PAYMENT_ALREADY_TAKEN',
        title: 'Another payment run has already taken these claims',
        paymentIds: [winner],
      });
      expect(loser.body.detail).toMatch(/draft payment run by .* \(2 lines\)/);
      expect(loser.body.detail).not.toMatch(/no remittance received/);
    }
    const nothing = await runPayments(world, {
      subcontractId: sub.id,
      periodStart: '2024-06-01',
      periodEnd: '2024-06-30',
    });
    expect(nothing).toMatchObject({ status: 409, body: { code: 'PAYMENT_NOTHING_DUE' } });
  });
});

describe('clawbacks passed down', () => {
  async function clawBack(
    world: MoneyWorld,
    claimId: string,
    amountPence: number,
    options: { isFull?: boolean } = {},
  ) {
    await api.db.pool.query(
      `INSERT INTO claim_clawback (programme_id, prime_contract_id, claim_id, amount_pence, reason, decided_by_user_id, decided_at) VALUES ($1, $2, $3, $4, 'sample check failed', $5, '2024-05-02T10:00:00Z')`,
      [world.programmeId, world.primeContractId, claimId, amountPence, world.commissioner.id],
    );
    if (options.isFull)
      await api.db.pool.query(`UPDATE claim SET status = 'CLAWED_BACK' WHERE id = $1`, [claimId]);
  }

  it('takes back from the subcontractor the share it was paid for each clawed-back claim, once, as negative lines its statement shows; the ledger balances', async () => {
    const world = await aWorld();
    const sub = await aSubcontract(world, {
      termsKind: 'PBR_SHARE',
      terms: { shareBasisPoints: 7000 },
      managementFeeBp: 1000,
      paymentSlaDays: 30,
    });
    const full = await anApprovedClaim(world, { subcontractId: sub.id, amountPence: 120_000 });
    const partial = await anApprovedClaim(world, { subcontractId: sub.id, amountPence: 33_333 });
    await remitAndPay(world, MARCH_PAID_IN_APRIL);
    await passDownAndPay(world, sub.id, {
      periodStart: '2024-04-01',
      periodEnd: '2024-04-30',
      paidOn: '2024-04-20',
    }); // 75,600 + 21,000
    await clawBack(world, full, 120_000, { isFull: true });
    await clawBack(world, partial, 10_000);
    // The commissioner nets both clawbacks off May's remittance (£3,000.00 − £1,300.00) and pays it.
    const next = await anApprovedClaim(world, {
      subcontractId: sub.id,
      amountPence: 300_000,
      decidedOn: '2024-05-10',
    });
    await remitAndPay(world, MAY_PAID_IN_JUNE);

    const run = await runPayments(world, {
      subcontractId: sub.id,
      periodStart: '2024-06-01',
      periodEnd: '2024-06-30',
    });

    expect(run.status).toBe(201);
    const detail = await call(
      api.baseUrl,
      'GET',
      `/subcontractor-payments/${run.body.payments[0].id}`,
      { token: sub.subcontractor.token },
    );
    const amounts = (claimId: string) =>
      detail.body.lines
        .filter((l: { claimId: string }) => l.claimId === claimId)
        .map(
          (l: {
            grossPence: string;
            managementFeePence: string;
            amountPence: string;
            clawbackId: string | null;
          }) => [l.grossPence, l.managementFeePence, l.amountPence, l.clawbackId !== null],
        );
    expect(amounts(next)).toEqual([['210000', '21000', '189000', false]]);
    // All of what it was paid for the claim clawed back in full; 10,000 / 33,333 of it for the partial one (7,000 − 700).
    expect(amounts(full)).toEqual([['-84000', '-8400', '-75600', true]]);
    expect(amounts(partial)).toEqual([['-7000', '-700', '-6300', true]]);
    expect(detail.body.payment.amountPence).toBe('107100');

    const id = run.body.payments[0].id as string;
    await call(api.baseUrl, 'POST', `/subcontractor-payments/${id}/approve`, {
      token: world.primeChecker.token,
      headers: idempotencyKey(),
      body: {},
    });
    const paid = await call(api.baseUrl, 'POST', `/subcontractor-payments/${id}/paid`, {
      token: world.prime.token,
      headers: idempotencyKey(),
      body: { paidReference: 'PAY-JUNE', paidOn: '2024-06-20' },
    });
    expect(paid.status).toBe(200);
    const entries = await api.db.pool.query(
      `SELECT a.organisation_id, e.amount_pence::text FROM ledger_entry e JOIN ledger_account a ON a.id = e.account_id JOIN ledger_transaction t ON t.id = e.transaction_id WHERE t.subcontractor_payment_id = $1 ORDER BY e.amount_pence`,
      [id],
    );
    expect(entries.rows).toEqual([
      { organisation_id: world.prime.organisationId, amount_pence: '-107100' },
      { organisation_id: sub.subcontractor.organisationId, amount_pence: '107100' },
    ]);
    // The entitlement of the clawed-back claim still records what was paid for it, not the clawback.
    expect(
      (
        await api.db.pool.query(
          `SELECT paid_pence::text FROM subcontract_entitlement WHERE claim_id = $1`,
          [full],
        )
      ).rows,
    ).toEqual([{ paid_pence: '75600' }]);

    const statement = await call(
      api.baseUrl,
      'GET',
      `/statements/subcontracts/${sub.id}?periodStart=2024-05-01&periodEnd=2024-05-31`,
      { token: sub.subcontractor.token },
    );
    const clawbacks = statement.body.statement.lines.filter(
      (l: { kind: string }) => l.kind === 'CLAWBACK',
    );
    expect(
      clawbacks
        .map(
          (l: {
            claimId: string;
            entitledPence: string;
            receivedPence: string;
            owedPence: string;
            status: string;
          }) => [l.claimId, l.entitledPence, l.receivedPence, l.owedPence, l.status],
        )
        .sort(),
    ).toEqual(
      [
        [full, '-75600', '-75600', '0', 'RECOVERED'],
        [partial, '-6300', '-6300', '0', 'RECOVERED'],
      ].sort(),
    );
    expect(clawbacks[0].description).toMatch(
      /^Clawback: .* JOB_OUTCOME #1, decided 2024-05-02 \(sample check failed\)$/,
    );

    const again = await runPayments(world, {
      subcontractId: sub.id,
      periodStart: '2024-06-01',
      periodEnd: '2024-06-30',
    });
    expect(again.status).toBe(409);
  });

  it('a payment of clawbacks alone is negative: marking it paid moves the money from the subcontractor back to the prime', async () => {
    const world = await aWorld();
    const sub = await aSubcontract(world, {
      termsKind: 'PBR_SHARE',
      terms: { shareBasisPoints: 7000 },
      managementFeeBp: 1000,
      paymentSlaDays: 30,
    });
    const claim = await anApprovedClaim(world, { subcontractId: sub.id, amountPence: 120_000 });
    await anApprovedClaim(world, {
      subcontractId: null,
      amountPence: 120_000,
      decidedOn: '2024-05-10',
    }); // the prime's own, carries the netting
    await remitAndPay(world, MARCH_PAID_IN_APRIL);
    await passDownAndPay(world, sub.id, {
      periodStart: '2024-04-01',
      periodEnd: '2024-04-30',
      paidOn: '2024-04-20',
    });
    await clawBack(world, claim, 120_000, { isFull: true });
    await remitAndPay(world, MAY_PAID_IN_JUNE);

    const payment = await passDownAndPay(world, sub.id, {
      periodStart: '2024-06-01',
      periodEnd: '2024-06-30',
      paidOn: '2024-06-20',
    });

    expect(payment.amountPence).toBe('-75600');
    const entries = await api.db.pool.query(
      `SELECT a.organisation_id, e.amount_pence::text FROM ledger_entry e JOIN ledger_account a ON a.id = e.account_id JOIN ledger_transaction t ON t.id = e.transaction_id WHERE t.subcontractor_payment_id = $1 ORDER BY e.amount_pence`,
      [payment.id],
    );
    expect(entries.rows).toEqual([
      { organisation_id: sub.subcontractor.organisationId, amount_pence: '-75600' },
      { organisation_id: world.prime.organisationId, amount_pence: '75600' },
    ]);
  });
});

describe('short payments and the subcontract’s terms', () => {
  it('a back-to-back subcontract is paid on what the prime actually received for each claim; a prime-bears one in full; the ledger balances', async () => {
    // Programme, model, prime contract and subcontracts all made through the API.
    const world = await anApiBuiltMoneyWorld(api.baseUrl, api.db.pool);
    const common = { managementFeeBp: 1000, paymentSlaDays: 30 };
    const share = await anApiSubcontract(world, {
      kind: 'PBR_SHARE',
      shareBasisPoints: 7000,
      shortPaymentFlowDown: 'BACK_TO_BACK',
      ...common,
    });
    const tariff = await anApiSubcontract(world, {
      kind: 'MILESTONE_TARIFF',
      ratesPence: { JOB_OUTCOME: '90000' },
      shortPaymentFlowDown: 'BACK_TO_BACK',
      ...common,
    });
    const primeBears = await anApiSubcontract(world, {
      kind: 'PBR_SHARE',
      shareBasisPoints: 7000,
      ...common,
    }); // the default
    const a = await anApprovedClaim(world, { subcontractId: share.id, amountPence: 120_000 });
    const b = await anApprovedClaim(world, { subcontractId: tariff.id, amountPence: 120_000 });
    const c = await anApprovedClaim(world, { subcontractId: primeBears.id, amountPence: 120_000 });
    const remittance = await call(api.baseUrl, 'POST', '/remittances', {
      token: world.commissioner.token,
      headers: idempotencyKey(),
      body: {
        primeContractId: world.primeContractId,
        periodStart: '2024-03-01',
        periodEnd: '2024-03-31',
      },
    });
    expect(remittance.status).toBe(201);
    // Nothing is passed down before the commissioner's payment (and what it came to) is recorded.
    expect((await runPayments(world, { subcontractId: share.id, ...april })).status).toBe(409);

    // The commissioner pays £3,000.00 of the £3,600.00: each £1,200.00 claim's share is £1,000.00.
    const paid = await call(
      api.baseUrl,
      'POST',
      `/remittances/${remittance.body.remittance.id}/paid`,
      {
        token: world.commissioner.token,
        headers: idempotencyKey(),
        body: { paidReference: 'BACS-SHORT', paidOn: '2024-04-05', receivedPence: '300000' },
      },
    );
    expect(paid.body.remittance).toMatchObject({
      paymentOutcome: 'SHORT',
      differencePence: '-60000',
    });

    const paymentIds = new Map<string, string>();
    const descriptions = new Map<string, string>();
    const lines = async (subcontractId: string) => {
      const detail = await runFor(world, subcontractId);
      paymentIds.set(subcontractId, detail.payment.id as string);
      descriptions.set(subcontractId, detail.lines[0]!.description);
      return detail.lines.map((l) => [
        l.claimId,
        l.grossPence,
        l.managementFeePence,
        l.amountPence,
      ]);
    };
    // 70 % of the £1,000.00 received = £700.00, less 10 % = £630.00 (not £756.00 on the £1,200.00 claimed).
    expect(await lines(share.id)).toEqual([[a, '70000', '7000', '63000']]);
    // The own rate £900.00 × 1,000 / 1,200 = £750.00, less 10 % = £675.00.
    expect(await lines(tariff.id)).toEqual([[b, '75000', '7500', '67500']]);
    // The prime bears the shortfall: 70 % of £1,200.00 = £840.00, less 10 % = £756.00.
    expect(await lines(primeBears.id)).toEqual([[c, '84000', '8400', '75600']]);
    // Each line says why, in words and pounds.
    expect(descriptions.get(share.id)).toBe(
      'Job outcome #1: prime fee £1,200.00, £1,000.00 of it received 2024-04-05 (back-to-back: paid on what the prime received)',
    );
    expect(descriptions.get(primeBears.id)).toBe(
      'Job outcome #1: prime fee £1,200.00 received 2024-04-05',
    );
    // The stored entitlement (what reconciliation expects) says the same.
    const stored = await api.db.pool.query(
      `SELECT claim_id, expected_pence::text FROM subcontract_entitlement WHERE claim_id = ANY($1::uuid[]) ORDER BY expected_pence`,
      [[a, b, c]],
    );
    expect(stored.rows).toEqual([
      { claim_id: a, expected_pence: '63000' },
      { claim_id: b, expected_pence: '67500' },
      { claim_id: c, expected_pence: '75600' },
    ]);

    // Paid and reconciled: the back-to-back subcontractor is owed nothing more.
    const paymentId = paymentIds.get(share.id)!;
    await call(api.baseUrl, 'POST', `/subcontractor-payments/${paymentId}/approve`, {
      token: world.primeChecker.token,
      headers: idempotencyKey(),
      body: {},
    });
    const paidDown = await call(api.baseUrl, 'POST', `/subcontractor-payments/${paymentId}/paid`, {
      token: world.prime.token,
      headers: idempotencyKey(),
      body: { paidReference: 'PAY-APRIL', paidOn: '2024-04-20' },
    });
    expect(paidDown.status).toBe(200);
    const reconciled = await call(api.baseUrl, 'POST', '/reconciliation/runs', {
      token: share.subcontractor.token,
      body: {
        primeContractId: world.primeContractId,
        subcontractId: share.id,
        ...april,
        asOf: '2024-06-01',
      },
    });
    expect(reconciled.body.run).toMatchObject({ expectedPence: '63000', recordedPence: '63000' });
    const trial = await call(
      api.baseUrl,
      'GET',
      `/ledger/trial-balance?programmeId=${world.programmeId}&periodStart=2024-01-01&periodEnd=2024-12-31`,
      { token: world.prime.token },
    );
    expect(trial.body.totals).toEqual({
      debitPence: '363000',
      creditPence: '363000',
      balancePence: '0',
    }); // 300,000 in, 63,000 passed down
  });
});
