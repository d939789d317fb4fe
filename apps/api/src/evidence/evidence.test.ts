import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { aClaimAt, aClaimsWorld, type ClaimsWorld, moveClaim } from '../claims/claims.test-world';
import { CLOCK, type Clock, fixedClock, systemClock } from '../common/clock/clock';
import { call } from '../test-support/http';
import { createTestApp, type TestApp } from '../test-support/test-app';
import { EVIDENCE_MAX_BYTES } from './evidence.service';
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

const PDF = Buffer.concat([
  Buffer.from('%PDF-1.7\n'),
  Buffer.alloc(100, 0x20),
  Buffer.from('%%EOF'),
]);

async function upload(
  token: string,
  claimId: string,
  content: Buffer,
  filename: string,
  type = 'application/pdf',
) {
  const form = new FormData();
  form.append('file', new Blob([content], { type }), filename);
  const response = await fetch(`${api.baseUrl}/claims/${claimId}/evidence`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
  return { status: response.status, body: (await response.json()) as any };
}

describe('claim evidence', () => {
  it('stores a PDF with its SHA-256, lists it and downloads it as an attachment', async () => {
    const claim = await aClaimAt(api, world, 'DRAFT');
    const stored = await upload(
      world.people.subCaseworker.token,
      claim.id,
      PDF,
      'attachment form.pdf',
    );
    expect(stored.status).toBe(201);
    expect(stored.body.evidence).toMatchObject({
      filename: 'attachment form.pdf',
      contentType: 'application/pdf',
      sizeBytes: PDF.length,
      sha256: createHash('sha256').update(PDF).digest('hex'),
    });

    const listed = await call(api.baseUrl, 'GET', `/claims/${claim.id}/evidence`, {
      token: world.people.commissionerFinance.token,
    });
    expect(listed.body.evidence).toHaveLength(1);

    const download = await fetch(`${api.baseUrl}/evidence/${stored.body.evidence.id}/content`, {
      headers: { authorization: `Bearer ${world.people.primeFinance.token}` },
    });
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/pdf');
    expect(download.headers.get('content-disposition')).toContain(
      'attachment; filename="attachment form.pdf"',
    );
    expect(Buffer.from(await download.arrayBuffer()).equals(PDF)).toBe(true);
  });

  it('judges the type by magic bytes: a text file named .pdf is refused with 415 naming what was found; a PNG is accepted', async () => {
    const claim = await aClaimAt(api, world, 'DRAFT');
    const fake = await upload(
      world.people.subCaseworker.token,
      claim.id,
      Buffer.from('just some text, honestly a PDF'),
      'payslip.pdf',
      'application/pdf',
    );
    expect(fake.status).toBe(415);
    expect(fake.body).toMatchObject({
      code: 'EVIDENCE_TYPE_NOT_ALLOWED',
      errors: [{ field: 'file', message: 'detected text/plain' }],
    });
    const png = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      Buffer.alloc(64),
    ]);
    const accepted = await upload(
      world.people.subCaseworker.token,
      claim.id,
      png,
      'scan.txt',
      'text/plain',
    );
    expect(accepted.status).toBe(201);
    expect(accepted.body.evidence.contentType).toBe('image/png');
  });

  it('refuses a file over 10 MB with 413', async () => {
    const claim = await aClaimAt(api, world, 'DRAFT');
    const big = Buffer.concat([Buffer.from('%PDF-'), Buffer.alloc(10 * 1024 * 1024)]);
    const refused = await upload(world.people.subCaseworker.token, claim.id, big, 'big.pdf');
    expect(refused.status).toBe(413);
    expect(refused.body.code).toBe('EVIDENCE_TOO_LARGE');
  });

  it('refuses a file over 10 MB even when its bytes arrive cut exactly at the limit, and stores nothing', async () => {
    // The multipart parser flags such a part truncated without failing the read (the network decides where
    // reads end, so this broke on some machines and days): the file must still be refused, not stored cut.
    const claim = await aClaimAt(api, world, 'DRAFT');
    const boundary = 'waymark-boundary';
    const head = Buffer.from(
      `--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="big.pdf"\r\ncontent-type: application/pdf\r\n\r\n`,
    );
    const file = Buffer.concat([
      Buffer.from('%PDF-'),
      Buffer.alloc(EVIDENCE_MAX_BYTES + 1024 - 5, 0x20),
    ]);
    const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
    const chunks = [
      Buffer.concat([head, file.subarray(0, EVIDENCE_MAX_BYTES)]),
      Buffer.concat([file.subarray(EVIDENCE_MAX_BYTES), tail]),
    ];
    const answer = await api.app
      .getHttpAdapter()
      .getInstance()
      .inject({
        method: 'POST',
        url: `/claims/${claim.id}/evidence`,
        headers: {
          authorization: `Bearer ${world.people.subCaseworker.token}`,
          'content-type': `multipart/form-data; boundary=${boundary}`,
          'content-length': String(head.length + file.length + tail.length),
        },
        payload: Readable.from(chunks),
      });
    expect({ status: answer.statusCode, code: answer.json<{ code?: string }>().code }).toEqual({
      status: 413,
      code: 'EVIDENCE_TOO_LARGE',
    });
    const listed = await call(api.baseUrl, 'GET', `/claims/${claim.id}/evidence`, {
      token: world.people.subCaseworker.token,
    });
    expect(listed.body.evidence).toEqual([]);
  });

  it('hides evidence from parties outside the claim’s supply chain (404)', async () => {
    const claim = await aClaimAt(api, world, 'DRAFT');
    const stored = await upload(world.people.subCaseworker.token, claim.id, PDF, 'form.pdf');
    const other = await aClaimsWorld(api);
    expect((await upload(other.people.subCaseworker.token, claim.id, PDF, 'x.pdf')).status).toBe(
      404,
    );
    expect(
      (
        await call(api.baseUrl, 'GET', `/claims/${claim.id}/evidence`, {
          token: other.people.primeFinance.token,
        })
      ).status,
    ).toBe(404);
    const hidden = await fetch(`${api.baseUrl}/evidence/${stored.body.evidence.id}/content`, {
      headers: { authorization: `Bearer ${other.people.commissionerFinance.token}` },
    });
    expect(hidden.status).toBe(404);
  });
});

describe('the evidence a milestone requires', () => {
  let strict: ClaimsWorld;
  beforeAll(async () => {
    // The payment model's definition says a job outcome needs payslips; attachments need nothing.
    strict = await aClaimsWorld(api, {
      evidenceRequired: { JOB_OUTCOME: ['payslips or HMRC earnings record'] },
    });
  });

  it('refuses to submit a job outcome claim with no file, naming what is required; with a file it is submitted', async () => {
    const claim = await aClaimAt(api, strict, 'DRAFT', { jobStartedDaysAgo: 120 });
    const before = await call(api.baseUrl, 'GET', `/claims/${claim.id}`, {
      token: strict.people.subFinance.token,
    });
    expect(before.body.claim).toMatchObject({
      milestoneCode: 'JOB_OUTCOME',
      evidence: {
        required: ['payslips or HMRC earnings record'],
        fileCount: 0,
        isMissing: true,
        override: null,
      },
    });

    const refused = await moveClaim(api, strict.people.subFinance, claim.id, 'SUBMITTED');

    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({
      code: 'CLAIM_EVIDENCE_MISSING',
      evidenceRequired: ['payslips or HMRC earnings record'],
      errors: [{ field: 'evidence', message: 'required: payslips or HMRC earnings record' }],
    });
    expect(refused.body.detail).toMatch(
      /Job outcome requires evidence \(payslips or HMRC earnings record\)/,
    );
    expect(
      (await api.db.pool.query(`SELECT status FROM claim WHERE id = $1`, [claim.id])).rows,
    ).toEqual([{ status: 'DRAFT' }]);

    expect(
      (await upload(strict.people.subCaseworker.token, claim.id, PDF, 'payslips.pdf')).status,
    ).toBe(201);
    const submitted = await moveClaim(api, strict.people.subFinance, claim.id, 'SUBMITTED');
    expect(submitted.status).toBe(200);
    expect(submitted.body.claim.evidence).toMatchObject({ fileCount: 1, isMissing: false });
  });

  it('lets the prime’s finance record an override (who, when, why), audited and shown on the claim; nobody else may', async () => {
    const claim = await aClaimAt(api, strict, 'DRAFT', { jobStartedDaysAgo: 120 });
    const reason = 'Employer closed; HMRC record requested, see query thread.';
    expect(
      (
        await call(api.baseUrl, 'POST', `/claims/${claim.id}/evidence-override`, {
          token: strict.people.subFinance.token,
          body: { reason },
        })
      ).status,
    ).toBe(404); // closed to subcontractors: answered as for an unknown claim
    expect(
      (
        await call(api.baseUrl, 'POST', `/claims/${claim.id}/evidence-override`, {
          token: strict.people.primeCaseworker.token,
          body: { reason },
        })
      ).status,
    ).toBe(403);
    const other = await aClaimsWorld(api);
    const stranger = await aSignedInUser(api.baseUrl, api.db.pool, {
      organisationId: other.prime.id,
      roles: ['FINANCE'],
    });
    expect(
      (
        await call(api.baseUrl, 'POST', `/claims/${claim.id}/evidence-override`, {
          token: stranger.token,
          body: { reason },
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await call(api.baseUrl, 'POST', `/claims/${claim.id}/evidence-override`, {
          token: strict.people.primeFinance.token,
          body: {},
        })
      ).body,
    ).toMatchObject({ status: 400, errors: [{ field: 'body.reason' }] });

    const overridden = await call(api.baseUrl, 'POST', `/claims/${claim.id}/evidence-override`, {
      token: strict.people.primeFinance.token,
      body: { reason },
    });

    expect(overridden.status).toBe(200);
    expect(overridden.body.claim.evidence).toMatchObject({
      isMissing: false,
      override: { byUserId: strict.people.primeFinance.id, reason, byName: expect.any(String) },
    });
    const audit = await api.db.pool.query(
      `SELECT actor_user_id, data->>'reason' AS reason FROM audit_event WHERE action = 'claim.evidence-override' AND entity_id = $1`,
      [claim.id],
    );
    expect(audit.rows).toEqual([{ actor_user_id: strict.people.primeFinance.id, reason }]);
    const again = await call(api.baseUrl, 'POST', `/claims/${claim.id}/evidence-override`, {
      token: strict.people.primeFinance.token,
      body: { reason: 'again' },
    });
    expect(again).toMatchObject({
      status: 409,
      body: { code: 'CLAIM_EVIDENCE_OVERRIDE_NOT_NEEDED' },
    });
    expect((await moveClaim(api, strict.people.subFinance, claim.id, 'SUBMITTED')).status).toBe(
      200,
    );
    const seenBySub = await call(api.baseUrl, 'GET', `/claims/${claim.id}`, {
      token: strict.people.subFinance.token,
    });
    expect(seenBySub.body.claim.evidence.override).toMatchObject({ reason });

    const attachment = await aClaimAt(api, strict, 'DRAFT');
    const notNeeded = await call(
      api.baseUrl,
      'POST',
      `/claims/${attachment.id}/evidence-override`,
      { token: strict.people.primeFinance.token, body: { reason } },
    );
    expect(notNeeded).toMatchObject({
      status: 409,
      body: {
        code: 'CLAIM_EVIDENCE_OVERRIDE_NOT_NEEDED',
        detail: 'Attachment requires no evidence.',
      },
    });
  });

  /** Records an override on the claim as the prime's finance; fails the test if refused. */
  async function anOverride(claimId: string, reason: string) {
    const recorded = await call(api.baseUrl, 'POST', `/claims/${claimId}/evidence-override`, {
      token: strict.people.primeFinance.token,
      body: { reason },
    });
    expect(recorded.status).toBe(200);
  }

  /** Withdraws the claim's override with the API's clock stopped at noon UTC on `day`. */
  async function withdrawOn(day: string, claimId: string, person: { token: string }, body: object) {
    const clock = api.app.get<Clock>(CLOCK);
    Object.assign(clock, fixedClock(day));
    try {
      return await call(api.baseUrl, 'POST', `/claims/${claimId}/evidence-override/withdrawal`, {
        token: person.token,
        body,
      });
    } finally {
      Object.assign(clock, systemClock);
    }
  }

  it('withdraws an override recorded in error: kept on the claim with who, when and why, audited; submission needs the evidence again', async () => {
    const claim = await aClaimAt(api, strict, 'DRAFT', { jobStartedDaysAgo: 120 });
    const reason = 'Employer closed; HMRC record requested.';
    await anOverride(claim.id, reason);
    const withdrawal = 'Recorded against the wrong participant.';

    const bySub = await withdrawOn('2031-03-04', claim.id, strict.people.subFinance, {
      reason: withdrawal,
    });
    expect(bySub.status).toBe(404); // closed to subcontractors: answered as for an unknown claim
    const byCaseworker = await withdrawOn('2031-03-04', claim.id, strict.people.primeCaseworker, {
      reason: withdrawal,
    });
    expect(byCaseworker.status).toBe(403);
    const other = await aClaimsWorld(api);
    const stranger = await aSignedInUser(api.baseUrl, api.db.pool, {
      organisationId: other.prime.id,
      roles: ['FINANCE'],
    });
    expect(
      (await withdrawOn('2031-03-04', claim.id, stranger, { reason: withdrawal })).status,
    ).toBe(404);
    for (const body of [{}, { reason: '   ' }]) {
      const bad = await withdrawOn('2031-03-04', claim.id, strict.people.primeFinance2, body);
      expect(bad.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(bad.body).toMatchObject({ status: 400, errors: [{ field: 'body.reason' }] });
    }

    const withdrawn = await withdrawOn('2031-03-04', claim.id, strict.people.primeFinance2, {
      reason: withdrawal,
    });

    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body.claim.evidence).toMatchObject({
      isMissing: true,
      override: null,
      withdrawnOverrides: [
        {
          byUserId: strict.people.primeFinance.id,
          reason,
          withdrawnByUserId: strict.people.primeFinance2.id,
          withdrawnByName: expect.any(String),
          withdrawnAt: '2031-03-04T12:00:00.000Z',
          withdrawalReason: withdrawal,
        },
      ],
    });
    const kept = await api.db.pool.query(
      `SELECT reason, withdrawn_by_user_id, withdrawal_reason FROM claim_evidence_override WHERE claim_id = $1`,
      [claim.id],
    );
    expect(kept.rows).toEqual([
      {
        reason,
        withdrawn_by_user_id: strict.people.primeFinance2.id,
        withdrawal_reason: withdrawal,
      },
    ]);
    const audit = await api.db.pool.query(
      `SELECT actor_user_id, data->>'reason' AS reason, data->'override'->>'reason' AS "overrideReason", occurred_at
       FROM audit_event WHERE action = 'claim.evidence-override-withdrawn' AND entity_id = $1`,
      [claim.id],
    );
    expect(audit.rows).toEqual([
      {
        actor_user_id: strict.people.primeFinance2.id,
        reason: withdrawal,
        overrideReason: reason,
        occurred_at: new Date('2031-03-04T12:00:00Z'),
      },
    ]);
    const again = await withdrawOn('2031-03-05', claim.id, strict.people.primeFinance, {
      reason: 'again',
    });
    expect(again).toMatchObject({
      status: 409,
      body: {
        code: 'CLAIM_EVIDENCE_OVERRIDE_NOT_WITHDRAWABLE',
        detail: 'The claim’s override was already withdrawn on 4 March 2031; none is in force.',
      },
    });
    const refused = await moveClaim(api, strict.people.subFinance, claim.id, 'SUBMITTED');
    expect(refused).toMatchObject({ status: 422, body: { code: 'CLAIM_EVIDENCE_MISSING' } });

    // A corrected override may be recorded afterwards; the withdrawn one stays on the claim.
    await anOverride(claim.id, 'HMRC record requested for the right participant.');
    const seen = await call(api.baseUrl, 'GET', `/claims/${claim.id}`, {
      token: strict.people.subFinance.token,
    });
    expect(seen.body.claim.evidence).toMatchObject({
      isMissing: false,
      override: { reason: 'HMRC record requested for the right participant.' },
      withdrawnOverrides: [{ reason, withdrawalReason: withdrawal }],
    });
  });

  it('withdrawn after the prime approved the claim on it, the claim cannot go to the commissioner until its evidence is attached', async () => {
    const claim = await aClaimAt(api, strict, 'DRAFT', { jobStartedDaysAgo: 120 });
    await anOverride(claim.id, 'Payslips promised by the employer.');
    expect((await moveClaim(api, strict.people.subFinance, claim.id, 'SUBMITTED')).status).toBe(
      200,
    );
    expect(
      (await moveClaim(api, strict.people.primeFinance, claim.id, 'PRIME_APPROVED')).status,
    ).toBe(200);

    const withdrawn = await withdrawOn('2031-03-04', claim.id, strict.people.primeFinance, {
      reason: 'The employer never sent the payslips.',
    });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body.claim).toMatchObject({
      status: 'PRIME_APPROVED',
      evidence: { isMissing: true },
    });

    const submit = async () => {
      const current = await call(api.baseUrl, 'GET', `/claims/${claim.id}`, {
        token: strict.people.primeFinance.token,
      });
      return call(api.baseUrl, 'POST', '/claim-submissions', {
        token: strict.people.primeFinance.token,
        body: {
          primeContractId: strict.primeContractId,
          claims: [{ id: claim.id, version: current.body.claim.version }],
        },
      });
    };
    const refused = await submit();
    expect(refused).toMatchObject({ status: 409, body: { code: 'CLAIM_BULK_REJECTED' } });
    expect(refused.body.errors[0].message).toMatch(
      /^CLAIM_EVIDENCE_MISSING: .*the override it was submitted on was withdrawn on 4 March 2031/,
    );
    expect(
      (await api.db.pool.query(`SELECT status FROM claim WHERE id = $1`, [claim.id])).rows,
    ).toEqual([{ status: 'PRIME_APPROVED' }]);

    expect(
      (await upload(strict.people.subCaseworker.token, claim.id, PDF, 'payslips.pdf')).status,
    ).toBe(201);
    expect((await submit()).status).toBe(201);
  });

  it('refuses to withdraw an override once the commissioner has approved the claim on it, saying why', async () => {
    const claim = await aClaimAt(api, strict, 'DRAFT', { jobStartedDaysAgo: 120 });
    const reason = 'HMRC record confirmed by phone.';
    await anOverride(claim.id, reason);
    expect((await moveClaim(api, strict.people.subFinance, claim.id, 'SUBMITTED')).status).toBe(
      200,
    );
    expect(
      (await moveClaim(api, strict.people.primeFinance, claim.id, 'PRIME_APPROVED')).status,
    ).toBe(200);
    const current = await call(api.baseUrl, 'GET', `/claims/${claim.id}`, {
      token: strict.people.primeFinance.token,
    });
    const submitted = await call(api.baseUrl, 'POST', '/claim-submissions', {
      token: strict.people.primeFinance.token,
      body: {
        primeContractId: strict.primeContractId,
        claims: [{ id: claim.id, version: current.body.claim.version }],
      },
    });
    expect(submitted.status).toBe(201);
    expect(
      (await moveClaim(api, strict.people.commissionerFinance, claim.id, 'APPROVED')).status,
    ).toBe(200);

    const refused = await withdrawOn('2031-03-04', claim.id, strict.people.primeFinance, {
      reason: 'Second thoughts.',
    });

    expect(refused).toMatchObject({
      status: 409,
      body: { code: 'CLAIM_EVIDENCE_OVERRIDE_NOT_WITHDRAWABLE' },
    });
    expect(refused.body.detail).toMatch(/commissioner has approved this claim for payment/);
    const seen = await call(api.baseUrl, 'GET', `/claims/${claim.id}`, {
      token: strict.people.primeFinance.token,
    });
    expect(seen.body.claim.evidence).toMatchObject({
      override: { reason },
      withdrawnOverrides: [],
    });
  });
});
