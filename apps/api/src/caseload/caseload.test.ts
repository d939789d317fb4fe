import { aReferralVia, aSupplyChain, anAllocatedReferral, step } from '../referrals/test-world';
import { call } from '../test-support/http';
import { createTestApp, type TestApp } from '../test-support/test-app';
import { CLOCK, type Clock, fixedClock, systemClock } from '../common/clock/clock';
import { encodeCursor } from '../common/paging/cursor';

interface CaseloadItem {
  referralId: string;
  status: string;
  paymentGroup: string | null;
  subcontractId: string | null;
  receivedAt: string;
  lastActivityOn: string | null;
  lastContactOn: string | null;
}
interface CaseloadPage {
  referrals: CaseloadItem[];
  nextCursor: string | null;
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const daysAgo = (days: number) =>
  new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
/** Activities cannot be dated before the referral was received: these referrals arrived a month ago. */
const receivedAMonthAgo = (referralId: string) =>
  api.db.pool.query(`UPDATE referral SET received_at = now() - interval '30 days' WHERE id = $1`, [
    referralId,
  ]);
const STATUS_ORDER = ['RECEIVED', 'ACCEPTED', 'REJECTED', 'ALLOCATED', 'ATTACHED', 'EXITED'];

/** Each sort key's value as the API orders it (migration 20261125110000): nulls as the lowest value, ties by id. */
const SORT_VALUE: Record<string, (row: CaseloadItem) => string> = {
  receivedAt: (row) => row.receivedAt,
  status: (row) => String(STATUS_ORDER.indexOf(row.status)).padStart(2, '0'),
  paymentGroup: (row) => row.paymentGroup ?? '',
  subcontract: (row) => row.subcontractId ?? '',
  lastContact: (row) => row.lastContactOn ?? '',
  lastActivity: (row) => row.lastActivityOn ?? row.receivedAt.slice(0, 10),
};

async function everyPage(token: string, query: string, limit: number): Promise<string[]> {
  const seen: string[] = [];
  let cursor: string | null = null;
  do {
    const page: { status: number; body: CaseloadPage } = await call<CaseloadPage>(
      api.baseUrl,
      'GET',
      `/caseload?${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`,
      { token },
    );
    expect(page.status).toBe(200);
    seen.push(...page.body.referrals.map((r) => r.referralId));
    cursor = page.body.nextCursor;
  } while (cursor);
  return seen;
}

let api: TestApp;
beforeAll(async () => {
  api = await createTestApp();
});
afterAll(async () => {
  await api.close();
});

describe('caseload', () => {
  it('pages stably with a keyset cursor, each party seeing only its slice', async () => {
    const world = await aSupplyChain(api.baseUrl, api.db.pool);
    const other = await aSupplyChain(api.baseUrl, api.db.pool);
    await aReferralVia(api.baseUrl, other);
    const made = [];
    for (let i = 0; i < 5; i += 1) made.push(await aReferralVia(api.baseUrl, world));
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { status: number; body: CaseloadPage } = await call<CaseloadPage>(
        api.baseUrl,
        'GET',
        `/caseload?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        { token: world.prime.token },
      );
      expect(page.status).toBe(200);
      seen.push(...page.body.referrals.map((r) => r.referralId));
      cursor = page.body.nextCursor;
      if (seen.length === 2) await aReferralVia(api.baseUrl, world); // a newer referral arriving mid-paging does not shift later pages
    } while (cursor);
    expect(seen).toEqual(made.map((r) => r.id).reverse());
    const partner = await call(api.baseUrl, 'GET', '/caseload?sort=receivedAt&limit=200', {
      token: world.partner.token,
    });
    expect(partner.body.referrals[0].referralId).toBe(made[0]!.id);
    expect(partner.body.referrals).toHaveLength(6);
    const bad = await call(api.baseUrl, 'GET', '/caseload?cursor=garbage&limit=0', {
      token: world.prime.token,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(['query.limit']);
  });

  it('counts days since last activity, and the inactivity filter, from the API clock’s day, not the database’s', async () => {
    const world = await aSupplyChain(api.baseUrl, api.db.pool);
    const referral = await aReferralVia(api.baseUrl, world);
    await api.db.pool.query(
      `UPDATE referral SET received_at = '2030-12-01T09:00:00Z', last_activity_on = '2031-01-01' WHERE id = $1`,
      [referral.id],
    );
    const clock = api.app.get<Clock>(CLOCK);
    Object.assign(clock, fixedClock('2031-01-31'));
    try {
      const get = async (query: string) =>
        (await call(api.baseUrl, 'GET', `/caseload?${query}`, { token: world.prime.token })).body
          .referrals as { referralId: string; daysSinceLastActivity: number }[];

      expect(await get('limit=10')).toEqual([
        expect.objectContaining({ referralId: referral.id, daysSinceLastActivity: 30 }),
      ]);
      expect((await get('inactiveDays=30')).map((r) => r.referralId)).toEqual([referral.id]);
      expect(await get('inactiveDays=31')).toEqual([]);
    } finally {
      Object.assign(clock, systemClock);
    }
  });

  it('filters by status, subcontract, payment group, inactivity and participant reference', async () => {
    const world = await aSupplyChain(api.baseUrl, api.db.pool);
    const allocated = await anAllocatedReferral(api.baseUrl, world, { subcontractIndex: 1 });
    await call(api.baseUrl, 'POST', `/referrals/${allocated.id}/needs-assessments`, {
      token: world.prime.token,
      body: { barriers: [{ type: 'HEALTH', severity: 3 }] },
    });
    const waiting = await aReferralVia(api.baseUrl, world);
    await api.db.pool.query(
      `UPDATE referral SET received_at = now() - interval '40 days' WHERE id = $1`,
      [waiting.id],
    );
    const get = async (query: string, token = world.prime.token) =>
      (await call(api.baseUrl, 'GET', `/caseload?${query}`, { token })).body.referrals.map(
        (r: { referralId: string }) => r.referralId,
      );
    expect(await get('status=ALLOCATED')).toEqual([allocated.id]);
    expect(await get(`subcontractId=${world.subcontracts[1]!.id}`)).toEqual([allocated.id]);
    expect(await get('paymentGroup=D')).toEqual([allocated.id]);
    expect(await get('inactiveDays=30')).toEqual([waiting.id]);
    expect(
      await get(`search=${waiting.participant.reference.slice(0, 6).toLowerCase()}`),
    ).toContain(waiting.id);
    expect(await get('status=ALLOCATED', world.subcontractors[1]!.token)).toEqual([allocated.id]);
    expect(await get('', world.subcontractors[0]!.token)).toEqual([]);
  });

  it('sorts by state, payment group, subcontract, last contact and last activity, both ways, paging stably across pages', async () => {
    const world = await aSupplyChain(api.baseUrl, api.db.pool);
    const sub = world.subcontractors;
    const assessed = await anAllocatedReferral(api.baseUrl, world, { subcontractIndex: 0 });
    await receivedAMonthAgo(assessed.id);
    await call(api.baseUrl, 'POST', `/referrals/${assessed.id}/needs-assessments`, {
      token: world.prime.token,
      body: { barriers: [{ type: 'HEALTH', severity: 3 }] },
    });
    await call(api.baseUrl, 'POST', `/referrals/${assessed.id}/activities`, {
      token: sub[0]!.token,
      body: { kind: 'CONTACT', occurredOn: daysAgo(9) },
    });
    await call(api.baseUrl, 'POST', `/referrals/${assessed.id}/activities`, {
      token: sub[0]!.token,
      body: { kind: 'APPOINTMENT', occurredOn: daysAgo(2) },
    });
    const contacted = await anAllocatedReferral(api.baseUrl, world, { subcontractIndex: 1 });
    await receivedAMonthAgo(contacted.id);
    await call(api.baseUrl, 'POST', `/referrals/${contacted.id}/activities`, {
      token: sub[1]!.token,
      body: { kind: 'CONTACT', occurredOn: daysAgo(20) },
    });
    await anAllocatedReferral(api.baseUrl, world, { subcontractIndex: 0 });
    await anAllocatedReferral(api.baseUrl, world, { subcontractIndex: 1 });
    const waiting = await aReferralVia(api.baseUrl, world);
    await api.db.pool.query(
      `UPDATE referral SET received_at = now() - interval '40 days' WHERE id = $1`,
      [waiting.id],
    );
    const accepted = await aReferralVia(api.baseUrl, world);
    await step(api.baseUrl, world.prime.token, accepted.id, 'accept', accepted.version);
    await aReferralVia(api.baseUrl, world);

    const all = (
      await call<CaseloadPage>(api.baseUrl, 'GET', '/caseload?limit=200', {
        token: world.prime.token,
      })
    ).body.referrals;
    expect(all).toHaveLength(7);
    expect(all.find((r) => r.referralId === assessed.id)).toMatchObject({
      paymentGroup: 'D',
      lastContactOn: daysAgo(9),
      lastActivityOn: daysAgo(2),
    });
    for (const [key, valueOf] of Object.entries(SORT_VALUE)) {
      const ascending = [...all]
        .sort((a, b) => compare(valueOf(a), valueOf(b)) || compare(a.referralId, b.referralId))
        .map((r) => r.referralId);
      expect({ key, order: await everyPage(world.prime.token, `sort=${key}`, 2) }).toEqual({
        key,
        order: ascending,
      });
      expect({ key, order: await everyPage(world.prime.token, `sort=-${key}`, 3) }).toEqual({
        key,
        order: [...ascending].reverse(),
      });
    }
    // A subcontractor's slice is sorted the same way, by its own indexes.
    const own = await everyPage(sub[0]!.token, 'sort=lastActivity', 1);
    expect(own[0]).toBe(assessed.id);
    expect(own).toHaveLength(2);
  });

  it('refuses a cursor issued for another sort, or tampered with, as a 400', async () => {
    const world = await aSupplyChain(api.baseUrl, api.db.pool);
    for (let i = 0; i < 3; i += 1) await aReferralVia(api.baseUrl, world);
    const first = await call<CaseloadPage>(api.baseUrl, 'GET', '/caseload?sort=status&limit=1', {
      token: world.prime.token,
    });
    const other = await call(
      api.baseUrl,
      'GET',
      `/caseload?sort=lastContact&limit=1&cursor=${first.body.nextCursor}`,
      { token: world.prime.token },
    );
    expect(other.status).toBe(400);
    expect(other.body.errors).toEqual([
      { field: 'query.cursor', message: 'is not a cursor this API issued for this sort' },
    ]);
    const forged = encodeCursor(['lastContact', '2026-13-45', first.body.referrals[0]!.referralId]);
    expect(
      (
        await call(api.baseUrl, 'GET', `/caseload?sort=lastContact&cursor=${forged}`, {
          token: world.prime.token,
        })
      ).status,
    ).toBe(400);
    expect(
      (await call(api.baseUrl, 'GET', '/caseload?sort=days', { token: world.prime.token })).status,
    ).toBe(400);
  });

  it('keeps last contact, last activity and payment group current as activities and assessments change', async () => {
    const world = await aSupplyChain(api.baseUrl, api.db.pool);
    const referral = await anAllocatedReferral(api.baseUrl, world, { subcontractIndex: 0 });
    await receivedAMonthAgo(referral.id);
    const row = async () =>
      (
        await api.db.pool.query(
          'SELECT payment_group_code, last_activity_on::text, last_contact_on::text FROM referral WHERE id = $1',
          [referral.id],
        )
      ).rows[0];
    expect(await row()).toEqual({
      payment_group_code: null,
      last_activity_on: null,
      last_contact_on: null,
    });
    await call(api.baseUrl, 'POST', `/referrals/${referral.id}/activities`, {
      token: world.subcontractors[0]!.token,
      body: { kind: 'CONTACT', occurredOn: daysAgo(5) },
    });
    await call(api.baseUrl, 'POST', `/referrals/${referral.id}/activities`, {
      token: world.subcontractors[0]!.token,
      body: { kind: 'TRAINING', occurredOn: daysAgo(1) },
    });
    await call(api.baseUrl, 'POST', `/referrals/${referral.id}/needs-assessments`, {
      token: world.prime.token,
      body: { barriers: [{ type: 'HEALTH', severity: 3 }] },
    });
    expect(await row()).toEqual({
      payment_group_code: 'D',
      last_activity_on: daysAgo(1),
      last_contact_on: daysAgo(5),
    });
    await api.db.pool.query(`DELETE FROM activity WHERE referral_id = $1 AND kind = 'TRAINING'`, [
      referral.id,
    ]);
    expect(await row()).toMatchObject({
      last_activity_on: daysAgo(5),
      last_contact_on: daysAgo(5),
    });
    // A later referral of the same, already assessed, person starts with the payment group.
    const { rows } = await api.db.pool.query(
      `INSERT INTO referral (programme_id, prime_contract_id, referral_partner_id, participant_id, status)
       SELECT programme_id, prime_contract_id, referral_partner_id, participant_id, 'REJECTED' FROM referral WHERE id = $1 RETURNING payment_group_code`,
      [referral.id],
    );
    expect(
      (
        await api.db.pool.query(
          'SELECT payment_group_code FROM referral WHERE participant_id = (SELECT participant_id FROM referral WHERE id = $1)',
          [referral.id],
        )
      ).rows,
    ).toEqual([{ payment_group_code: 'D' }, { payment_group_code: 'D' }]);
    expect(rows).toHaveLength(1);
  });

  it('exports CSV with spreadsheet formulas neutralised', async () => {
    const world = await aSupplyChain(api.baseUrl, api.db.pool);
    const referral = await aReferralVia(api.baseUrl, world);
    await api.db.pool.query(
      `UPDATE participant SET reference = '=HYPERLINK("http://evil")' WHERE id = (SELECT participant_id FROM referral WHERE id = $1)`,
      [referral.id],
    );
    const response = await fetch(`${api.baseUrl}/caseload/export`, {
      headers: { authorization: `Bearer ${world.prime.token}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/csv');
    const text = await response.text();
    expect(text.split('\n')[0]).toBe(
      'referralId,participantReference,status,paymentGroup,paymentGroupName,primeContractId,subcontractId,receivedAt,lastActivityOn,lastContactOn,daysSinceLastActivity',
    );
    expect(text).toContain(`"'=HYPERLINK(""http://evil"")"`);
  });
});

describe('the caseload counted and paged by number', () => {
  it('counts the whole filter on every page and pages by number in the chosen sort', async () => {
    const world = await aSupplyChain(api.baseUrl, api.db.pool);
    for (let i = 0; i < 5; i += 1) await aReferralVia(api.baseUrl, world);
    const token = world.prime.token;
    const whole = await everyPage(token, 'sort=status', 200);
    const pages = [];
    for (const page of [1, 2, 3]) {
      const answer = await call<CaseloadPage & { total: number; isTotalCapped: boolean }>(
        api.baseUrl,
        'GET',
        `/caseload?sort=status&limit=2&page=${page}`,
        { token },
      );
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ total: 5, isTotalCapped: false });
      pages.push(...answer.body.referrals.map((r) => r.referralId));
    }
    expect(pages).toEqual(whole);
    const filtered = await call(api.baseUrl, 'GET', '/caseload?status=ALLOCATED', { token });
    expect(filtered.body).toMatchObject({ referrals: [], total: 0, isTotalCapped: false });
    const first = await call<CaseloadPage>(api.baseUrl, 'GET', '/caseload?limit=1', { token });
    const both = await call(
      api.baseUrl,
      'GET',
      `/caseload?limit=1&page=2&cursor=${first.body.nextCursor}`,
      { token },
    );
    expect(both.status).toBe(400);
    expect(both.body.errors).toEqual([expect.objectContaining({ field: 'query.page' })]);
  });
});

describe('the caseload count at its cap', () => {
  let capped: TestApp;
  beforeAll(async () => {
    capped = await createTestApp({ listCountCap: 3 });
  });
  afterAll(async () => {
    await capped.close();
  });

  it('stops counting at the cap, says so, and pages no further than the count', async () => {
    const world = await aSupplyChain(capped.baseUrl, capped.db.pool);
    for (let i = 0; i < 4; i += 1) await aReferralVia(capped.baseUrl, world);
    const accepted = await aReferralVia(capped.baseUrl, world);
    const token = world.prime.token;
    await step(capped.baseUrl, token, accepted.id, 'accept', accepted.version);
    const get = (query: string) => call(capped.baseUrl, 'GET', `/caseload?${query}`, { token });
    expect((await get('limit=2')).body).toMatchObject({ total: 3, isTotalCapped: true });
    expect((await get('limit=2&page=2')).body.referrals).toHaveLength(2);
    const beyond = await get('limit=2&page=3');
    expect(beyond.status).toBe(400);
    expect(beyond.body.errors).toEqual([expect.objectContaining({ field: 'query.page' })]);
    // A filter under the cap is counted exactly.
    expect((await get('status=ACCEPTED')).body).toMatchObject({ total: 1, isTotalCapped: false });
  });
});
