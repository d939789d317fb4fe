import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { call, signIn } from '../test-support/http';
import { createTestApp, type TestApp } from '../test-support/test-app';
import { AnalyticsRefreshService } from './analytics-refresh.service';
import { anAnalyticsWorld } from './analytics.test-world';

let api: TestApp;
let world: Awaited<ReturnType<typeof anAnalyticsWorld>>;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  api = await createTestApp();
  world = await anAnalyticsWorld(api.db.pool);
  for (const [name, user] of Object.entries(world.users))
    tokens[name] = (await signIn(api.baseUrl, user.email, user.password)).accessToken;
  const refresh = await call(api.baseUrl, 'POST', '/analytics/refresh', {
    token: tokens.commissioner,
    body: { full: true },
  });
  expect(refresh.status).toBe(200);
  expect(refresh.body.refresh).toMatchObject({ mode: 'FULL', referralFacts: 5, paymentFacts: 3 });
});
afterAll(async () => {
  await api.close();
});

const get = (token: string, path: string) => call(api.baseUrl, 'GET', path, { token });
const c1 = () => world.contracts.c1;

async function raw(
  path: string,
  token: string,
): Promise<{ status: number; contentType: string; bytes: Buffer }> {
  const response = await fetch(`${api.baseUrl}${path}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return {
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    bytes: Buffer.from(await response.arrayBuffer()),
  };
}

describe('spend', () => {
  it('totals money remitted and passed down, and the share reaching the voluntary sector and small organisations', async () => {
    const res = await get(
      tokens.commissioner!,
      `/analytics/spend?primeContractId=${c1()}&by=subcontractor`,
    );
    expect(res.status).toBe(200);
    const { totals, rows } = res.body.spend;
    // Remitted 3,000.00 + 1,000.00; passed down 2,280.00 (S1) + 630.00 + 450.00 (S2).
    expect(totals).toMatchObject({
      remittedPence: '400000',
      passedDownPence: '336000',
      passedDownShareBp: 8400,
      voluntarySectorPence: '228000',
      voluntarySectorShareBp: 5700,
      smallOrganisationPence: '228000',
      smallOrganisationShareBp: 5700,
    });
    expect(totals.byTurnoverBand).toEqual([
      { turnoverBand: 'SMALL', passedDownPence: '228000', shareOfRemittedBp: 5700 },
      { turnoverBand: 'LARGE', passedDownPence: '108000', shareOfRemittedBp: 2700 },
    ]);
    const { s1, s2 } = world.organisations;
    expect(
      rows.map((r: Record<string, string>) => [
        r.month,
        r.key,
        r.remittedPence,
        r.passedDownPence,
        r.managementFeePence,
      ]),
    ).toEqual(
      expect.arrayContaining([
        ['2026-03', s1, '300000', '228000', '12000'],
        ['2026-03', s2, '100000', '0', '0'],
        ['2026-04', s2, '0', '45000', '5000'],
        ['2026-05', s2, '0', '63000', '7000'],
      ]),
    );
    expect(rows).toHaveLength(4);
  });

  it('breaks spend down by payment group and milestone type, with scheduled fees apart', async () => {
    const byGroup = await get(
      tokens.commissioner!,
      `/analytics/spend?primeContractId=${c1()}&by=paymentGroup`,
    );
    const labels = byGroup.body.spend.rows.map(
      (r: Record<string, string>) =>
        `${r.month} ${r.label} ${r.remittedPence}/${r.passedDownPence}`,
    );
    expect(labels.sort()).toEqual(
      [
        '2026-03 Closer to work 100000/0',
        '2026-03 Furthest from work 300000/228000',
        '2026-04 Scheduled fees (no claim) 0/45000',
        '2026-05 Closer to work 0/63000',
      ].sort(),
    );
    const byMilestone = await get(
      tokens.commissioner!,
      `/analytics/spend?primeContractId=${c1()}&by=milestoneType&from=2026-03&to=2026-03`,
    );
    expect(byMilestone.body.spend.rows).toEqual([
      {
        month: '2026-03',
        key: 'JOB_OUTCOME',
        label: 'Job outcome',
        remittedPence: '400000',
        passedDownPence: '228000',
        managementFeePence: '12000',
      },
    ]);
  });

  it('totals every key over the whole filter, not the page of rows in view', async () => {
    const path = `/analytics/spend?primeContractId=${c1()}&by=subcontractor`;
    const firstPage = await get(tokens.commissioner!, `${path}&limit=1`);
    expect(firstPage.body.spend.rows).toHaveLength(1);
    const { byKey, remittedPence, passedDownPence, managementFeePence } =
      firstPage.body.spend.totals;
    const { s1, s2 } = world.organisations;
    // S2's money spans three months: the first page holds one row, the totals hold all of it.
    expect(byKey).toEqual([
      {
        key: s1,
        label: expect.any(String),
        remittedPence: '300000',
        passedDownPence: '228000',
        managementFeePence: '12000',
      },
      {
        key: s2,
        label: expect.any(String),
        remittedPence: '100000',
        passedDownPence: '108000',
        managementFeePence: '12000',
      },
    ]);
    const sum = (field: string) =>
      String(
        byKey.reduce(
          (total: bigint, row: Record<string, string>) => total + BigInt(row[field]!),
          0n,
        ),
      );
    expect([sum('remittedPence'), sum('passedDownPence'), sum('managementFeePence')]).toEqual([
      remittedPence,
      passedDownPence,
      managementFeePence,
    ]);
    // And every page's rows together add up to the same per-key totals.
    const perKey = new Map<string, bigint>();
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof get>> = await get(
        tokens.commissioner!,
        `${path}&limit=1${cursor ? `&cursor=${cursor}` : ''}`,
      );
      for (const row of page.body.spend.rows as Record<string, string>[])
        perKey.set(row.key!, (perKey.get(row.key!) ?? 0n) + BigInt(row.passedDownPence!));
      cursor = page.body.spend.nextCursor;
    } while (cursor);
    expect(Object.fromEntries([...perKey].map(([key, pence]) => [key, String(pence)]))).toEqual(
      Object.fromEntries(
        byKey.map((row: Record<string, string>) => [row.key, row.passedDownPence]),
      ),
    );
  });

  it('pages rows with a keyset cursor', async () => {
    const first = await get(
      tokens.commissioner!,
      `/analytics/spend?primeContractId=${c1()}&by=subcontractor&limit=3`,
    );
    expect(first.body.spend.rows).toHaveLength(3);
    const second = await get(
      tokens.commissioner!,
      `/analytics/spend?primeContractId=${c1()}&by=subcontractor&limit=3&cursor=${first.body.spend.nextCursor}`,
    );
    expect(second.body.spend.rows).toHaveLength(1);
    expect(second.body.spend.nextCursor).toBeNull();
    const bad = await get(tokens.commissioner!, `/analytics/spend?cursor=nonsense`);
    expect(bad.status).toBe(400);
  });
});

describe('flow-down against bids', () => {
  it('compares referrals and money passed to each subcontractor with its bid commitment', async () => {
    const res = await get(tokens.commissioner!, `/analytics/flow-down?primeContractId=${c1()}`);
    expect(res.status).toBe(200);
    const bySub = Object.fromEntries(
      res.body.flowDown.rows.map((r: { subcontractorId: string }) => [r.subcontractorId, r]),
    );
    // S1: 1 of 4 referrals (25 % against 50 % promised → ratio 50 %); 2,280.00 of 4,000.00 (57 % against 50 %).
    expect(bySub[world.organisations.s1]).toMatchObject({
      referrals: 1,
      chainReferrals: 4,
      promisedReferrals: 2,
      actualReferralShareBp: 2500,
      referralRatioBp: 5000,
      passedDownPence: '228000',
      remittedPence: '400000',
      promisedSpendPence: '200000',
      actualSpendShareBp: 5700,
      spendRatioBp: 11400,
      isBelowThreshold: true,
    });
    // S2: 3 of 4 (75 % against 50 %); 1,080.00 of 4,000.00 (27 % against 30 % → 90 %).
    expect(bySub[world.organisations.s2]).toMatchObject({
      referrals: 3,
      actualReferralShareBp: 7500,
      referralRatioBp: 15000,
      passedDownPence: '108000',
      actualSpendShareBp: 2700,
      spendRatioBp: 9000,
      isBelowThreshold: false,
    });
    expect(res.body.flowDown.thresholdBp).toBe(7500);
    const trend = res.body.flowDown.trend.filter(
      (t: { subcontractorId: string }) => t.subcontractorId === world.organisations.s2,
    );
    expect(
      trend.map((t: Record<string, unknown>) => [
        t.month,
        t.referrals,
        t.chainReferrals,
        t.passedDownPence,
        t.remittedPence,
      ]),
    ).toEqual([
      ['2026-01', 3, 4, '0', '0'],
      ['2026-04', 0, 0, '45000', '0'],
      ['2026-05', 0, 0, '63000', '0'],
    ]);
    // Month by month, each month's contracts in id order and their subcontractors by name.
    const all: { month: string; primeContractId: string; subcontractorName: string }[] =
      res.body.flowDown.trend;
    const order = all.map((t) => [t.month, t.primeContractId, t.subcontractorName] as const);
    expect(order).toEqual(
      [...order].sort(
        (a, b) => a[0].localeCompare(b[0]) || a[1].localeCompare(b[1]) || a[2].localeCompare(b[2]),
      ),
    );
    expect(
      new Set(all.filter((t) => t.month === '2026-01').map((t) => t.subcontractorName)).size,
    ).toBe(2);
  });
});

describe('flow-down per month', () => {
  it('sums the slice per month (remitted once per contract), and leaves the trend rows out when asked', async () => {
    const full = await get(tokens.commissioner!, `/analytics/flow-down?primeContractId=${c1()}`);
    const lean = await get(
      tokens.commissioner!,
      `/analytics/flow-down?primeContractId=${c1()}&trend=false`,
    );
    expect([full.status, lean.status]).toEqual([200, 200]);
    const months: {
      month: string;
      referrals: number;
      passedDownPence: string;
      remittedPence: string;
    }[] = full.body.flowDown.months;
    expect(months.map((m) => m.month)).toEqual([...months.map((m) => m.month)].sort());
    // The months add up to the summary rows: 4 referrals, 2,280.00 + 1,080.00 passed down, 4,000.00 paid to the prime.
    expect(months.reduce((sum, m) => sum + m.referrals, 0)).toBe(4);
    expect(months.reduce((sum, m) => sum + BigInt(m.passedDownPence), 0n)).toBe(336000n);
    expect(months.reduce((sum, m) => sum + BigInt(m.remittedPence), 0n)).toBe(400000n);
    expect(months.find((m) => m.month === '2026-01')).toMatchObject({ referrals: 4 });
    expect(full.body.flowDown.trend.length).toBeGreaterThan(0);
    expect(lean.body.flowDown.trend).toEqual([]);
    expect(lean.body.flowDown.months).toEqual(months);
    expect(lean.body.flowDown.rows).toEqual(full.body.flowDown.rows);
  });

  it('gives the same rows and months without the trend (summed in the database) as with it, for every filter', async () => {
    const { s1, s2, s3 } = world.organisations;
    const filters = [
      `primeContractId=${c1()}`,
      '',
      `subcontractorId=${s1}`,
      `subcontractorId=${s2}`,
      `subcontractorId=${s3}`,
      'from=2026-02&to=2026-12',
      'from=2025-01&to=2026-01',
    ];
    const asked = [
      ...filters.map((filter) => ({ token: tokens.commissioner!, filter })),
      ...filters.map((filter) => ({ token: tokens.prime!, filter })),
    ];
    let answered = 0;
    {
      for (const { token, filter } of asked) {
        const [full, lean] = await Promise.all([
          get(token, `/analytics/flow-down?trend=true&${filter}`),
          get(token, `/analytics/flow-down?trend=false&${filter}`),
        ]);
        // A subcontractor outside the caller's chains (s3, for the prime) is a 404 both ways.
        expect([filter, lean.status]).toEqual([filter, full.status]);
        if (full.status !== 200) continue;
        answered++;
        expect([filter, lean.body.flowDown.rows]).toEqual([filter, full.body.flowDown.rows]);
        expect([filter, lean.body.flowDown.months]).toEqual([filter, full.body.flowDown.months]);
        // The months agree with the trend's own lines summed per month (referrals and money passed down).
        const fromTrend = new Map<string, { referrals: number; passedDownPence: bigint }>();
        for (const line of full.body.flowDown.trend as {
          month: string;
          referrals: number;
          passedDownPence: string;
        }[]) {
          const month = fromTrend.get(line.month) ?? { referrals: 0, passedDownPence: 0n };
          month.referrals += line.referrals;
          month.passedDownPence += BigInt(line.passedDownPence);
          fromTrend.set(line.month, month);
        }
        for (const month of full.body.flowDown.months as {
          month: string;
          referrals: number;
          passedDownPence: string;
        }[])
          expect([filter, month.month, month.referrals, BigInt(month.passedDownPence)]).toEqual([
            filter,
            month.month,
            fromTrend.get(month.month)?.referrals ?? 0,
            fromTrend.get(month.month)?.passedDownPence ?? 0n,
          ]);
      }
      expect(answered).toBeGreaterThanOrEqual(asked.length - 1);
    }
  });
});

describe('flow-down money summary', () => {
  // Flow-down reads analytics_flow_money_month, a coarser copy of analytics_money_month the refresh
  // rebuilds. Whatever kind of refresh ran, the two must hold the same money per contract, month,
  // flow and subcontract: a refresh that skipped the summary, or added to it without clearing, fails.
  const moneyBy = async (table: string) =>
    (
      await api.db.pool.query<{ key: string; pence: string }>(
        `SELECT concat_ws('|', prime_contract_id, month, flow, subcontract_id) AS key, sum(amount_pence)::text AS pence
         FROM ${table} GROUP BY 1 ORDER BY 1`,
      )
    ).rows;

  it('holds the same money as the money months after a full, an incremental and a one-contract refresh', async () => {
    const refresher = api.app.get(AnalyticsRefreshService);
    const detailed = await moneyBy('analytics_money_month');
    expect(detailed.length).toBeGreaterThan(0);
    expect(await moneyBy('analytics_flow_money_month')).toEqual(detailed);
    for (const refresh of [() => refresher.refresh(), () => refresher.refreshPrimeContract(c1())]) {
      await refresh();
      expect(await moneyBy('analytics_money_month')).toEqual(detailed);
      expect(await moneyBy('analytics_flow_money_month')).toEqual(detailed);
    }
    // A full refresh writes one summary row per key.
    expect((await refresher.refresh({ full: true })).flowMoneyMonths).toBe(detailed.length);
    expect(await moneyBy('analytics_flow_money_month')).toEqual(detailed);
  });
});

describe('payment timeliness', () => {
  it('measures days from the prime being paid to the subcontractor being paid against each SLA', async () => {
    const res = await get(
      tokens.commissioner!,
      `/analytics/payment-timeliness?primeContractId=${c1()}`,
    );
    expect(res.status).toBe(200);
    const bySub = Object.fromEntries(
      res.body.timeliness.rows.map((r: { subcontractId: string }) => [r.subcontractId, r]),
    );
    expect(bySub[world.subcontracts.sc1]).toMatchObject({
      slaDays: 14,
      payments: 1,
      paidPayments: 1,
      latePayments: 0,
      lateShareBp: 0,
      medianDaysToPay: 8,
      maxDaysToPay: 8,
    });
    // 50 days (claim money received 12 March, paid 1 May) and 25 days (a scheduled fee) against 30.
    expect(bySub[world.subcontracts.sc2]).toMatchObject({
      slaDays: 30,
      payments: 2,
      latePayments: 1,
      lateShareBp: 5000,
      medianDaysToPay: 25,
      p90DaysToPay: 50,
      maxDaysToPay: 50,
    });
    const buckets = Object.fromEntries(
      res.body.timeliness.distribution.map((b: { bucket: string; payments: number }) => [
        b.bucket,
        b.payments,
      ]),
    );
    expect(buckets).toMatchObject({ '8-14': 1, '22-30': 1, '46-60': 1, unpaid: 0 });
  });

  it('shows a subcontractor its own payments only', async () => {
    const res = await get(tokens.s1!, `/analytics/payment-timeliness`);
    expect(res.status).toBe(200);
    expect(res.body.timeliness.rows.map((r: { subcontractId: string }) => r.subcontractId)).toEqual(
      [world.subcontracts.sc1],
    );
    expect(
      (
        await get(
          tokens.s1!,
          `/analytics/payment-timeliness?subcontractorId=${world.organisations.s2}`,
        )
      ).status,
    ).toBe(404);
  });
});

describe('creaming and parking', () => {
  it('reports contact, inactivity, exits without outcome and outcome rates per payment group and provider', async () => {
    const res = await get(
      tokens.commissioner!,
      `/analytics/parking?primeContractId=${c1()}&inactiveDays=30`,
    );
    expect(res.status).toBe(200);
    const [easy, hard] = [
      res.body.parking.rows.find(
        (r: { paymentGroupCode: string }) => r.paymentGroupCode === 'EASY',
      ),
      res.body.parking.rows.find(
        (r: { paymentGroupCode: string }) => r.paymentGroupCode === 'HARD',
      ),
    ];
    expect(hard).toMatchObject({
      providerId: world.organisations.s1,
      providerName: expect.stringMatching(/^SUBCONTRACTOR/),
      isPrimeDelivered: false,
      paymentGroupName: 'Furthest from work',
      jobOutcomeTariffPence: '300000',
      referrals: 1,
      attached: 1,
      medianDaysToFirstContact: 3,
      openCaseload: 1,
      inactive: 0,
      jobOutcomes: 1,
      outcomeRateBp: 10000,
    });
    // S2's three: first contacts after 1, 2 and 0 days; R2 untouched since January; R3 exited with nothing; R4 in work.
    expect(easy).toMatchObject({
      providerId: world.organisations.s2,
      jobOutcomeTariffPence: '100000',
      referrals: 3,
      attached: 3,
      contacted: 3,
      medianDaysToFirstContact: 1,
      openCaseload: 2,
      inactive: 1,
      inactiveShareBp: 5000,
      exited: 1,
      exitedWithoutOutcome: 1,
      exitedWithoutOutcomeShareBp: 10000,
      jobOutcomes: 1,
      outcomeRateBp: 3333,
      groupOutcomeRateBp: 3333,
      outcomeRateGapBp: 0,
    });
  });
});

describe('minimum performance levels', () => {
  it('compares each attachment cohort’s job-outcome rate with the contract minimum', async () => {
    const res = await get(tokens.prime!, `/analytics/performance?primeContractId=${c1()}`);
    expect(res.status).toBe(200);
    expect(res.body.performance.rows).toEqual([
      expect.objectContaining({
        primeContractId: c1(),
        cohortMonth: '2026-01',
        attached: 4,
        jobOutcomes: 2,
        outcomeRateBp: 5000,
        minimumPerformanceLevelBp: 3000,
        meetsMinimum: true,
        outcomesShort: 0,
      }),
    ]);
  });
});

describe('scoping', () => {
  it('shows a prime its own chain only, and another commissioner nothing', async () => {
    const prime = await get(tokens.prime!, `/analytics/flow-down?programmeId=${world.programmeId}`);
    expect(prime.status).toBe(200);
    expect(
      new Set(prime.body.flowDown.rows.map((r: { primeContractId: string }) => r.primeContractId)),
    ).toEqual(new Set([c1()]));
    const otherPrime = await get(
      tokens.otherPrime!,
      `/analytics/flow-down?programmeId=${world.programmeId}`,
    );
    expect(
      otherPrime.body.flowDown.rows.map((r: { subcontractorId: string }) => r.subcontractorId),
    ).toEqual([world.organisations.s3]);
    expect((await get(tokens.otherPrime!, `/analytics/spend?primeContractId=${c1()}`)).status).toBe(
      404,
    );
    const commissioner = await get(
      tokens.commissioner!,
      `/analytics/flow-down?programmeId=${world.programmeId}`,
    );
    expect(commissioner.body.flowDown.rows).toHaveLength(3);
    for (const path of ['spend', 'flow-down', 'payment-timeliness', 'parking', 'performance']) {
      const other = await get(
        tokens.otherCommissioner!,
        `/analytics/${path}?programmeId=${world.programmeId}`,
      );
      expect(other.status).toBe(404);
      expect(other.body.code).toBe('NOT_FOUND');
    }
    const unfiltered = await get(tokens.otherCommissioner!, '/analytics/spend');
    expect(unfiltered.body.spend.totals.remittedPence).toBe('0');
    expect((await get(tokens.s1!, `/analytics/flow-down`)).status).toBe(403);
  });
});

describe('exports', () => {
  it('exports each dashboard as CSV and XLSX that parse back to the same rows', async () => {
    const cases = [
      [
        'spend',
        `/analytics/spend?primeContractId=${c1()}&by=subcontractor`,
        (b: any) => b.spend.rows,
      ],
      ['flow-down', `/analytics/flow-down?primeContractId=${c1()}`, (b: any) => b.flowDown.rows],
      [
        'payment-timeliness',
        `/analytics/payment-timeliness?primeContractId=${c1()}`,
        (b: any) => b.timeliness.rows,
      ],
      ['parking', `/analytics/parking?primeContractId=${c1()}`, (b: any) => b.parking.rows],
      [
        'performance',
        `/analytics/performance?primeContractId=${c1()}`,
        (b: any) => b.performance.rows,
      ],
    ] as const;
    for (const [, path, rowsOf] of cases) {
      const json = rowsOf((await get(tokens.commissioner!, path)).body) as Record<
        string,
        unknown
      >[];
      const expected = json.map((row) =>
        Object.fromEntries(Object.entries(row).map(([k, v]) => [k, cellString(v)])),
      );

      const csv = await raw(`${path}&format=csv`, tokens.commissioner!);
      expect(csv.status).toBe(200);
      expect(csv.contentType).toContain('text/csv');
      const parsed: Record<string, string>[] = parse(csv.bytes.toString('utf8'), { columns: true });
      const jsonFields = (header: string[]) => header.filter((h) => !/(Pounds|Percent)$/.test(h));
      expect(parsed.map((row) => pick(row, jsonFields(Object.keys(row))))).toEqual(
        expected.map((row) => pick(row, jsonFields(Object.keys(parsed[0] ?? {})))),
      );

      const xlsx = await raw(`${path}&format=xlsx`, tokens.commissioner!);
      expect(xlsx.contentType).toContain('spreadsheetml');
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(xlsx.bytes as never);
      const sheet = workbook.worksheets[0]!;
      const header = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
      const rows: Record<string, string>[] = [];
      sheet.eachRow((row, n) => {
        if (n === 1) return;
        const values = (row.values as unknown[]).slice(1);
        rows.push(
          Object.fromEntries(
            jsonFields(header).map((h) => [h, cellString(values[header.indexOf(h)])]),
          ),
        );
      });
      expect(rows).toEqual(expected.map((row) => pick(row, jsonFields(header))));
    }
  });

  it('puts pounds beside pence for auditors: numeric XLSX cells in a £ format, a pounds column in CSV', async () => {
    const path = `/analytics/spend?primeContractId=${c1()}&by=subcontractor`;
    const csv: Record<string, string>[] = parse(
      (await raw(`${path}&format=csv`, tokens.commissioner!)).bytes.toString('utf8'),
      { columns: true },
    );
    const header = Object.keys(csv[0] ?? {});
    expect(header.indexOf('passedDownPounds')).toBe(header.indexOf('passedDownPence') + 1);
    const s1March = csv.find(
      (row) => row.key === world.organisations.s1 && row.month === '2026-03',
    );
    expect(s1March).toMatchObject({
      passedDownPence: '228000',
      passedDownPounds: '2280.00',
      remittedPounds: '3000.00',
    });

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(
      (await raw(`${path}&format=xlsx`, tokens.commissioner!)).bytes as never,
    );
    const sheet = workbook.worksheets[0]!;
    const names = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
    let moneyCells = 0;
    sheet.eachRow((row, n) => {
      if (n === 1) return;
      for (const name of names.filter((h) => h.endsWith('Pounds'))) {
        const cell = row.getCell(names.indexOf(name) + 1);
        expect(typeof cell.value).toBe('number');
        expect(cell.numFmt).toContain('£');
        moneyCells += 1;
      }
    });
    expect(moneyCells).toBeGreaterThan(0);
    const rows: Record<string, unknown>[] = [];
    sheet.eachRow((row, n) => {
      if (n > 1) rows.push(Object.fromEntries(names.map((h, i) => [h, row.getCell(i + 1).value])));
    });
    expect(
      rows.find((row) => row.key === world.organisations.s1 && row.month === '2026-03'),
    ).toMatchObject({ passedDownPounds: 2280, passedDownPence: 228000 });
  });

  it('neutralises cells a spreadsheet would run as a formula', async () => {
    await api.db.pool.query(
      `UPDATE organisation SET name = '=HYPERLINK("http://evil")' WHERE id = $1`,
      [world.organisations.s2],
    );
    const csv = await raw(
      `/analytics/flow-down?primeContractId=${c1()}&format=csv`,
      tokens.commissioner!,
    );
    expect(csv.bytes.toString('utf8')).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(csv.bytes.toString('utf8')).not.toMatch(/,=HYPERLINK/);
  });
});

describe('payment trace', () => {
  it('traces a remittance back to its claims, approvals, evidence, ledger and audit events', async () => {
    const res = await get(
      tokens.commissioner!,
      `/analytics/trace/remittances/${world.remittanceId}`,
    );
    expect(res.status).toBe(200);
    const { trace } = res.body;
    expect(trace).toMatchObject({
      kind: 'REMITTANCE',
      totalPence: '400000',
      paidOn: '2026-03-12',
      isTruncated: false,
    });
    expect(trace.claims.map((c: { id: string }) => c.id).sort()).toEqual(
      [world.claims.claim1, world.claims.claim4].sort(),
    );
    const claim1 = trace.claims.find((c: { id: string }) => c.id === world.claims.claim1);
    expect(claim1.transitions.map((t: { toStatus: string }) => t.toStatus)).toEqual([
      'DRAFT',
      'SUBMITTED',
      'PRIME_APPROVED',
      'SUBMITTED_TO_COMMISSIONER',
      'APPROVED',
      'PAID',
    ]);
    expect(claim1.evidence).toEqual([
      expect.objectContaining({ id: world.evidenceId, filename: 'payslip.pdf' }),
    ]);
    expect(claim1).toMatchObject({
      milestoneCode: 'JOB_OUTCOME',
      linePence: '300000',
      remittedOn: '2026-03-12',
    });
  });

  it('traces a subcontractor payment to the claims and remittance that funded it; outside the slice is 404', async () => {
    const res = await get(
      tokens.s1!,
      `/analytics/trace/subcontractor-payments/${world.payments.sp1}`,
    );
    expect(res.status).toBe(200);
    expect(res.body.trace).toMatchObject({
      kind: 'SUBCONTRACTOR_PAYMENT',
      subcontractId: world.subcontracts.sc1,
      totalPence: '228000',
    });
    expect(res.body.trace.claims).toEqual([
      expect.objectContaining({
        id: world.claims.claim1,
        linePence: '228000',
        remittedOn: '2026-03-12',
      }),
    ]);
    const fee = await get(
      tokens.commissioner!,
      `/analytics/trace/subcontractor-payments/${world.payments.sp3}`,
    );
    expect(fee.body.trace.scheduledFees).toEqual([
      {
        description: 'service fee 2026-04',
        grossPence: '50000',
        managementFeePence: '5000',
        amountPence: '45000',
      },
    ]);
    expect(
      (await get(tokens.s1!, `/analytics/trace/subcontractor-payments/${world.payments.sp2}`))
        .status,
    ).toBe(404);
    expect(
      (await get(tokens.otherCommissioner!, `/analytics/trace/remittances/${world.remittanceId}`))
        .status,
    ).toBe(404);
  });
});

function pick(row: Record<string, string>, keys: string[]): Record<string, string> {
  return Object.fromEntries(keys.map((k) => [k, row[k] ?? '']));
}

function cellString(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    return String(value);
  return JSON.stringify(value);
}
