import { addDays } from '@waymark/domain';
import {
  aClaimAt,
  aClaimsWorld,
  type ClaimsWorld,
  moveClaim,
  today,
} from '../claims/claims.test-world';
import { call } from '../test-support/http';
import { createTestApp, type TestApp } from '../test-support/test-app';

let api: TestApp;
let world: ClaimsWorld;
beforeAll(async () => {
  api = await createTestApp();
  world = await aClaimsWorld(api);
});
afterAll(async () => {
  await api.close();
});

async function upload(token: string, programmeId: string, csv: string, query = '') {
  const form = new FormData();
  form.append('file', new Blob([csv], { type: 'text/csv' }), 'earnings.csv');
  const response = await fetch(`${api.baseUrl}/programmes/${programmeId}/data-matches${query}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
  return { status: response.status, body: (await response.json()) as any };
}

describe('earnings data match', () => {
  it('verifies a job outcome with enough earnings, flags one without, and stores no clear NI number', async () => {
    const earning = await aClaimAt(api, world, 'SUBMITTED', { jobStartedDaysAgo: 120 });
    const short = await aClaimAt(api, world, 'SUBMITTED', { jobStartedDaysAgo: 120 });
    const period = { start: addDays(today(), -60), end: addDays(today(), -30) };
    const csv = [
      'ni_number,period_start,period_end,earnings_pence',
      `${earning.niNumber},${period.start},${period.end},600000`,
      `${short.niNumber.slice(0, 2)} ${short.niNumber.slice(2)},${period.start},${period.end},100000`,
      `ZX123456A,${period.start},${period.end},900000`,
    ].join('\n');
    const result = await upload(
      world.people.commissionerFinance.token,
      world.programmeId,
      csv,
      '?thresholdPence=500000',
    );
    expect(result.status).toBe(201);
    expect(result.body.dataMatch.counts).toEqual({
      rows: 3,
      matched: 2,
      unmatched: 1,
      verified: 1,
      flagged: 1,
    });
    expect(result.body.dataMatch.results).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          claimId: earning.id,
          outcome: 'VERIFIED',
          earningsPence: '600000',
          thresholdPence: '500000',
        }),
        expect.objectContaining({ claimId: short.id, outcome: 'FLAGGED', earningsPence: '100000' }),
      ]),
    );
    const seenByPrime = await call(api.baseUrl, 'GET', `/claims/${earning.id}`, {
      token: world.people.primeFinance.token,
    });
    expect(seenByPrime.body.claim.dataMatch).toMatchObject({
      outcome: 'VERIFIED',
      uploadId: result.body.dataMatch.id,
    });

    const { rows } = await api.db.pool.query<{ text: string }>(
      `SELECT row_to_json(d)::text AS text FROM data_match_row d WHERE upload_id = $1`,
      [result.body.dataMatch.id],
    );
    expect(rows.map((r) => r.text).join()).not.toContain(earning.niNumber);

    const again = await upload(world.people.commissionerFinance.token, world.programmeId, csv);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('DATA_MATCH_DUPLICATE_FILE');
  });

  it('rejects a file with bad lines, naming each, and imports nothing', async () => {
    const csv = [
      'ni_number,period_start,period_end,earnings_pence',
      'NOTANI,2026-01-01,2026-01-31,100',
      'AB123456C,2026-02-31,2026-01-01,-5',
    ].join('\n');
    const result = await upload(world.people.commissionerFinance.token, world.programmeId, csv);
    expect(result.status).toBe(400);
    expect(result.body.code).toBe('DATA_MATCH_INVALID_FILE');
    expect(result.body.errors.map((e: { field: string }) => e.field)).toEqual([
      'file.line 2.ni_number',
      'file.line 3.period_start',
      'file.line 3.earnings_pence',
    ]);
  });

  it('refuses year-0000 periods with a 400 problem naming the lines, not a database error', async () => {
    const csv = [
      'ni_number,period_start,period_end,earnings_pence',
      'AB123456C,0000-01-01,0000-01-31,100',
    ].join('\n');
    const result = await upload(world.people.commissionerFinance.token, world.programmeId, csv);
    expect({
      status: result.status,
      code: result.body.code,
      fields: result.body.errors?.map((e: { field: string }) => e.field),
    }).toEqual({
      status: 400,
      code: 'DATA_MATCH_INVALID_FILE',
      fields: ['file.line 2.period_start', 'file.line 2.period_end'],
    });
  });

  it('is the commissioner’s alone: other commissioners and primes (a party the route is closed to) get 404', async () => {
    const other = await aClaimsWorld(api);
    const csv = `ni_number,period_start,period_end,earnings_pence\nAB123456C,2026-01-01,2026-01-31,100`;
    expect(
      (await upload(other.people.commissionerFinance.token, world.programmeId, csv)).status,
    ).toBe(404);
    expect((await upload(world.people.primeFinance.token, world.programmeId, csv)).status).toBe(
      404,
    );
    const mine = await upload(world.people.commissionerFinance.token, world.programmeId, csv);
    expect(
      (
        await call(api.baseUrl, 'GET', `/data-matches/${mine.body.dataMatch.id}`, {
          token: other.people.commissionerFinance.token,
        })
      ).status,
    ).toBe(404);
  });
});

describe('a FLAGGED data match holds the claim', () => {
  const earningsCsv = (niNumber: string, pence: number) => {
    const period = { start: addDays(today(), -60), end: addDays(today(), -30) };
    return [
      'ni_number,period_start,period_end,earnings_pence',
      `${niNumber},${period.start},${period.end},${pence}`,
    ].join('\n');
  };

  it('refuses the prime’s and the commissioner’s approval, saying why, until a later data match verifies it', async () => {
    const atPrime = await aClaimAt(api, world, 'SUBMITTED', { jobStartedDaysAgo: 120 });
    const atCommissioner = await aClaimAt(api, world, 'SUBMITTED_TO_COMMISSIONER', {
      jobStartedDaysAgo: 120,
    });
    const flagged = await upload(
      world.people.commissionerFinance.token,
      world.programmeId,
      `${earningsCsv(atPrime.niNumber, 1000)}\n${earningsCsv(atCommissioner.niNumber, 1000).split('\n')[1]}`,
      '?thresholdPence=500000',
    );
    expect(flagged.body.dataMatch.counts).toMatchObject({ flagged: 2 });

    const byPrime = await moveClaim(api, world.people.primeFinance, atPrime.id, 'PRIME_APPROVED');
    const byCommissioner = await moveClaim(
      api,
      world.people.commissionerFinance,
      atCommissioner.id,
      'APPROVED',
    );

    for (const refused of [byPrime, byCommissioner]) {
      expect(refused.status).toBe(409);
      expect(refused.body).toMatchObject({
        code: 'CLAIM_DATA_MATCH_FLAGGED',
        title: 'The earnings data match flagged this claim',
        dataMatchUploadId: flagged.body.dataMatch.id,
      });
      expect(refused.body.detail).toMatch(
        /cannot be approved until a later data match verifies it/,
      );
    }
    expect(
      (
        await call(api.baseUrl, 'GET', `/claims/${atPrime.id}`, {
          token: world.people.primeFinance.token,
        })
      ).body.claim.status,
    ).toBe('SUBMITTED');

    await upload(
      world.people.commissionerFinance.token,
      world.programmeId,
      earningsCsv(atPrime.niNumber, 600000),
      '?thresholdPence=500000',
    );
    expect(
      (await moveClaim(api, world.people.primeFinance, atPrime.id, 'PRIME_APPROVED')).status,
    ).toBe(200);
  });
});
