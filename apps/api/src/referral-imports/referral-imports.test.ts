import { randomBytes } from 'node:crypto';
import ExcelJS from 'exceljs';
import { hmacNiNumber, isValidNiNumber } from '../common/pii/ni-number';
import { aMember, aPrimeContract, aReferral, aUser, TEST_PASSWORD } from '@waymark/db/test-support';
import { call, signIn } from '../test-support/http';
import { createTestApp, type TestApp } from '../test-support/test-app';
import { NI_NUMBER_SQL_PATTERN, REFERRAL_FILE_MAX_BYTES } from './referral-file-format';
import { ReferralImportJob } from './referral-import.job';

jest.setTimeout(60_000);

let api: TestApp;
beforeAll(async () => {
  api = await createTestApp({ jobsEnabled: true });
});
afterAll(async () => {
  await api.close();
});

const HEADER = 'external_reference,ni_number,date_of_birth,benefit_type';

/** A valid, distinct NI number per n (QQ-style prefixes are excluded by HMRC; AB is not). */
const niNumber = (n: number, prefix = 'AB') => `${prefix}${String(n).padStart(6, '0')}C`;
const goodRow = (n: number, prefix = 'AB') =>
  `REF-${prefix}-${n},${niNumber(n, prefix)},1990-01-${String((n % 28) + 1).padStart(2, '0')},UC`;

/** A referral partner caseworker, signed in, and a prime contract to refer to. */
async function aPartnerWorld() {
  const contract = await aPrimeContract(api.db.pool);
  const partner = await aMember(api.db.pool, { kind: 'REFERRAL_PARTNER', roles: ['CASEWORKER'] });
  const { accessToken } = await signIn(api.baseUrl, partner.user.email, TEST_PASSWORD);
  return { contract, partner, token: accessToken };
}

async function upload(
  token: string,
  file: Buffer | string,
  fields: Record<string, string>,
  fileName = 'referrals.csv',
) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  form.append('file', new Blob([file]), fileName);
  const response = await fetch(`${api.baseUrl}/referral-imports`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as any,
  };
}

async function untilFinished(token: string, id: string) {
  const deadline = Date.now() + 45_000;
  for (;;) {
    const { body } = await call(api.baseUrl, 'GET', `/referral-imports/${id}`, { token });
    if (body.referralImport.status === 'COMPLETED' || body.referralImport.status === 'FAILED')
      return body.referralImport;
    if (Date.now() > deadline) throw new Error(`import ${id} still ${body.referralImport.status}`);
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}

async function errorsCsv(token: string, id: string) {
  const response = await fetch(`${api.baseUrl}/referral-imports/${id}/errors.csv`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    text: await response.text(),
  };
}

async function referralsOf(primeContractId: string) {
  const { rows } = await api.db.pool.query<{ n: number; transitions: number }>(
    `SELECT count(*)::int AS n, (SELECT count(*)::int FROM referral_transition t WHERE t.prime_contract_id = $1) AS transitions
     FROM referral WHERE prime_contract_id = $1`,
    [primeContractId],
  );
  return rows[0]!;
}

describe('POST /referral-imports', () => {
  it('imports every row of a good CSV as RECEIVED referrals with a transition each and one audit event', async () => {
    const { contract, partner, token } = await aPartnerWorld();
    const csv = [HEADER, ...Array.from({ length: 25 }, (_, i) => goodRow(i + 1)), ''].join('\n');

    const queued = await upload(token, csv, { primeContractId: contract.primeContractId });
    expect(queued.status).toBe(202);
    expect(queued.headers.get('location')).toBe(
      `/referral-imports/${queued.body.referralImport.id}`,
    );
    expect(queued.body.referralImport).toMatchObject({
      status: 'QUEUED',
      mode: 'all-or-nothing',
      referralPartnerId: partner.organisation.id,
    });

    const done = await untilFinished(token, queued.body.referralImport.id);
    expect(done).toMatchObject({
      status: 'COMPLETED',
      format: 'CSV',
      counts: { total: 25, imported: 25, rejected: 0 },
      progress: { rowsDone: 25, rowsTotal: 25 },
    });

    const { rows } = await api.db.pool.query(
      `SELECT r.status::text, r.external_reference, r.referral_partner_id, t.from_status, t.to_status::text, t.by_user_id, t.reason,
              p.benefit_type, p.date_of_birth::text AS dob, octet_length(p.ni_number_hmac) AS hmac_bytes, p.reference
       FROM referral r JOIN referral_transition t ON t.referral_id = r.id JOIN participant p ON p.id = r.participant_id
       WHERE r.prime_contract_id = $1 ORDER BY r.external_reference`,
      [contract.primeContractId],
    );
    expect(rows).toHaveLength(25);
    expect(rows[0]).toMatchObject({
      status: 'RECEIVED',
      external_reference: 'REF-AB-1',
      referral_partner_id: partner.organisation.id,
      from_status: null,
      to_status: 'RECEIVED',
      by_user_id: partner.user.id,
      reason: `bulk import ${done.id}`,
      benefit_type: 'UC',
      dob: '1990-01-02',
      hmac_bytes: 32,
    });
    expect(rows[0].reference).toMatch(/^P-[0-9A-F]{16}$/);

    const audit = await api.db.pool.query(
      `SELECT action, data FROM audit_event WHERE entity_type = 'referral_import' AND entity_id = $1 ORDER BY seq`,
      [done.id],
    );
    expect(audit.rows.map((row) => row.action)).toEqual([
      'referral-import.upload',
      'referral-import.complete',
    ]);
    expect(audit.rows[1].data).toMatchObject({ total: 25, imported: 25, rejected: 0 });

    const errors = await errorsCsv(token, done.id);
    expect(errors.status).toBe(200);
    expect(errors.text).toBe('line,column,value,reason\r\n');
  });

  it('reports every bad row by line, column and reason and writes nothing in all-or-nothing mode', async () => {
    const { contract, token } = await aPartnerWorld();
    const csv = [
      HEADER,
      goodRow(1), // line 2
      ',AB000002C,1990-01-01,UC', // 3: external reference missing
      'R3,,1990-01-01,UC', // 4: NI number missing
      'R4,QQ123456C,1990-01-01,UC', // 5: QQ is not an issued prefix
      'R5,AB000005C,31/02/1990,UC', // 6: no such day
      'R6,AB000006C,1990-13-01,UC', // 7: no such month
      'R7,AB000007C,2999-01-01,UC', // 8: future
      'R8,AB000008C,1990-01-01,LOTTERY', // 9: unknown benefit
      `${'X'.repeat(70)},AB000009C,1990-01-01,UC`, // 10: reference too long
      'R10,AB000010C,14/07/1990,esa', // 11: good (UK date, lower-case code)
    ].join('\n');

    const queued = await upload(token, csv, { primeContractId: contract.primeContractId });
    const done = await untilFinished(token, queued.body.referralImport.id);
    expect(done.counts).toEqual({ total: 10, imported: 0, rejected: 8 });
    expect(await referralsOf(contract.primeContractId)).toEqual({ n: 0, transitions: 0 });

    const errors = await errorsCsv(token, done.id);
    expect(errors.contentType).toMatch(/^text\/csv/);
    expect(errors.text.trim().split('\r\n')).toEqual([
      'line,column,value,reason',
      '3,external_reference,,is required',
      '4,ni_number,,is required',
      '5,ni_number,,"is not a valid National Insurance number (two letters, six digits, then A, B, C or D, e.g. AB123456C)"',
      '6,date_of_birth,31/02/1990,"must be a real date written YYYY-MM-DD or DD/MM/YYYY, from 1900 on"',
      '7,date_of_birth,1990-13-01,"must be a real date written YYYY-MM-DD or DD/MM/YYYY, from 1900 on"',
      '8,date_of_birth,2999-01-01,is in the future',
      expect.stringMatching(
        /^9,benefit_type,LOTTERY,"is not a known benefit type \(UC, JSA, ESA, .*\)"$/,
      ),
      `10,external_reference,${'X'.repeat(70)},is longer than 64 characters`,
    ]);
    // The NI number itself is never echoed back.
    expect(errors.text).not.toContain('QQ123456C,');
  });

  it('writes only the good rows in valid-rows mode', async () => {
    const { contract, token } = await aPartnerWorld();
    const csv = [
      HEADER,
      goodRow(1),
      'R2,not-an-ni,1990-01-01,UC',
      goodRow(3),
      'R4,AB000004C,1990-01-01,',
    ].join('\r\n');
    const queued = await upload(token, csv, {
      primeContractId: contract.primeContractId,
      mode: 'valid-rows',
    });
    const done = await untilFinished(token, queued.body.referralImport.id);
    expect(done).toMatchObject({
      mode: 'valid-rows',
      counts: { total: 4, imported: 2, rejected: 2 },
    });
    const { rows } = await api.db.pool.query(
      `SELECT external_reference FROM referral WHERE prime_contract_id = $1 ORDER BY 1`,
      [contract.primeContractId],
    );
    expect(rows.map((row) => row.external_reference)).toEqual(['REF-AB-1', 'REF-AB-3']);
    expect(await referralsOf(contract.primeContractId)).toEqual({ n: 2, transitions: 2 });
    expect((await errorsCsv(token, done.id)).text).toContain('5,benefit_type,,is required');
  });

  it('fails only the row whose cell holds a NUL byte, naming the column, and imports the rest in valid-rows mode', async () => {
    const { contract, token } = await aPartnerWorld();
    const csv = [
      HEADER,
      goodRow(1),
      `REF-\u0000-2,${niNumber(2)},1990-01-01,UC`,
      goodRow(3),
      `REF-AB-4,${niNumber(4)},1990-01-01,U\u0007C`,
    ].join('\r\n');
    const queued = await upload(token, csv, {
      primeContractId: contract.primeContractId,
      mode: 'valid-rows',
    });
    const done = await untilFinished(token, queued.body.referralImport.id);
    expect(done).toMatchObject({
      status: 'COMPLETED',
      counts: { total: 4, imported: 2, rejected: 2 },
    });
    const { rows } = await api.db.pool.query(
      `SELECT external_reference FROM referral WHERE prime_contract_id = $1 ORDER BY 1`,
      [contract.primeContractId],
    );
    expect(rows.map((row) => row.external_reference)).toEqual(['REF-AB-1', 'REF-AB-3']);
    const errors = (await errorsCsv(token, done.id)).text;
    expect(errors).toContain('3,external_reference,,contains a control character');
    expect(errors).toContain('5,benefit_type,,contains a control character');
  });

  it('accepts a file whose name holds a NUL byte, storing the name without it', async () => {
    const { contract, token } = await aPartnerWorld();
    const queued = await upload(
      token,
      [HEADER, goodRow(1)].join('\r\n'),
      { primeContractId: contract.primeContractId },
      'referrals\u0000.csv',
    );
    expect(queued.status).toBe(202);
    expect(queued.body.referralImport.fileName).toBe('referrals\uFFFD.csv');
  });

  it('reads an XLSX workbook, including date cells', async () => {
    const { contract, token } = await aPartnerWorld();
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Referrals');
    sheet.addRow(['External reference', 'NI Number', 'Date of birth', 'Benefit type', 'Notes']);
    sheet.addRow([
      'X-1',
      'AB 00 00 01 C',
      new Date(Date.UTC(1985, 4, 17)),
      'JSA',
      'ignored column',
    ]);
    sheet.addRow(['X-2', 'ab000002d', '03/11/1979', 'ESA_EX_IB']);
    sheet.addRow([]);
    const file = Buffer.from(await workbook.xlsx.writeBuffer());

    const queued = await upload(
      token,
      file,
      { primeContractId: contract.primeContractId },
      'referrals.xlsx',
    );
    const done = await untilFinished(token, queued.body.referralImport.id);
    expect(done).toMatchObject({
      status: 'COMPLETED',
      format: 'XLSX',
      counts: { total: 2, imported: 2, rejected: 0 },
    });
    const { rows } = await api.db.pool.query(
      `SELECT p.date_of_birth::text AS dob, p.benefit_type, p.ni_number_hmac FROM participant p WHERE p.prime_contract_id = $1 ORDER BY 1`,
      [contract.primeContractId],
    );
    expect(rows.map((row) => [row.dob, row.benefit_type])).toEqual([
      ['1979-11-03', 'ESA_EX_IB'],
      ['1985-05-17', 'JSA'],
    ]);
    expect(rows[1].ni_number_hmac.equals(hmacNiNumber('AB000001C', api.config.piiHmacKey))).toBe(
      true,
    );
  });

  it('answers the same file uploaded twice with the existing import instead of importing it again', async () => {
    const { contract, token } = await aPartnerWorld();
    const csv = [HEADER, goodRow(1), goodRow(2)].join('\n');
    const first = await upload(token, csv, { primeContractId: contract.primeContractId });
    await untilFinished(token, first.body.referralImport.id);

    const second = await upload(token, csv, { primeContractId: contract.primeContractId });
    expect(second.status).toBe(200);
    expect(second.body.duplicateOf).toBe(first.body.referralImport.id);
    expect(second.body.referralImport).toMatchObject({
      id: first.body.referralImport.id,
      status: 'COMPLETED',
    });
    expect(await referralsOf(contract.primeContractId)).toEqual({ n: 2, transitions: 2 });
    const { rows } = await api.db.pool.query(
      'SELECT count(*)::int AS n FROM referral_import WHERE prime_contract_id = $1',
      [contract.primeContractId],
    );
    expect(rows[0].n).toBe(1);
  });

  it('rejects duplicates within the file and people who already have a live referral in the programme', async () => {
    const { contract, token } = await aPartnerWorld();
    // Someone already referred (by another partner) and still live; someone whose referral has ended may be referred again.
    const live = await aReferral(api.db.pool, contract);
    const exited = await aReferral(api.db.pool, contract, { status: 'REJECTED' });
    const setHmac = (referralId: string, ni: string) =>
      api.db.pool.query(
        'UPDATE participant SET ni_number_hmac = $2 WHERE id = (SELECT participant_id FROM referral WHERE id = $1)',
        [referralId, hmacNiNumber(ni, api.config.piiHmacKey)],
      );
    await setHmac(live, niNumber(50));
    await setHmac(exited, niNumber(60));

    const csv = [
      HEADER,
      goodRow(1), // 2
      goodRow(1).replace('REF-AB-1', 'REF-OTHER'), // 3: same person as line 2
      goodRow(2).replace('REF-AB-2', 'REF-AB-1'), // 4: same external reference as line 2
      goodRow(50), // 5: live referral elsewhere
      goodRow(60), // 6: earlier referral rejected: fine, and the participant is reused
    ].join('\n');
    const queued = await upload(token, csv, {
      primeContractId: contract.primeContractId,
      mode: 'valid-rows',
    });
    const done = await untilFinished(token, queued.body.referralImport.id);
    expect(done.counts).toEqual({ total: 5, imported: 2, rejected: 3 });
    expect((await errorsCsv(token, done.id)).text.trim().split('\r\n').slice(1)).toEqual([
      '3,ni_number,,repeats the NI number of line 2',
      '4,external_reference,REF-AB-1,repeats the external reference of line 2',
      '5,ni_number,,this person already has a live referral in this programme',
    ]);
    const reused = await api.db.pool.query(
      `SELECT count(*)::int AS n FROM referral r WHERE r.external_reference = 'REF-AB-60' AND r.participant_id = (SELECT participant_id FROM referral WHERE id = $1)`,
      [exited],
    );
    expect(reused.rows[0].n).toBe(1);

    // A later file reusing an external reference already imported is rejected for it.
    const again = await upload(
      token,
      [HEADER, goodRow(7).replace('REF-AB-7', 'REF-AB-60')].join('\n'),
      { primeContractId: contract.primeContractId },
    );
    const rejected = await untilFinished(token, again.body.referralImport.id);
    expect((await errorsCsv(token, rejected.id)).text).toContain(
      '2,external_reference,REF-AB-60,was already used for another of your referrals',
    );
  });

  it('fails a file whose header lacks columns, naming them', async () => {
    const { contract, token } = await aPartnerWorld();
    const queued = await upload(
      token,
      'external_reference,nino,dob,benefit_type\nR1,AB000001C,1990-01-01,UC\n',
      { primeContractId: contract.primeContractId },
    );
    const done = await untilFinished(token, queued.body.referralImport.id);
    expect(done.status).toBe('FAILED');
    expect(done.counts).toBeNull();
    expect(done.failureReason).toBe(
      'The header row is missing the columns ni_number, date_of_birth. Expected columns: external_reference, ni_number, date_of_birth, benefit_type (see GET /referral-imports/template.csv).',
    );
    expect((await errorsCsv(token, done.id)).text).toContain(
      'missing the columns ni_number, date_of_birth',
    );
  });

  it('fails a file that is neither UTF-8 text nor a workbook', async () => {
    const { contract, token } = await aPartnerWorld();
    const queued = await upload(
      token,
      Buffer.concat([Buffer.from(`${HEADER}\n`), Buffer.from([0xff, 0xfe, 0x00, 0x81])]),
      { primeContractId: contract.primeContractId },
    );
    const done = await untilFinished(token, queued.body.referralImport.id);
    expect(done).toMatchObject({
      status: 'FAILED',
      failureReason: expect.stringMatching(/not UTF-8|neither an XLSX workbook nor UTF-8/),
    });
  });

  it('refuses an upload over the size limit with 413 and keeps nothing', async () => {
    const { contract, token } = await aPartnerWorld();
    const response = await upload(token, Buffer.alloc(REFERRAL_FILE_MAX_BYTES + 1, 0x61), {
      primeContractId: contract.primeContractId,
    });
    expect(response.status).toBe(413);
    expect(response.body).toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
      detail: expect.stringContaining('100 MB'),
    });
    const { rows } = await api.db.pool.query(
      'SELECT count(*)::int AS n FROM referral_import WHERE prime_contract_id = $1',
      [contract.primeContractId],
    );
    expect(rows[0].n).toBe(0);
  });

  it('answers a problem document, not silence, to a multipart body cut short inside the file', async () => {
    const { contract, token } = await aPartnerWorld();
    const body = `--b\r\ncontent-disposition: form-data; name="primeContractId"\r\n\r\n${contract.primeContractId}\r\n--b\r\ncontent-disposition: form-data; name="file"; filename="x.csv"\r\n\r\n${HEADER}\r\n${goodRow(1)}\r\n`;
    const response = await fetch(`${api.baseUrl}/referral-imports`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'multipart/form-data; boundary=b',
      },
      body,
      signal: AbortSignal.timeout(10_000),
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(await response.json()).toMatchObject({
      code: 'MALFORMED_REQUEST',
      errors: [{ field: 'body', message: 'ends before the file part does' }],
    });
    const { rows } = await api.db.pool.query(
      'SELECT count(*)::int AS n FROM referral_import WHERE prime_contract_id = $1',
      [contract.primeContractId],
    );
    expect(rows[0].n).toBe(0);
  });

  it('answers the exact problem for a missing file or bad fields', async () => {
    const { contract, token } = await aPartnerWorld();
    const noFile = new FormData();
    noFile.append('primeContractId', contract.primeContractId);
    const response = await fetch(`${api.baseUrl}/referral-imports`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: noFile,
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      code: 'IMPORT_FILE_REQUIRED',
      errors: [{ field: 'body.file', message: 'is required' }],
    });

    const badFields = await upload(token, `${HEADER}\n${goodRow(1)}`, {
      primeContractId: 'nope',
      mode: 'some-rows',
    });
    expect(badFields.status).toBe(400);
    expect(badFields.body.errors).toEqual([
      { field: 'body.primeContractId', message: 'must be a UUID' },
      { field: 'body.mode', message: expect.stringContaining('all-or-nothing') },
    ]);

    const json = await call(api.baseUrl, 'POST', '/referral-imports', {
      token,
      body: { primeContractId: contract.primeContractId },
    });
    expect(json.status).toBe(415);
  });

  it('lets a commissioner upload for a referral partner of its own programme only', async () => {
    const contract = await aPrimeContract(api.db.pool);
    const { rows } = await api.db.pool.query<{ commissioner_id: string }>(
      'SELECT commissioner_id FROM programme WHERE id = $1',
      [contract.programmeId],
    );
    const commissioner = await aUser(api.db.pool, {
      organisationId: rows[0]!.commissioner_id,
      roles: ['CASEWORKER'],
    });
    const { accessToken } = await signIn(api.baseUrl, commissioner.email, TEST_PASSWORD);
    const partner = await aMember(api.db.pool, { kind: 'REFERRAL_PARTNER' });
    const partnerSession = await signIn(api.baseUrl, partner.user.email, TEST_PASSWORD);

    const missingPartner = await upload(accessToken, `${HEADER}\n${goodRow(1)}`, {
      primeContractId: contract.primeContractId,
    });
    expect(missingPartner.body.errors).toEqual([
      { field: 'body.referralPartnerId', message: 'is required when a commissioner uploads' },
    ]);

    const queued = await upload(accessToken, `${HEADER}\n${goodRow(1)}`, {
      primeContractId: contract.primeContractId,
      referralPartnerId: partner.organisation.id,
    });
    expect(queued.status).toBe(202);
    await untilFinished(accessToken, queued.body.referralImport.id);
    const { rows: referrals } = await api.db.pool.query(
      'SELECT referral_partner_id FROM referral WHERE prime_contract_id = $1',
      [contract.primeContractId],
    );
    expect(referrals).toEqual([{ referral_partner_id: partner.organisation.id }]);
    // The partner sees the import made on its behalf.
    expect(
      (
        await call(api.baseUrl, 'GET', `/referral-imports/${queued.body.referralImport.id}`, {
          token: partnerSession.accessToken,
        })
      ).status,
    ).toBe(200);

    const otherContract = await aPrimeContract(api.db.pool);
    const elsewhere = await upload(accessToken, `${HEADER}\n${goodRow(2)}`, {
      primeContractId: otherContract.primeContractId,
      referralPartnerId: partner.organisation.id,
    });
    expect(elsewhere.status).toBe(404);
  });
});

describe('GET /referral-imports', () => {
  it('lists only the caller’s imports, newest first, and hides another organisation’s as 404', async () => {
    const { contract, token } = await aPartnerWorld();
    const first = await upload(token, `${HEADER}\n${goodRow(1)}`, {
      primeContractId: contract.primeContractId,
    });
    const second = await upload(token, `${HEADER}\n${goodRow(2)}`, {
      primeContractId: contract.primeContractId,
    });
    await untilFinished(token, first.body.referralImport.id);
    await untilFinished(token, second.body.referralImport.id);

    const page1 = await call(api.baseUrl, 'GET', '/referral-imports?limit=1', { token });
    expect(page1.body.referralImports.map((item: { id: string }) => item.id)).toEqual([
      second.body.referralImport.id,
    ]);
    const page2 = await call(
      api.baseUrl,
      'GET',
      `/referral-imports?limit=1&cursor=${page1.body.nextCursor}`,
      { token },
    );
    expect(page2.body).toEqual({
      referralImports: [expect.objectContaining({ id: first.body.referralImport.id })],
      nextCursor: null,
    });

    const stranger = await aPartnerWorld();
    expect(
      (await call(api.baseUrl, 'GET', '/referral-imports', { token: stranger.token })).body
        .referralImports,
    ).toEqual([]);
    const hidden = await call(
      api.baseUrl,
      'GET',
      `/referral-imports/${first.body.referralImport.id}`,
      { token: stranger.token },
    );
    expect(hidden.status).toBe(404);
    expect(hidden.body.code).toBe('NOT_FOUND');
    expect((await errorsCsv(stranger.token, first.body.referralImport.id)).status).toBe(404);

    const prime = await aMember(api.db.pool, { kind: 'PRIME' });
    const primeSession = await signIn(api.baseUrl, prime.user.email, TEST_PASSWORD);
    expect(
      (await call(api.baseUrl, 'GET', '/referral-imports', { token: primeSession.accessToken }))
        .status,
    ).toBe(403);
  });

  it('neutralises spreadsheet formulas in errors.csv', async () => {
    const { contract, token } = await aPartnerWorld();
    const csv = [
      HEADER,
      `"=HYPERLINK(""http://evil.example"",""x"")",AB000001C,1990-01-01,+SUM(A1)`,
      `@cmd,AB000002C,1990-01-01,-2+3`,
    ].join('\n');
    const queued = await upload(token, csv, { primeContractId: contract.primeContractId });
    const done = await untilFinished(token, queued.body.referralImport.id);
    const lines = (await errorsCsv(token, done.id)).text.trim().split('\r\n');
    expect(lines.slice(1)).toEqual([
      expect.stringMatching(/^2,benefit_type,'\+SUM\(A1\),/),
      expect.stringMatching(/^3,benefit_type,'-2\+3,/),
    ]);
    // Values that are fine are left alone; only cells an attacker controls are prefixed.
    expect(lines.every((line) => !/,[=+\-@]/.test(line))).toBe(true);
  });

  it('serves a template that imports cleanly', async () => {
    const { contract, token } = await aPartnerWorld();
    const response = await fetch(`${api.baseUrl}/referral-imports/template.csv`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    const template = await response.text();
    expect(template.split('\r\n')[0]).toBe(HEADER);
    const queued = await upload(token, template, { primeContractId: contract.primeContractId });
    expect((await untilFinished(token, queued.body.referralImport.id)).counts).toEqual({
      total: 1,
      imported: 1,
      rejected: 0,
    });
  });
});

describe('referral import job', () => {
  it('does nothing when run again for a finished import', async () => {
    const { contract, token } = await aPartnerWorld();
    const queued = await upload(token, [HEADER, goodRow(1), goodRow(2)].join('\n'), {
      primeContractId: contract.primeContractId,
    });
    const done = await untilFinished(token, queued.body.referralImport.id);
    await api.app.get(ReferralImportJob).run(done.id);
    expect(await referralsOf(contract.primeContractId)).toEqual({ n: 2, transitions: 2 });
    const after = await call(api.baseUrl, 'GET', `/referral-imports/${done.id}`, { token });
    expect(after.body.referralImport).toEqual(done);
  });

  it('leaves nothing behind when the job dies mid-write, and the retry imports each row once', async () => {
    const { contract, token } = await aPartnerWorld();
    // The first attempt dies while writing transitions (after its participants and referrals were inserted).
    // A sequence, because nextval survives the rollback that undoes everything else.
    const failOnce = `fail_once_${randomBytes(4).toString('hex')}`;
    await api.db.pool.query(`CREATE SEQUENCE ${failOnce}`);
    await api.db.pool.query(`
      CREATE FUNCTION ${failOnce}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.prime_contract_id = '${contract.primeContractId}' AND nextval('${failOnce}') = 1 THEN
          RAISE EXCEPTION 'simulated crash';
        END IF;
        RETURN NEW;
      END $$`);
    await api.db.pool.query(
      `CREATE TRIGGER ${failOnce} BEFORE INSERT ON referral_transition FOR EACH ROW EXECUTE FUNCTION ${failOnce}()`,
    );
    try {
      const queued = await upload(token, [HEADER, goodRow(1), goodRow(2), goodRow(3)].join('\n'), {
        primeContractId: contract.primeContractId,
      });
      const done = await untilFinished(token, queued.body.referralImport.id);
      expect(done.counts).toEqual({ total: 3, imported: 3, rejected: 0 });
      const { rows } = await api.db.pool.query(
        'SELECT attempts FROM referral_import WHERE id = $1',
        [done.id],
      );
      expect(rows[0].attempts).toBe(2);
      expect(await referralsOf(contract.primeContractId)).toEqual({ n: 3, transitions: 3 });
      const participants = await api.db.pool.query(
        'SELECT count(*)::int AS n FROM participant WHERE prime_contract_id = $1',
        [contract.primeContractId],
      );
      expect(participants.rows[0].n).toBe(3);
    } finally {
      await api.db.pool.query(`DROP TRIGGER ${failOnce} ON referral_transition`);
    }
  });
});

describe('validation SQL', () => {
  it('accepts exactly the NI numbers common/pii accepts', async () => {
    const samples = [
      'AB123456C',
      'QQ123456C',
      'BG123456A',
      'GB123456A',
      'NK123456A',
      'TN123456A',
      'ZZ123456A',
      'DA123456A',
      'AD123456A',
      'AO123456A',
      'AB123456E',
      'AB12345C',
      'ab123456c',
      'JK000000D',
      'A1123456C',
    ];
    const { rows } = await api.db.pool.query<{ sample: string; valid: boolean }>(
      'SELECT sample, sample ~ $2 AS valid FROM unnest($1::text[]) AS sample',
      [samples.map((sample) => sample.toUpperCase()), NI_NUMBER_SQL_PATTERN],
    );
    for (const row of rows)
      expect([row.sample, row.valid]).toEqual([row.sample, isValidNiNumber(row.sample)]);
  });

  it('reads ISO and UK dates and refuses days that do not exist', async () => {
    const { rows } = await api.db.pool.query<{ value: string; parsed: string | null }>(
      `SELECT value, referral_import_parse_date(value)::text AS parsed FROM unnest($1::text[]) AS value`,
      [
        [
          '2024-02-29',
          '2023-02-29',
          '29/02/2024',
          '1/2/1990',
          '1990-1-2',
          '0000-01-01',
          '31/04/1990',
          '2026-04-01T00:00',
          'tomorrow',
        ],
      ],
    );
    expect(Object.fromEntries(rows.map((row) => [row.value, row.parsed]))).toEqual({
      '2024-02-29': '2024-02-29',
      '2023-02-29': null,
      '29/02/2024': '2024-02-29',
      '1/2/1990': '1990-02-01',
      '1990-1-2': null,
      '0000-01-01': null,
      '31/04/1990': null,
      '2026-04-01T00:00': null,
      tomorrow: null,
    });
  });
});
