import { call } from '../test-support/http';
import { createTestApp, type TestApp } from '../test-support/test-app';
import {
  aMoneyWorld,
  anApprovedClaim,
  aSubcontract,
  passDownAndPay,
  remitAndPay,
  MARCH_REMITTANCE,
} from '../remittances/money-fixtures';

let api: TestApp;
beforeAll(async () => {
  api = await createTestApp();
});
afterAll(async () => {
  await api.close();
});

describe('ledger trial balance', () => {
  it('sums to zero for every party, each seeing whole transfers it is party to', async () => {
    const world = await aMoneyWorld(api.baseUrl, api.db.pool);
    const a = await aSubcontract(world, {
      termsKind: 'PBR_SHARE',
      terms: { shareBasisPoints: 7000 },
    });
    const b = await aSubcontract(world, {
      termsKind: 'PBR_SHARE',
      terms: { shareBasisPoints: 5000 },
    });
    await anApprovedClaim(world, { subcontractId: a.id });
    await anApprovedClaim(world, { subcontractId: b.id });
    await remitAndPay(world, MARCH_REMITTANCE);
    await passDownAndPay(world, a.id, {
      periodStart: '2024-04-01',
      periodEnd: '2024-04-30',
      paidOn: '2024-04-20',
    });
    await passDownAndPay(world, b.id, {
      periodStart: '2024-04-01',
      periodEnd: '2024-04-30',
      paidOn: '2024-04-21',
    });
    const query = `/ledger/trial-balance?programmeId=${world.programmeId}&periodStart=2024-01-01&periodEnd=2024-12-31`;

    const commissioner = await call(api.baseUrl, 'GET', query, { token: world.commissioner.token });
    expect(commissioner.status).toBe(200);
    expect(commissioner.body.totals).toEqual({
      debitPence: '369600',
      creditPence: '369600',
      balancePence: '0',
    }); // 240,000 in, 75,600 + 54,000 passed down
    const balances = Object.fromEntries(
      commissioner.body.accounts.map((acc: { organisationId: string; balancePence: string }) => [
        acc.organisationId,
        acc.balancePence,
      ]),
    );
    expect(balances).toEqual({
      [world.commissioner.organisationId]: '-240000',
      [world.prime.organisationId]: String(240000 - 75600 - 54000),
      [a.subcontractor.organisationId]: '75600',
      [b.subcontractor.organisationId]: '54000',
    });

    const prime = await call(api.baseUrl, 'GET', query, { token: world.prime.token });
    expect(prime.body.totals.balancePence).toBe('0');
    expect(prime.body.accounts).toHaveLength(4);

    const subcontractor = await call(api.baseUrl, 'GET', query, { token: a.subcontractor.token });
    expect(subcontractor.body.totals).toEqual({
      debitPence: '75600',
      creditPence: '75600',
      balancePence: '0',
    });
    expect(
      subcontractor.body.accounts
        .map((acc: { organisationId: string }) => acc.organisationId)
        .sort(),
    ).toEqual([world.prime.organisationId, a.subcontractor.organisationId].sort());

    const outside = await call(
      api.baseUrl,
      'GET',
      `/ledger/trial-balance?programmeId=${world.programmeId}&periodStart=2025-01-01&periodEnd=2025-12-31`,
      { token: world.prime.token },
    );
    expect(outside.body.accounts).toEqual([]);
    const stranger = await aMoneyWorld(api.baseUrl, api.db.pool);
    expect(
      (await call(api.baseUrl, 'GET', query, { token: stranger.prime.token })).body.accounts,
    ).toEqual([]);
    const bad = await call(
      api.baseUrl,
      'GET',
      `/ledger/trial-balance?programmeId=nope&periodStart=2024-12-31&periodEnd=2024-01-01`,
      { token: world.prime.token },
    );
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'query.periodEnd',
      'query.programmeId',
    ]);
  });

  it('refuses an unbalanced transfer at commit, and any change to a posted entry', async () => {
    const world = await aMoneyWorld(api.baseUrl, api.db.pool);
    await anApprovedClaim(world, { subcontractId: null });
    await remitAndPay(world, MARCH_REMITTANCE);
    await expect(
      api.db.pool.query(`UPDATE ledger_entry SET amount_pence = 1 WHERE programme_id = $1`, [
        world.programmeId,
      ]),
    ).rejects.toThrow(/append-only/);
    const client = await api.db.pool.connect();
    try {
      await client.query('BEGIN');
      const { rows } = await client.query<{ id: string; account_id: string }>(
        `SELECT t.id, e.account_id FROM ledger_transaction t JOIN ledger_entry e ON e.transaction_id = t.id WHERE t.programme_id = $1 LIMIT 1`,
        [world.programmeId],
      );
      await client.query(
        `INSERT INTO ledger_entry (programme_id, prime_contract_id, transaction_id, account_id, amount_pence) VALUES ($1, $2, $3, $4, 1)`,
        [world.programmeId, world.primeContractId, rows[0]!.id, rows[0]!.account_id],
      );
      await expect(client.query('COMMIT')).rejects.toThrow(/does not balance/);
    } finally {
      client.release();
    }
  });
});
