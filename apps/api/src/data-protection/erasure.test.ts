// Erasure that stays erased (W18): executing an erasure closes the
// participant's record — live referrals end with the reason recorded, nothing
// new about the person is stored under it, free text is cleared — a later
// erasure still runs, and a returning person is a new referral and a new start,
// with no milestone claimed under both records. Subject access exports include
// everything held and name people instead of giving ids.
import { randomUUID } from 'node:crypto';
import { addDays } from '@waymark/domain';
import { aClaimsWorld, type ClaimsWorld, type Person } from '../claims/claims.test-world';
import { verifyAuditChain } from '../common/audit/audit.service';
import { CLOCK, type Clock, fixedClock } from '../common/clock/clock';
import { anOrganisation } from '@waymark/db/test-support';
import { call } from '../test-support/http';
import { createTestApp, type TestApp } from '../test-support/test-app';
import { aDataProtectionWorld } from './data-protection.test-world';
import { CLOSED_RECORD_EXIT_REASON } from './retention.repository';
import { aSignedInUser } from '../test-support/signed-in-user';

let api: TestApp;
let world: Awaited<ReturnType<typeof aDataProtectionWorld>>;
const today = new Date().toISOString().slice(0, 10);

beforeAll(async () => {
  api = await createTestApp();
  // The API's day is pinned to the test's, so "ended today" cannot straddle midnight.
  Object.assign(api.app.get<Clock>(CLOCK), fixedClock(today));
  world = await aDataProtectionWorld(api);
}, 120_000);
afterAll(async () => {
  await api.close();
});

/** Request (maker), approve (checker) and execute an erasure; returns the executed request. */
async function erase(
  participantId: string,
  admins: { maker: Person; checker: Person },
  description = 'Asked by phone to erase everything',
) {
  const made = await call(
    api.baseUrl,
    'POST',
    `/participants/${participantId}/data-subject-requests`,
    {
      token: admins.maker.token,
      body: {
        kind: 'ERASURE',
        receivedOn: today,
        description,
        lawfulBasisNotes: 'Evidence kept for ESF audit (Art. 17(3)(b))',
      },
    },
  );
  expect(made.status).toBe(201);
  const id = made.body.dataSubjectRequest.id as string;
  expect(
    (
      await call(api.baseUrl, 'POST', `/data-subject-requests/${id}/approve`, {
        token: admins.checker.token,
        body: { reason: 'Valid request' },
      })
    ).status,
  ).toBe(200);
  const executed = await call(api.baseUrl, 'POST', `/data-subject-requests/${id}/execute`, {
    token: admins.maker.token,
  });
  expect(executed.status).toBe(200);
  return executed.body.dataSubjectRequest as { id: string; status: string };
}

const dpAdmins = () => ({
  maker: world.people.commissionerAdmin,
  checker: world.people.commissionerAdmin2,
});
const one = async <T>(sql: string, values: unknown[]) =>
  (await api.db.pool.query(sql, values)).rows[0] as T;

describe('executing an erasure', () => {
  it('ends the participant’s live referral with the reason recorded and audited, and refuses new personal data on the record', async () => {
    const subject = await world.aParticipant({
      contract: world.currentContract,
      activityOn: today,
      attachedOn: '2025-05-01',
    });
    await erase(subject.participantId, dpAdmins());

    const referral = await one<{ status: string; exited_on: string; exit_reason: string }>(
      'SELECT status, exited_on::text, exit_reason FROM referral WHERE id = $1',
      [subject.referralId],
    );
    expect(referral).toEqual({
      status: 'EXITED',
      exited_on: today,
      exit_reason: CLOSED_RECORD_EXIT_REASON.ERASURE,
    });
    const transition = await one<{
      from_status: string;
      to_status: string;
      reason: string;
      by_user_id: string;
    }>(
      'SELECT from_status, to_status, reason, by_user_id FROM referral_transition WHERE referral_id = $1 ORDER BY at DESC LIMIT 1',
      [subject.referralId],
    );
    expect(transition).toEqual({
      from_status: 'ATTACHED',
      to_status: 'EXITED',
      reason: CLOSED_RECORD_EXIT_REASON.ERASURE,
      by_user_id: world.people.commissionerAdmin.id,
    });
    const audited = await api.db.pool.query<{ action: string; data: { from: string; to: string } }>(
      `SELECT action, data FROM audit_event WHERE entity_type = 'referral' AND entity_id = $1 AND action = 'referral.exit'`,
      [subject.referralId],
    );
    expect(audited.rows.map((row) => [row.data.from, row.data.to])).toEqual([
      ['ATTACHED', 'EXITED'],
    ]);

    // The caseworker's new note ("…lives at 12 Canal St") is refused, through the API and in the database.
    const note = await call(api.baseUrl, 'POST', `/referrals/${subject.referralId}/activities`, {
      token: world.people.subCaseworker.token,
      body: { kind: 'CONTACT', occurredOn: today, notes: 'Now lives at 12 Canal St' },
    });
    expect(note.status).toBe(409);
    await expect(
      api.db.pool.query(
        `INSERT INTO activity (programme_id, prime_contract_id, referral_id, kind, occurred_on, notes, recorded_by_user_id) VALUES ($1, $2, $3, 'CONTACT', $4, 'Now lives at 12 Canal St', $5)`,
        [
          world.programmeId,
          world.currentContract.primeContractId,
          subject.referralId,
          today,
          world.people.subCaseworker.id,
        ],
      ),
    ).rejects.toMatchObject({ constraint: 'participant_pseudonymised_record_closed' });
    await expect(
      api.db.pool.query(
        `INSERT INTO participant_special_category (participant_id, programme_id, prime_contract_id, data, recorded_by_user_id) VALUES ($1, $2, $3, $4, $5)`,
        [
          subject.participantId,
          world.programmeId,
          world.currentContract.primeContractId,
          { health: 'Asthma' },
          world.people.subCaseworker.id,
        ],
      ),
    ).rejects.toMatchObject({ constraint: 'participant_pseudonymised_record_closed' });
    expect(
      await one<{ n: number }>(
        'SELECT count(*)::int AS n FROM activity WHERE referral_id = $1 AND notes IS NOT NULL',
        [subject.referralId],
      ),
    ).toEqual({ n: 0 });
    expect((await verifyAuditChain(api.db.pool)).isValid).toBe(true);
  });

  it('clears free text that can hold personal data: transition, exit and allocation reasons, claim queries, the request’s description, evidence file names', async () => {
    const subject = await world.aParticipant({
      contract: world.currentContract,
      activityOn: today,
      attachedOn: '2025-05-02',
    });
    const scope = [world.programmeId, world.currentContract.primeContractId];
    await api.db.pool.query(
      `UPDATE referral SET allocation_reason = 'Near her mum in Walsall' WHERE id = $1`,
      [subject.referralId],
    );
    await api.db.pool.query(
      `INSERT INTO referral_transition (programme_id, prime_contract_id, referral_id, from_status, to_status, reason) VALUES ($1, $2, $3, 'ALLOCATED', 'ACCEPTED', 'Handed back: she moved to Leeds')`,
      [...scope, subject.referralId],
    );
    await api.db.pool.query(
      `INSERT INTO claim_transition (programme_id, prime_contract_id, claim_id, from_status, to_status, reason) VALUES ($1, $2, $3, 'SUBMITTED', 'PRIME_QUERIED', 'Payslip shows her maiden name Smith')`,
      [...scope, subject.claimId],
    );
    const queryId = await one<{ id: string }>(
      `INSERT INTO claim_query (programme_id, prime_contract_id, claim_id, subject, raised_by_user_id) VALUES ($1, $2, $3, 'Payslip for Jane Smith', $4) RETURNING id`,
      [...scope, subject.claimId, world.people.primeAdmin.id],
    );
    await api.db.pool.query(
      `INSERT INTO claim_query_message (claim_query_id, author_user_id, body) VALUES ($1, $2, 'Her new address is 12 Canal St')`,
      [queryId.id, world.people.primeAdmin.id],
    );

    const request = await erase(
      subject.participantId,
      dpAdmins(),
      'Jane Smith phoned: erase everything, she has moved to Leeds',
    );

    const texts = await api.db.pool.query<{ text: string }>(
      `SELECT reason AS text FROM referral_transition WHERE referral_id = $1 AND reason IS NOT NULL
       UNION ALL SELECT exit_reason FROM referral WHERE id = $1 UNION ALL SELECT allocation_reason FROM referral WHERE id = $1
       UNION ALL SELECT reason FROM claim_transition WHERE claim_id = $2 AND reason IS NOT NULL
       UNION ALL SELECT subject FROM claim_query WHERE claim_id = $2 UNION ALL SELECT body FROM claim_query_message WHERE claim_query_id = $3
       UNION ALL SELECT description FROM data_subject_request WHERE id = $4 UNION ALL SELECT filename FROM evidence WHERE claim_id = $2`,
      [subject.referralId, subject.claimId, queryId.id, request.id],
    );
    const all = texts.rows.map((row) => row.text);
    expect(all.join(' | ')).not.toMatch(/Walsall|Leeds|Smith|Canal|payslip/i);
    expect(
      all.filter(
        (text) =>
          text !== '[removed]' &&
          text !== CLOSED_RECORD_EXIT_REASON.ERASURE &&
          text !== '[removed].pdf',
      ),
    ).toEqual([]);
    expect(all).toContain('[removed].pdf');
  });

  it('can be executed again later: a second erasure is accepted and clears what was written since', async () => {
    const subject = await world.aParticipant({
      contract: world.currentContract,
      activityOn: today,
      attachedOn: '2025-05-03',
    });
    await erase(subject.participantId, dpAdmins());
    // The money trail goes on: a query about the paid claim is still answered after the erasure…
    const queryId = await one<{ id: string }>(
      `INSERT INTO claim_query (programme_id, prime_contract_id, claim_id, subject, raised_by_user_id) VALUES ($1, $2, $3, 'Evidence check', $4) RETURNING id`,
      [
        world.programmeId,
        world.currentContract.primeContractId,
        subject.claimId,
        world.people.primeAdmin.id,
      ],
    );
    const posted = await call(api.baseUrl, 'POST', `/claim-queries/${queryId.id}/messages`, {
      token: world.people.primeAdmin.token,
      body: { body: 'Spoke to her at 12 Canal St, payslip confirmed' },
    });
    expect(posted.status).toBe(201);

    // …and when the person asks again, the erasure runs again.
    const second = await erase(subject.participantId, dpAdmins(), 'Asked again by letter');
    expect(second.status).toBe('EXECUTED');
    const messages = await api.db.pool.query<{ body: string }>(
      'SELECT body FROM claim_query_message WHERE claim_query_id = $1',
      [queryId.id],
    );
    expect(messages.rows).toEqual([{ body: '[removed]' }]);
    const executed = await one<{ data: { alreadyPseudonymised: boolean } }>(
      `SELECT data FROM audit_event WHERE action = 'data-subject-request.execute' AND entity_id = $1`,
      [second.id],
    );
    expect(executed.data.alreadyPseudonymised).toBe(true);
    // A correction still has nothing to correct.
    const rectify = await call(
      api.baseUrl,
      'POST',
      `/participants/${subject.participantId}/data-subject-requests`,
      {
        token: world.people.commissionerAdmin.token,
        body: {
          kind: 'RECTIFICATION',
          receivedOn: today,
          description: 'Correct my date of birth',
          rectification: { dateOfBirth: '1981-01-01' },
        },
      },
    );
    expect(rectify.status).toBe(409);
    expect(rectify.body.code).toBe('PARTICIPANT_PSEUDONYMISED');
  });
});

describe('re-referral after erasure', () => {
  let claims: ClaimsWorld;
  let admins: { maker: Person; checker: Person };
  let partnerCaseworker: Person;
  beforeAll(async () => {
    claims = await aClaimsWorld(api);
    admins = {
      maker: await aSignedInUser(api.baseUrl, api.db.pool, {
        organisationId: claims.commissioner.id,
        roles: ['ADMIN'],
      }),
      checker: await aSignedInUser(api.baseUrl, api.db.pool, {
        organisationId: claims.commissioner.id,
        roles: ['ADMIN'],
      }),
    };
    const jobcentre = await anOrganisation(api.db.pool, { kind: 'REFERRAL_PARTNER' });
    partnerCaseworker = await aSignedInUser(api.baseUrl, api.db.pool, {
      organisationId: jobcentre.id,
      roles: ['CASEWORKER'],
    });
  });

  it('is a new start on a new record, the erased record closed first, and no milestone is claimed under both records', async () => {
    const niNumber = `AB${String(Math.floor(Math.random() * 1_000_000)).padStart(6, '0')}D`;
    // In work for 120 days: ATTACHMENT and JOB_OUTCOME (13 weeks in work) are earned on the first record.
    const first = await claims.aReferral({
      niNumber,
      attachedDaysAgo: 200,
      jobStartedDaysAgo: 120,
    });
    const attachment = await call(api.baseUrl, 'POST', '/claims', {
      token: claims.people.subCaseworker.token,
      body: { referralId: first.referralId, milestoneCode: 'ATTACHMENT' },
    });
    expect(attachment.status).toBe(201);

    await erase(first.participantId, admins);
    expect(
      await one<{ status: string }>('SELECT status FROM referral WHERE id = $1', [
        first.referralId,
      ]),
    ).toEqual({ status: 'EXITED' });

    // The same person is referred again: a new participant record and a new referral (a new start).
    const again = await call(api.baseUrl, 'POST', '/referrals', {
      token: partnerCaseworker.token,
      body: {
        primeContractId: claims.primeContractId,
        externalReference: `JCP-${randomUUID().slice(0, 8)}`,
        participant: { niNumber, dateOfBirth: '1990-04-04', benefitType: 'UC' },
      },
    });
    expect(again.status).toBe(201);
    const second = again.body.referral as { id: string; participant: { id: string } };
    expect(second.participant.id).not.toBe(first.participantId);
    const live = await api.db.pool.query(
      `SELECT r.id FROM referral r WHERE r.participant_id = ANY($1::uuid[]) AND r.status NOT IN ('EXITED', 'REJECTED')`,
      [[first.participantId, second.participant.id]],
    );
    expect(live.rows).toEqual([{ id: second.id }]);

    // The closed record claims nothing more: not the outcome it had earned, not the attachment again.
    const outcomeOnClosed = await call(api.baseUrl, 'POST', '/claims', {
      token: claims.people.subCaseworker.token,
      body: { referralId: first.referralId, milestoneCode: 'JOB_OUTCOME' },
    });
    expect(outcomeOnClosed.status).toBe(409);
    expect(outcomeOnClosed.body.detail).toContain('record is closed');
    expect(
      (
        await call(api.baseUrl, 'POST', '/claims', {
          token: claims.people.subCaseworker.token,
          body: { referralId: first.referralId, milestoneCode: 'ATTACHMENT' },
        })
      ).status,
    ).toBe(409);

    // The new start is delivered and claims its own attachment, once.
    await api.db.pool.query(
      `UPDATE referral SET status = 'ATTACHED', subcontract_id = $2, accepted_at = now(), allocated_at = now(), attached_on = $3 WHERE id = $1`,
      [second.id, claims.subcontractId, addDays(today, -1)],
    );
    await api.db.pool.query(
      `INSERT INTO needs_assessment (programme_id, prime_contract_id, participant_id, barriers, payment_group_id, rule_id, explanation, assessed_by_user_id)
       VALUES ($1, $2, $3, '[]', $4, 'B', 'new start', $5)`,
      [
        claims.programmeId,
        claims.primeContractId,
        second.participant.id,
        claims.groupId,
        claims.people.subCaseworker.id,
      ],
    );
    const newAttachment = await call(api.baseUrl, 'POST', '/claims', {
      token: claims.people.subCaseworker.token,
      body: { referralId: second.id, milestoneCode: 'ATTACHMENT' },
    });
    expect(newAttachment.status).toBe(201);
    expect(
      (
        await call(api.baseUrl, 'POST', '/claims', {
          token: claims.people.subCaseworker.token,
          body: { referralId: second.id, milestoneCode: 'ATTACHMENT' },
        })
      ).status,
    ).toBe(409);

    // Across both records, every claimed milestone happened under the referral it is claimed on: none is claimed twice.
    const claimed = await api.db.pool.query<{
      referral_id: string;
      code: string;
      milestone_on: string;
      attached_on: string;
      closed_on: string | null;
    }>(
      `SELECT c.referral_id, mt.code::text AS code, c.milestone_on::text, r.attached_on::text, r.exited_on::text AS closed_on
         FROM claim c JOIN milestone_type mt ON mt.id = c.milestone_type_id JOIN referral r ON r.id = c.referral_id
        WHERE r.participant_id = ANY($1::uuid[]) AND c.status NOT IN ('WITHDRAWN', 'REJECTED', 'PRIME_REJECTED') ORDER BY c.created_at`,
      [[first.participantId, second.participant.id]],
    );
    expect(claimed.rows.map((row) => [row.referral_id, row.code])).toEqual([
      [first.referralId, 'ATTACHMENT'],
      [second.id, 'ATTACHMENT'],
    ]);
    for (const row of claimed.rows) {
      expect(row.milestone_on >= row.attached_on).toBe(true);
      if (row.closed_on) expect(row.milestone_on <= row.closed_on).toBe(true);
    }
    // The database holds the line even for a writer that skips the API.
    await expect(
      // The first record's own attachment claim, copied as a JOB_OUTCOME draft.
      api.db.pool.query(
        `INSERT INTO claim (programme_id, prime_contract_id, referral_id, subcontract_id, milestone_type_id, milestone_on, tariff_id, amount_pence, status, created_by_user_id)
         SELECT programme_id, prime_contract_id, referral_id, subcontract_id, $2, milestone_on, tariff_id, amount_pence, 'DRAFT', created_by_user_id FROM claim WHERE referral_id = $1`,
        [first.referralId, claims.types.JOB_OUTCOME],
      ),
    ).rejects.toMatchObject({ constraint: 'participant_pseudonymised_record_closed' });
  });
});

describe('subject access export', () => {
  it('includes claim query threads and earnings rows, and names people with their organisation instead of giving ids', async () => {
    const subject = await world.aParticipant({
      contract: world.currentContract,
      activityOn: today,
      attachedOn: '2025-05-04',
    });
    const queryId = await one<{ id: string }>(
      `INSERT INTO claim_query (programme_id, prime_contract_id, claim_id, subject, raised_by_user_id) VALUES ($1, $2, $3, 'Which employer?', $4) RETURNING id`,
      [
        world.programmeId,
        world.currentContract.primeContractId,
        subject.claimId,
        world.people.primeAdmin.id,
      ],
    );
    await api.db.pool.query(
      `INSERT INTO claim_query_message (claim_query_id, author_user_id, body) VALUES ($1, $2, 'Acme Ltd, from 1 May')`,
      [queryId.id, world.people.subCaseworker.id],
    );
    const upload = await one<{ id: string }>(
      `INSERT INTO data_match_upload (programme_id, source, filename, sha256, row_count, uploaded_by_user_id) VALUES ($1, 'HMRC RTI', 'rti-2025-05.csv', $2, 1, $3) RETURNING id`,
      [
        world.programmeId,
        Buffer.from(randomUUID().replace(/-/g, ''), 'hex'),
        world.people.commissionerAdmin.id,
      ],
    );
    await api.db.pool.query(
      `INSERT INTO data_match_row (upload_id, line_number, ni_number_hmac, participant_id, period_start, period_end, earnings_pence, hours_worked) VALUES ($1, 1, $2, $3, '2025-05-01', '2025-05-31', 123456, 80)`,
      [upload.id, Buffer.alloc(32, 7), subject.participantId],
    );
    // Someone reads the special category data, so the export has a reader to name.
    await call(api.baseUrl, 'GET', `/participants/${subject.participantId}/subject-access-export`, {
      token: world.people.commissionerAuditor.token,
    });

    const res = await call(
      api.baseUrl,
      'GET',
      `/participants/${subject.participantId}/subject-access-export`,
      { token: world.people.commissionerAdmin.token },
    );
    expect(res.status).toBe(200);
    const data = res.body.subjectAccessExport;
    const names = await api.db.pool.query<{ id: string; label: string }>(
      `SELECT u.id, u.display_name || ' (' || o.name || ')' AS label FROM app_user u JOIN organisation o ON o.id = u.organisation_id WHERE u.id = ANY($1::uuid[])`,
      [
        [
          world.people.primeAdmin.id,
          world.people.subCaseworker.id,
          world.people.commissionerAdmin.id,
          world.people.commissionerAuditor.id,
        ],
      ],
    );
    const label = (id: string) => names.rows.find((row) => row.id === id)!.label;

    expect(data.claimQueries).toEqual([
      expect.objectContaining({
        id: queryId.id,
        subject: 'Which employer?',
        raisedBy: label(world.people.primeAdmin.id),
        messages: [
          expect.objectContaining({
            author: label(world.people.subCaseworker.id),
            body: 'Acme Ltd, from 1 May',
          }),
        ],
      }),
    ]);
    expect(data.dataMatchRows).toEqual([
      expect.objectContaining({
        source: 'HMRC RTI',
        filename: 'rti-2025-05.csv',
        periodStart: '2025-05-01',
        earningsPence: '123456',
        uploadedBy: label(world.people.commissionerAdmin.id),
      }),
    ]);
    const reads = data.auditEvents.filter(
      (event: { action: string }) => event.action === 'participant.read-special-category',
    );
    expect(reads[0]).toMatchObject({ actor: label(world.people.commissionerAuditor.id) });
    expect(data.generatedBy).toBe(label(world.people.commissionerAdmin.id));
    expect(data.specialCategory.recordedBy).toBe(label(world.people.subCaseworker.id));
    // No person or organisation appears as a bare id anywhere.
    const text = JSON.stringify(data);
    for (const id of [
      world.people.primeAdmin.id,
      world.people.subCaseworker.id,
      world.people.commissionerAdmin.id,
      world.people.commissionerAuditor.id,
      world.commissioner.id,
      world.prime.id,
      world.subcontractor.id,
    ]) {
      expect(text).not.toContain(id);
    }
    expect(text).not.toMatch(/UserId|OrganisationId/);
    const pdf = await fetch(
      `${api.baseUrl}/participants/${subject.participantId}/subject-access-export/pdf`,
      { headers: { authorization: `Bearer ${world.people.commissionerAdmin.token}` } },
    );
    expect(pdf.status).toBe(200);
  });
});
