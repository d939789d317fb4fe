import { parse } from 'csv-parse/sync';
import { CLOCK, fixedClock, systemClock } from '../common/clock/clock';
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

describe('subcontractor statements', () => {
  it('shows claimed, approved, entitled, received, owed and overdue, with CSV totals that are the column sums and owed = entitled − received', async () => {
    const world = await aMoneyWorld(api.baseUrl, api.db.pool);
    const sub = await aSubcontract(world, {
      termsKind: 'PBR_SHARE',
      terms: { shareBasisPoints: 7000 },
      managementFeeBp: 1000,
      paymentSlaDays: 30,
    });
    await anApprovedClaim(world, { subcontractId: sub.id, decidedOn: '2024-03-05' });
    await anApprovedClaim(world, { subcontractId: sub.id, decidedOn: '2024-03-06' });
    await remitAndPay(world, MARCH_REMITTANCE);
    await passDownAndPay(world, sub.id, {
      periodStart: '2024-04-01',
      periodEnd: '2024-04-30',
      paidOn: '2024-04-20',
    });
    await anApprovedClaim(world, { subcontractId: sub.id, decidedOn: '2024-03-20' }); // approved after the remittance: owed nothing yet
    await anApprovedClaim(world, {
      subcontractId: sub.id,
      decidedOn: '2024-03-21',
      status: 'SUBMITTED',
    });
    const remitted = await anApprovedClaim(world, {
      subcontractId: sub.id,
      decidedOn: '2024-03-22',
    });
    await api.db.pool.query(`UPDATE claim SET decided_at = '2024-04-02T12:00:00Z' WHERE id = $1`, [
      remitted,
    ]);
    await remitAndPay(world, {
      periodStart: '2024-04-01',
      periodEnd: '2024-04-30',
      paidOn: '2024-04-10',
    }); // not passed down: overdue after 2024-05-10

    const json = await call(
      api.baseUrl,
      'GET',
      `/statements/subcontracts/${sub.id}?periodStart=2024-03-01&periodEnd=2024-03-31`,
      { token: sub.subcontractor.token },
    );
    expect(json.status).toBe(200);
    expect(json.body.statement.totals).toEqual({
      claimedPence: '600000',
      approvedPence: '480000',
      entitledPence: '226800',
      receivedPence: '151200',
      owedPence: '75600',
      overduePence: '75600',
    });
    // Overdue is judged on the injected clock: on 2024-05-10 the last remittance's share is owed but not yet overdue.
    const clock = api.app.get(CLOCK);
    try {
      Object.assign(clock, fixedClock('2024-05-10'));
      const before = await call(
        api.baseUrl,
        'GET',
        `/statements/subcontracts/${sub.id}?periodStart=2024-03-01&periodEnd=2024-03-31`,
        { token: sub.subcontractor.token },
      );
      expect(before.body.statement.totals).toMatchObject({ owedPence: '75600', overduePence: '0' });
    } finally {
      Object.assign(clock, systemClock);
    }

    const response = await fetch(
      `${api.baseUrl}/statements/subcontracts/${sub.id}/csv?periodStart=2024-03-01&periodEnd=2024-03-31`,
      { headers: { authorization: `Bearer ${sub.subcontractor.token}` } },
    );
    expect(response.headers.get('content-type')).toContain('text/csv');
    const rows = parse<Record<string, string>>(await response.text(), { columns: true });
    const total = rows.find((r) => r.kind === 'TOTAL')!;
    const lines = rows.filter((r) => r.kind !== 'TOTAL');
    expect(lines).toHaveLength(5);
    for (const column of [
      'claimed_pence',
      'approved_pence',
      'entitled_pence',
      'received_pence',
      'owed_pence',
      'overdue_pence',
    ]) {
      expect(total[column]).toBe(
        String(lines.reduce((sum, row) => sum + BigInt(row[column]!), 0n)),
      );
    }
    expect(BigInt(total.owed_pence!)).toBe(
      BigInt(total.entitled_pence!) - BigInt(total.received_pence!),
    );
    // Pounds beside each pence column, for auditors: an exact decimal of the same figure.
    expect(Object.keys(total).slice(5, 9)).toEqual([
      'claimed_pence',
      'claimed_pounds',
      'approved_pence',
      'approved_pounds',
    ]);
    expect(total).toMatchObject({ entitled_pounds: '2268.00', owed_pounds: '756.00' });
    for (const row of rows)
      for (const column of Object.keys(row).filter((name) => name.endsWith('_pence')))
        expect(Math.round(Number(row[column.replace(/_pence$/, '_pounds')]) * 100)).toBe(
          Number(row[column]),
        );

    const pdf = await fetch(
      `${api.baseUrl}/statements/subcontracts/${sub.id}/pdf?periodStart=2024-03-01&periodEnd=2024-03-31`,
      { headers: { authorization: `Bearer ${sub.subcontractor.token}` } },
    );
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');

    const other = await aSubcontract(world, {
      termsKind: 'PBR_SHARE',
      terms: { shareBasisPoints: 7000 },
    });
    expect(
      (
        await call(
          api.baseUrl,
          'GET',
          `/statements/subcontracts/${sub.id}?periodStart=2024-03-01&periodEnd=2024-03-31`,
          { token: other.subcontractor.token },
        )
      ).status,
    ).toBe(404);
    expect(
      (
        await call(
          api.baseUrl,
          'GET',
          `/statements/subcontracts/${sub.id}?periodStart=2024-03-01&periodEnd=2024-03-31`,
          { token: world.commissioner.token },
        )
      ).status,
    ).toBe(404);
  });
});
