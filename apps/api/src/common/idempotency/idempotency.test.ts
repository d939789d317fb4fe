import { randomUUID } from 'node:crypto';
import { call } from '../../test-support/http';
import { createTestApp, type TestApp } from '../../test-support/test-app';
import {
  aMoneyWorld,
  anApprovedClaim,
  aSubcontract,
  remitAndPay,
} from '../../remittances/money-fixtures';

let api: TestApp;
beforeAll(async () => {
  api = await createTestApp();
});
afterAll(async () => {
  await api.close();
});

const period = { periodStart: '2024-03-01', periodEnd: '2024-03-31' };

describe('Idempotency-Key on money-moving requests', () => {
  it('replays the first response byte for byte for the same key and body, and answers 422 for the same key with a different body', async () => {
    const world = await aMoneyWorld(api.baseUrl, api.db.pool);
    await anApprovedClaim(world, { subcontractId: null });
    const key = randomUUID();
    const body = { primeContractId: world.primeContractId, ...period };
    const first = await call(api.baseUrl, 'POST', '/remittances', {
      token: world.commissioner.token,
      headers: { 'idempotency-key': key },
      body,
    });
    const replay = await call(api.baseUrl, 'POST', '/remittances', {
      token: world.commissioner.token,
      headers: { 'idempotency-key': key },
      body: {
        periodEnd: body.periodEnd,
        periodStart: body.periodStart,
        primeContractId: body.primeContractId,
      },
    });
    expect(first.status).toBe(201);
    expect(replay.status).toBe(201);
    expect(replay.body).toEqual(first.body);
    expect(replay.text).toBe(first.text); // byte for byte, not just equal once parsed
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    const count = await api.db.pool.query(
      `SELECT count(*)::int AS n FROM remittance WHERE prime_contract_id = $1`,
      [world.primeContractId],
    );
    expect(count.rows[0]).toEqual({ n: 1 });

    const different = await call(api.baseUrl, 'POST', '/remittances', {
      token: world.commissioner.token,
      headers: { 'idempotency-key': key },
      body: { ...body, periodEnd: '2024-04-30' },
    });
    expect(different.status).toBe(422);
    expect(different.body).toMatchObject({
      code: 'IDEMPOTENCY_KEY_REUSED',
      errors: [{ field: 'headers.idempotency-key' }],
    });
  });

  it('keys are per organisation: another organisation’s identical key does not replay', async () => {
    const world = await aMoneyWorld(api.baseUrl, api.db.pool);
    const other = await aMoneyWorld(api.baseUrl, api.db.pool);
    await anApprovedClaim(world, { subcontractId: null });
    await anApprovedClaim(other, { subcontractId: null });
    const key = randomUUID();
    const a = await call(api.baseUrl, 'POST', '/remittances', {
      token: world.commissioner.token,
      headers: { 'idempotency-key': key },
      body: { primeContractId: world.primeContractId, ...period },
    });
    const b = await call(api.baseUrl, 'POST', '/remittances', {
      token: other.commissioner.token,
      headers: { 'idempotency-key': key },
      body: { primeContractId: other.primeContractId, ...period },
    });
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(a.body.remittance.id).not.toBe(b.body.remittance.id);
  });

  it('five identical concurrent payment runs create exactly one payment; the others replay it or answer 409 in flight', async () => {
    const world = await aMoneyWorld(api.baseUrl, api.db.pool);
    const sub = await aSubcontract(world, {
      termsKind: 'PBR_SHARE',
      terms: { shareBasisPoints: 7000 },
    });
    for (let i = 0; i < 20; i++) await anApprovedClaim(world, { subcontractId: sub.id });
    await remitAndPay(world, { ...period, paidOn: '2024-04-05' });
    const key = randomUUID();
    const body = { subcontractId: sub.id, periodStart: '2024-04-01', periodEnd: '2024-04-30' };
    const results = await Promise.all(
      [1, 2, 3, 4, 5].map(() =>
        call(api.baseUrl, 'POST', '/subcontractor-payments', {
          token: world.prime.token,
          headers: { 'idempotency-key': key },
          body,
        }),
      ),
    );
    const statuses = results.map((r) => r.status);
    if (!statuses.includes(201)) throw new Error(JSON.stringify(results.map((r) => r.body)));
    expect(statuses.filter((s) => s === 201).length).toBeGreaterThanOrEqual(1);
    expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
    for (const conflict of results.filter((r) => r.status === 409))
      expect(conflict.body.code).toBe('IDEMPOTENCY_REQUEST_IN_FLIGHT');
    const ids = new Set(results.filter((r) => r.status === 201).map((r) => r.body.payments[0].id));
    expect(ids.size).toBe(1);
    const payments = await api.db.pool.query(
      `SELECT count(*)::int AS n FROM subcontractor_payment WHERE subcontract_id = $1`,
      [sub.id],
    );
    expect(payments.rows[0]).toEqual({ n: 1 });
    const lines = await api.db.pool.query(
      `SELECT count(*)::int AS n FROM subcontractor_payment_line l JOIN subcontractor_payment p ON p.id = l.subcontractor_payment_id WHERE p.subcontract_id = $1`,
      [sub.id],
    );
    expect(lines.rows[0]).toEqual({ n: 20 });
  });

  it('marks paid once under five concurrent identical requests: one ledger transfer', async () => {
    const world = await aMoneyWorld(api.baseUrl, api.db.pool);
    await anApprovedClaim(world, { subcontractId: null });
    const run = await call(api.baseUrl, 'POST', '/remittances', {
      token: world.commissioner.token,
      headers: { 'idempotency-key': randomUUID() },
      body: { primeContractId: world.primeContractId, ...period },
    });
    const key = randomUUID();
    const results = await Promise.all(
      [1, 2, 3, 4, 5].map(() =>
        call(api.baseUrl, 'POST', `/remittances/${run.body.remittance.id}/paid`, {
          token: world.commissioner.token,
          headers: { 'idempotency-key': key },
          body: { paidReference: 'BACS-9', paidOn: '2024-04-05' },
        }),
      ),
    );
    expect(results.every((r) => r.status === 200 || r.status === 409)).toBe(true);
    const transfers = await api.db.pool.query(
      `SELECT count(*)::int AS n FROM ledger_transaction WHERE remittance_id = $1`,
      [run.body.remittance.id],
    );
    expect(transfers.rows[0]).toEqual({ n: 1 });
  });
});
