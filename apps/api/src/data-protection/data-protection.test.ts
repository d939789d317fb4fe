import { verifyAuditChain } from '../common/audit/audit.service';
import { CLOCK, type Clock, fixedClock, systemClock } from '../common/clock/clock';
import { call } from '../test-support/http';
import { createTestApp, type TestApp } from '../test-support/test-app';
import { RetentionService } from './retention.service';
import { aDataProtectionWorld, CLAIM_PENCE, SPECIAL_CATEGORY } from './data-protection.test-world';

let api: TestApp;
let world: Awaited<ReturnType<typeof aDataProtectionWorld>>;
const today = new Date().toISOString().slice(0, 10);

beforeAll(async () => {
  api = await createTestApp();
  world = await aDataProtectionWorld(api);
}, 120_000);
afterAll(async () => {
  await api.close();
});

const setPolicy = (
  token: string,
  body: unknown = {
    personalDataYearsAfterExit: 6,
    evidenceYearsAfterContractEnd: 7,
    notes: 'ESF: keep evidence to 2034',
  },
  programmeId = world.programmeId,
) => call(api.baseUrl, 'PUT', `/programmes/${programmeId}/retention-policy`, { token, body });

async function participantRow(id: string) {
  const { rows } = await api.db.pool.query<{
    ni_number_ciphertext: Buffer;
    ni_number_hmac: Buffer;
    date_of_birth: string | null;
    benefit_type: string | null;
  }>(
    'SELECT ni_number_ciphertext, ni_number_hmac, date_of_birth::text, benefit_type FROM participant WHERE id = $1',
    [id],
  );
  return rows[0]!;
}
const count = async (sql: string, values: unknown[]) =>
  Number(
    (await api.db.pool.query<{ n: string }>(`SELECT count(*)::text AS n FROM (${sql}) x`, values))
      .rows[0]!.n,
  );

async function ledgerIsBalanced() {
  const overall = await api.db.pool.query<{ total: string | null }>(
    'SELECT sum(amount_pence)::text AS total FROM ledger_entry',
  );
  const unbalanced = await count(
    'SELECT transaction_id FROM ledger_entry GROUP BY transaction_id HAVING sum(amount_pence) <> 0',
    [],
  );
  return overall.rows[0]!.total === '0' && unbalanced === 0;
}

describe('retention policy', () => {
  it('is set by the programme’s commissioner and readable by every party in the programme, and by no one else', async () => {
    // Its own programme: the other tests set the shared world's policy.
    const world = await aDataProtectionWorld(api);
    const setPolicyHere = (token: string, body?: unknown) =>
      setPolicy(token, body, world.programmeId);
    // A referral partner is in the programme once it has referred someone.
    await world.aParticipant({
      contract: world.currentContract,
      activityOn: today,
      attachedOn: '2025-01-05',
    });
    const before = await call(
      api.baseUrl,
      'GET',
      `/programmes/${world.programmeId}/retention-policy`,
      { token: world.people.subCaseworker.token },
    );
    expect(before.status).toBe(200);
    expect(before.body.retentionPolicy).toMatchObject({
      isSet: false,
      personalDataYearsAfterExit: null,
    });

    expect((await setPolicyHere(world.people.primeAdmin.token)).status).toBe(404);
    expect((await setPolicyHere(world.people.outsiderAdmin.token)).status).toBe(404);
    const bad = await setPolicyHere(world.people.commissionerAdmin.token, {
      personalDataYearsAfterExit: 0,
      evidenceYearsAfterContractEnd: 'seven',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'body.evidenceYearsAfterContractEnd',
      'body.personalDataYearsAfterExit',
    ]);

    const set = await setPolicyHere(world.people.commissionerAdmin.token);
    expect(set.status).toBe(200);
    for (const person of [
      world.people.primeAuditor,
      world.people.subCaseworker,
      world.people.partnerCaseworker,
    ]) {
      const read = await call(
        api.baseUrl,
        'GET',
        `/programmes/${world.programmeId}/retention-policy`,
        { token: person.token },
      );
      expect(read.body.retentionPolicy).toMatchObject({
        isSet: true,
        personalDataYearsAfterExit: 6,
        evidenceYearsAfterContractEnd: 7,
        notes: 'ESF: keep evidence to 2034',
      });
    }
    expect(
      (
        await call(api.baseUrl, 'GET', `/programmes/${world.programmeId}/retention-policy`, {
          token: world.people.outsiderAdmin.token,
        })
      ).status,
    ).toBe(404);
  });
});

describe('retention run', () => {
  it('judges what is due by the API clock’s day, not the machine’s: with the clock in 2031 a participant due in 2030 is found', async () => {
    await setPolicy(world.people.commissionerAdmin.token);
    // Exited in 2024 on the current contract: personal data due 2030-03-01, years after the real today.
    const dueIn2030 = await world.aParticipant({
      contract: world.currentContract,
      attachedOn: '2023-01-10',
      activityOn: '2024-02-20',
      exitedOn: '2024-03-01',
    });
    const clock = api.app.get<Clock>(CLOCK);
    Object.assign(clock, fixedClock('2031-06-01'));
    try {
      const dry = await call(
        api.baseUrl,
        'POST',
        `/programmes/${world.programmeId}/retention-runs`,
        { token: world.people.commissionerAdmin.token, body: { dryRun: true } },
      );

      expect(dry.status).toBe(201);
      expect(dry.body.retentionRun.run).toMatchObject({ asOf: '2031-06-01', isDryRun: true });
      expect(
        dry.body.retentionRun.participants.find(
          (p: { participantId: string }) => p.participantId === dueIn2030.participantId,
        ),
      ).toMatchObject({ clockStartsOn: '2024-03-01', dueOn: '2030-03-01' });
      // "As of today" for a real run is the clock's day: another day is refused before anything is applied.
      const otherDay = await call(
        api.baseUrl,
        'POST',
        `/programmes/${world.programmeId}/retention-runs`,
        {
          token: world.people.commissionerAdmin.token,
          body: { dryRun: false, asOf: today },
        },
      );
      expect(otherDay.body).toMatchObject({ status: 400, errors: [{ field: 'body.asOf' }] });
    } finally {
      Object.assign(clock, systemClock);
    }
  });

  it('dry-runs, then pseudonymises personal data and deletes evidence files past their dates, leaving data within them and the money trail intact', async () => {
    await setPolicy(world.people.commissionerAdmin.token);
    // Exited in 2016 on the old contract (ended 2015): personal data due 2022, evidence due 2022.
    const expired = await world.aParticipant({
      contract: world.oldContract,
      exitedOn: '2016-02-01',
      activityOn: '2016-01-20',
    });
    // Never exited, but last seen in 2014: due after six years of silence.
    const silent = await world.aParticipant({
      contract: world.oldContract,
      activityOn: '2014-05-01',
      attachedOn: '2013-01-10',
    });
    // Live on the current contract with recent activity: untouched.
    const current = await world.aParticipant({
      contract: world.currentContract,
      activityOn: today,
      attachedOn: '2025-01-10',
    });

    const dry = await call(api.baseUrl, 'POST', `/programmes/${world.programmeId}/retention-runs`, {
      token: world.people.commissionerAdmin.token,
      body: { dryRun: true },
    });
    expect(dry.status).toBe(201);
    expect(dry.body.retentionRun.run).toMatchObject({
      isDryRun: true,
      trigger: 'MANUAL',
      participantsPseudonymised: 2,
      evidenceFilesPurged: 2,
    });
    expect(
      dry.body.retentionRun.participants
        .map((p: { participantId: string }) => p.participantId)
        .sort(),
    ).toEqual([expired.participantId, silent.participantId].sort());
    expect(
      dry.body.retentionRun.participants.find(
        (p: { participantId: string }) => p.participantId === expired.participantId,
      ),
    ).toMatchObject({ clockStartsOn: '2016-02-01', dueOn: '2022-02-01' });
    expect(
      dry.body.retentionRun.evidence.map((e: { evidenceId: string }) => e.evidenceId).sort(),
    ).toEqual([expired.evidenceId, silent.evidenceId].sort());
    // A dry run changes nothing.
    expect(
      (await participantRow(expired.participantId)).ni_number_ciphertext.length,
    ).toBeGreaterThan(0);
    expect(await world.isStored(expired.storageKey)).toBe(true);

    const previewNextCentury = await call(
      api.baseUrl,
      'POST',
      `/programmes/${world.programmeId}/retention-runs`,
      { token: world.people.commissionerAdmin.token, body: { dryRun: false, asOf: '2099-01-01' } },
    );
    expect(previewNextCentury.status).toBe(400);
    expect(
      (
        await call(api.baseUrl, 'POST', `/programmes/${world.programmeId}/retention-runs`, {
          token: world.people.primeAdmin.token,
          body: { dryRun: true },
        })
      ).status,
    ).toBe(404);

    const run = await call(api.baseUrl, 'POST', `/programmes/${world.programmeId}/retention-runs`, {
      token: world.people.commissionerAdmin.token,
      body: { dryRun: false },
    });
    expect(run.status).toBe(201);
    expect(run.body.retentionRun.run).toMatchObject({
      isDryRun: false,
      participantsPseudonymised: 2,
      evidenceFilesPurged: 2,
      triggeredByUserId: world.people.commissionerAdmin.id,
    });

    const after = await participantRow(expired.participantId);
    expect(after.ni_number_ciphertext.length).toBe(0);
    expect(after.ni_number_hmac.length).toBe(32);
    expect(after.date_of_birth).toBe('1980-01-01');
    expect(
      await count('SELECT 1 FROM participant_special_category WHERE participant_id = $1', [
        expired.participantId,
      ]),
    ).toBe(0);
    expect(
      await count('SELECT 1 FROM activity WHERE referral_id = $1 AND notes IS NOT NULL', [
        expired.referralId,
      ]),
    ).toBe(0);
    expect(
      await count(`SELECT 1 FROM journey_event WHERE referral_id = $1 AND details <> '{}'::jsonb`, [
        expired.referralId,
      ]),
    ).toBe(0);
    expect(
      await count(`SELECT 1 FROM job_spell WHERE referral_id = $1 AND employer = 'Acme Ltd'`, [
        expired.referralId,
      ]),
    ).toBe(0);
    // Evidence: file gone, row with its SHA-256 kept and marked purged.
    expect(await world.isStored(expired.storageKey)).toBe(false);
    const evidence = await api.db.pool.query<{ sha: string; purged: boolean }>(
      `SELECT encode(e.sha256, 'hex') AS sha, ep.evidence_id IS NOT NULL AS purged FROM evidence e LEFT JOIN evidence_purge ep ON ep.evidence_id = e.id WHERE e.id = $1`,
      [expired.evidenceId],
    );
    expect(evidence.rows[0]).toEqual({ sha: expired.sha256, purged: true });

    // Within its dates: untouched.
    const untouched = await participantRow(current.participantId);
    expect(untouched.ni_number_ciphertext.length).toBeGreaterThan(0);
    expect(untouched.date_of_birth).toBe('1980-07-15');
    expect(
      await count('SELECT 1 FROM participant_special_category WHERE participant_id = $1', [
        current.participantId,
      ]),
    ).toBe(1);
    expect(await world.isStored(current.storageKey)).toBe(true);

    // Money and audit intact.
    expect(
      await count('SELECT 1 FROM claim WHERE id = $1 AND amount_pence = $2', [
        expired.claimId,
        CLAIM_PENCE,
      ]),
    ).toBe(1);
    expect(
      await count('SELECT 1 FROM remittance_line WHERE id = $1', [expired.remittanceLineId]),
    ).toBe(1);
    expect(await ledgerIsBalanced()).toBe(true);
    expect((await verifyAuditChain(api.db.pool)).isValid).toBe(true);
    expect(
      await count(`SELECT 1 FROM audit_event WHERE action = 'retention.run' AND entity_id = $1`, [
        run.body.retentionRun.run.id,
      ]),
    ).toBe(1);
    // Audit events never carry what was removed.
    const leaked = await count(
      `SELECT 1 FROM audit_event WHERE data::text ILIKE '%diabetes%' OR data::text LIKE $1`,
      [`%${expired.niNumber}%`],
    );
    expect(leaked).toBe(0);

    const again = await call(
      api.baseUrl,
      'POST',
      `/programmes/${world.programmeId}/retention-runs`,
      { token: world.people.commissionerAdmin.token, body: { dryRun: false } },
    );
    expect(again.body.retentionRun.run).toMatchObject({
      participantsPseudonymised: 0,
      evidenceFilesPurged: 0,
    });
    const runs = await call(api.baseUrl, 'GET', `/programmes/${world.programmeId}/retention-runs`, {
      token: world.people.commissionerAuditor.token,
    });
    expect(runs.body.retentionRuns.length).toBeGreaterThanOrEqual(3);
  });
});

describe('nightly retention job', () => {
  it('runs every programme with a policy as the system and records the run with no user', async () => {
    await setPolicy(world.people.commissionerAdmin.token);
    const expired = await world.aParticipant({
      contract: world.oldContract,
      exitedOn: '2016-03-01',
      activityOn: '2016-02-01',
    });
    await api.app.get(RetentionService).runScheduled();
    const { rows } = await api.db.pool.query<{
      trigger: string;
      triggered_by_user_id: string | null;
      participants_pseudonymised: number;
    }>(
      `SELECT r.trigger, r.triggered_by_user_id, r.participants_pseudonymised FROM retention_run r JOIN participant_pseudonymisation pp ON pp.retention_run_id = r.id WHERE pp.participant_id = $1`,
      [expired.participantId],
    );
    expect(rows).toEqual([
      {
        trigger: 'SCHEDULE',
        triggered_by_user_id: null,
        participants_pseudonymised: expect.any(Number),
      },
    ]);
    expect(await world.isStored(expired.storageKey)).toBe(false);
  });
});

describe('subject access export', () => {
  it('exports everything held about the participant as JSON and PDF, audited, to the controller and the prime’s admins only', async () => {
    const subject = await world.aParticipant({
      contract: world.currentContract,
      activityOn: today,
      attachedOn: '2025-02-01',
    });
    const url = `/participants/${subject.participantId}/subject-access-export`;
    const json = await call(api.baseUrl, 'GET', url, {
      token: world.people.commissionerAuditor.token,
    });
    expect(json.status).toBe(200);
    const data = json.body.subjectAccessExport;
    expect(data.participant).toMatchObject({
      id: subject.participantId,
      reference: subject.reference,
      niNumber: subject.niNumber,
      dateOfBirth: '1980-07-15',
      benefitType: 'ESA',
      pseudonymisedAt: null,
    });
    expect(data.specialCategory).toMatchObject(SPECIAL_CATEGORY);
    for (const section of [
      'needsAssessments',
      'referrals',
      'referralTransitions',
      'activities',
      'journeyEvents',
      'jobSpells',
      'claims',
      'claimTransitions',
      'evidence',
    ] as const) {
      expect(data[section].length).toBeGreaterThan(section === 'referralTransitions' ? -1 : 0);
    }
    expect(data.activities[0].notes).toContain('diabetes');
    expect(data.claims[0]).toMatchObject({
      id: subject.claimId,
      amountPence: String(CLAIM_PENCE),
      milestoneCode: 'ATTACHMENT',
    });
    expect(data.evidence[0]).toMatchObject({
      id: subject.evidenceId,
      sha256: subject.sha256,
      filePurgedAt: null,
    });

    const pdf = await fetch(`${api.baseUrl}${url}/pdf`, {
      headers: { authorization: `Bearer ${world.people.primeAdmin.token}` },
    });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toContain('application/pdf');
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 4)
        .toString(),
    ).toBe('%PDF');

    const audited = await api.db.pool.query<{ action: string; data: Record<string, unknown> }>(
      `SELECT action, data FROM audit_event WHERE entity_type = 'participant' AND entity_id = $1 ORDER BY seq`,
      [subject.participantId],
    );
    const exports = audited.rows.filter((r) => r.action === 'participant.subject-access-export');
    expect(exports.map((r) => r.data.format)).toEqual(['json', 'pdf']);
    expect(
      audited.rows.filter((r) => r.action === 'participant.read-special-category'),
    ).toHaveLength(2);
    expect(JSON.stringify(audited.rows)).not.toContain('diabetes');
    // The second export lists the first in its audit trail.
    const second = await call(api.baseUrl, 'GET', url, {
      token: world.people.commissionerAdmin.token,
    });
    expect(
      second.body.subjectAccessExport.auditEvents.some(
        (e: { action: string }) => e.action === 'participant.subject-access-export',
      ),
    ).toBe(true);
  });

  it('answers 404 outside the caller’s slice and to parties the export is closed to, 403 to roles that may not export', async () => {
    const subject = await world.aParticipant({
      contract: world.currentContract,
      activityOn: today,
      attachedOn: '2025-03-01',
    });
    const url = `/participants/${subject.participantId}/subject-access-export`;
    const outsider = await call(api.baseUrl, 'GET', url, {
      token: world.people.outsiderAdmin.token,
    });
    expect(outsider.status).toBe(404);
    expect(outsider.body.code).toBe('NOT_FOUND');
    const primeAuditor = await call(api.baseUrl, 'GET', url, {
      token: world.people.primeAuditor.token,
    });
    expect(primeAuditor.status).toBe(403);
    expect(primeAuditor.body.code).toBe('SUBJECT_ACCESS_NOT_ALLOWED');
    expect(
      (await call(api.baseUrl, 'GET', url, { token: world.people.subCaseworker.token })).status,
    ).toBe(404);
    expect(
      (
        await call(api.baseUrl, 'GET', '/participants/not-a-uuid/subject-access-export', {
          token: world.people.commissionerAdmin.token,
        })
      ).status,
    ).toBe(400);
  });
});

describe('erasure and rectification requests', () => {
  it('takes an erasure from request to execution with maker ≠ checker, keeping the money trail, a zero-sum ledger and a verifiable audit chain', async () => {
    const subject = await world.aParticipant({
      contract: world.currentContract,
      activityOn: today,
      attachedOn: '2025-04-01',
    });
    const body = {
      kind: 'ERASURE',
      receivedOn: today,
      description: 'Asked by letter to erase everything',
      lawfulBasisNotes: 'Evidence kept for ESF audit (Art. 17(3)(b))',
    };
    const made = await call(
      api.baseUrl,
      'POST',
      `/participants/${subject.participantId}/data-subject-requests`,
      { token: world.people.commissionerAdmin.token, body },
    );
    expect(made.status).toBe(201);
    const id = made.body.dataSubjectRequest.id as string;
    expect(made.body.dataSubjectRequest).toMatchObject({
      status: 'REQUESTED',
      kind: 'ERASURE',
      participantReference: subject.reference,
      requestedByUserId: world.people.commissionerAdmin.id,
    });

    const early = await call(api.baseUrl, 'POST', `/data-subject-requests/${id}/execute`, {
      token: world.people.commissionerAdmin2.token,
    });
    expect(early.status).toBe(409);
    expect(early.body.allowedTransitions).toEqual(['APPROVED', 'REFUSED']);
    const ownDecision = await call(api.baseUrl, 'POST', `/data-subject-requests/${id}/approve`, {
      token: world.people.commissionerAdmin.token,
      body: { reason: 'Valid request' },
    });
    expect(ownDecision.status).toBe(403);
    expect(ownDecision.body.code).toBe('DATA_SUBJECT_REQUEST_MAKER_CANNOT_CHECK');
    expect(
      (
        await call(api.baseUrl, 'POST', `/data-subject-requests/${id}/approve`, {
          token: world.people.primeAdmin.token,
          body: { reason: 'x' },
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await call(api.baseUrl, 'POST', `/data-subject-requests/${id}/approve`, {
          token: world.people.outsiderAdmin.token,
          body: { reason: 'x' },
        })
      ).status,
    ).toBe(404);
    const noReason = await call(api.baseUrl, 'POST', `/data-subject-requests/${id}/approve`, {
      token: world.people.commissionerAdmin2.token,
      body: {},
    });
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors).toEqual([{ field: 'body.reason', message: expect.any(String) }]);

    const approved = await call(api.baseUrl, 'POST', `/data-subject-requests/${id}/approve`, {
      token: world.people.commissionerAdmin2.token,
      body: { reason: 'Valid request; no ongoing support' },
    });
    expect(approved.body.dataSubjectRequest).toMatchObject({
      status: 'APPROVED',
      decidedByUserId: world.people.commissionerAdmin2.id,
      decisionReason: 'Valid request; no ongoing support',
    });
    const executed = await call(api.baseUrl, 'POST', `/data-subject-requests/${id}/execute`, {
      token: world.people.commissionerAdmin.token,
    });
    expect(executed.status).toBe(200);
    expect(executed.body.dataSubjectRequest.status).toBe('EXECUTED');
    expect(
      executed.body.dataSubjectRequest.transitions.map((t: { toStatus: string }) => t.toStatus),
    ).toEqual(['REQUESTED', 'APPROVED', 'EXECUTED']);

    const after = await participantRow(subject.participantId);
    expect(after.ni_number_ciphertext.length).toBe(0);
    expect(
      await count('SELECT 1 FROM participant_special_category WHERE participant_id = $1', [
        subject.participantId,
      ]),
    ).toBe(0);
    // The money trail is still there, under the pseudonymous reference.
    const trail = await api.db.pool.query(
      `SELECT p.reference, c.amount_pence::text AS claim, rl.amount_pence::text AS remitted, spl.amount_pence::text AS passed_down
         FROM participant p JOIN referral r ON r.participant_id = p.id JOIN claim c ON c.referral_id = r.id
         JOIN remittance_line rl ON rl.claim_id = c.id JOIN subcontractor_payment_line spl ON spl.claim_id = c.id
        WHERE p.id = $1`,
      [subject.participantId],
    );
    expect(trail.rows).toEqual([
      {
        reference: subject.reference,
        claim: String(CLAIM_PENCE),
        remitted: String(CLAIM_PENCE),
        passed_down: '30000',
      },
    ]);
    expect(await ledgerIsBalanced()).toBe(true);
    expect((await verifyAuditChain(api.db.pool)).isValid).toBe(true);

    const sar = await call(
      api.baseUrl,
      'GET',
      `/participants/${subject.participantId}/subject-access-export`,
      { token: world.people.commissionerAdmin.token },
    );
    expect(sar.body.subjectAccessExport.participant).toMatchObject({
      niNumber: null,
      dateOfBirth: '1980-01-01',
    });
    expect(sar.body.subjectAccessExport.specialCategory).toBeNull();
    expect(sar.body.subjectAccessExport.claims).toHaveLength(1);

    // A later erasure is still possible (erasure.test.ts: it sweeps again).
    const again = await call(
      api.baseUrl,
      'POST',
      `/participants/${subject.participantId}/data-subject-requests`,
      { token: world.people.primeAdmin.token, body },
    );
    expect(again.status).toBe(201);
  });

  it('rectifies a date of birth and benefit type, and refuses with a reason', async () => {
    const subject = await world.aParticipant({
      contract: world.currentContract,
      activityOn: today,
      attachedOn: '2025-05-01',
    });
    const rectify = await call(
      api.baseUrl,
      'POST',
      `/participants/${subject.participantId}/data-subject-requests`,
      {
        token: world.people.primeAdmin.token,
        body: {
          kind: 'RECTIFICATION',
          receivedOn: today,
          description: 'Date of birth is wrong',
          rectification: { dateOfBirth: '1981-07-15', benefitType: 'UC' },
        },
      },
    );
    expect(rectify.status).toBe(201);
    const id = rectify.body.dataSubjectRequest.id as string;
    await call(api.baseUrl, 'POST', `/data-subject-requests/${id}/approve`, {
      token: world.people.commissionerAdmin.token,
      body: { reason: 'Birth certificate seen' },
    });
    const done = await call(api.baseUrl, 'POST', `/data-subject-requests/${id}/execute`, {
      token: world.people.commissionerAdmin.token,
    });
    expect(done.body.dataSubjectRequest.status).toBe('EXECUTED');
    expect(await participantRow(subject.participantId)).toMatchObject({
      date_of_birth: '1981-07-15',
      benefit_type: 'UC',
    });
    const rectifyAudit = await api.db.pool.query<{ data: Record<string, unknown> }>(
      `SELECT data FROM audit_event WHERE action = 'participant.rectify' AND entity_id = $1`,
      [subject.participantId],
    );
    expect(rectifyAudit.rows[0]!.data).toEqual({
      dataSubjectRequestId: id,
      fields: expect.arrayContaining(['dateOfBirth', 'benefitType']),
    });

    const missing = await call(
      api.baseUrl,
      'POST',
      `/participants/${subject.participantId}/data-subject-requests`,
      {
        token: world.people.primeAdmin.token,
        body: { kind: 'RECTIFICATION', receivedOn: today, description: 'x' },
      },
    );
    expect(missing.status).toBe(400);
    expect(missing.body.errors[0].field).toBe('body.rectification');

    const erase = await call(
      api.baseUrl,
      'POST',
      `/participants/${subject.participantId}/data-subject-requests`,
      {
        token: world.people.primeAdmin.token,
        body: { kind: 'ERASURE', receivedOn: today, description: 'Erase me' },
      },
    );
    const refused = await call(
      api.baseUrl,
      'POST',
      `/data-subject-requests/${erase.body.dataSubjectRequest.id}/refuse`,
      {
        token: world.people.commissionerAdmin.token,
        body: { reason: 'Still receiving support; claims under audit' },
      },
    );
    expect(refused.body.dataSubjectRequest).toMatchObject({
      status: 'REFUSED',
      decisionReason: 'Still receiving support; claims under audit',
    });
    expect(
      (
        await call(
          api.baseUrl,
          'POST',
          `/data-subject-requests/${erase.body.dataSubjectRequest.id}/execute`,
          { token: world.people.commissionerAdmin.token },
        )
      ).status,
    ).toBe(409);

    const list = await call(
      api.baseUrl,
      'GET',
      `/data-subject-requests?programmeId=${world.programmeId}&status=REFUSED`,
      { token: world.people.primeAuditor.token },
    );
    expect(list.body.dataSubjectRequests.map((r: { id: string }) => r.id)).toContain(
      erase.body.dataSubjectRequest.id,
    );
    expect(
      (
        await call(api.baseUrl, 'GET', `/data-subject-requests/${id}`, {
          token: world.people.outsiderAdmin.token,
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await call(api.baseUrl, 'GET', `/data-subject-requests/${id}`, {
          token: world.people.subCaseworker.token,
        })
      ).status,
    ).toBe(404);
  });
});

describe('records of processing', () => {
  it('lists the supply chain’s parties with categories and purposes, and who read special category data, as JSON and CSV', async () => {
    const subject = await world.aParticipant({
      contract: world.currentContract,
      activityOn: today,
      attachedOn: '2025-06-01',
    });
    // The delivering caseworker reads the referral (special category included, audited).
    expect(
      (
        await call(api.baseUrl, 'GET', `/referrals/${subject.referralId}`, {
          token: world.people.subCaseworker.token,
        })
      ).status,
    ).toBe(200);

    const records = await call(
      api.baseUrl,
      'GET',
      `/programmes/${world.programmeId}/records-of-processing`,
      { token: world.people.commissionerAuditor.token },
    );
    expect(records.status).toBe(200);
    const byOrganisation = new Map(
      records.body.recordsOfProcessing.records.map(
        (r: { organisationId: string; role: string }) => [r.organisationId, r.role],
      ),
    );
    expect(byOrganisation.get(world.commissioner.id)).toBe('CONTROLLER');
    expect(byOrganisation.get(world.prime.id)).toBe('PROCESSOR');
    expect(byOrganisation.get(world.subcontractor.id)).toBe('SUB_PROCESSOR');
    expect(byOrganisation.get(world.partner.id)).toBe('SOURCE');

    const reads = await call(
      api.baseUrl,
      'GET',
      `/programmes/${world.programmeId}/special-category-reads?from=${today}&to=${today}`,
      { token: world.people.commissionerAdmin.token },
    );
    expect(reads.status).toBe(200);
    const read = reads.body.reads.find(
      (r: { participantId: string; actorUserId: string }) =>
        r.participantId === subject.participantId &&
        r.actorUserId === world.people.subCaseworker.id,
    );
    expect(read).toMatchObject({
      actorOrganisationName: world.subcontractor.name,
      participantReference: subject.reference,
      referralId: subject.referralId,
    });
    expect([...read.fields].sort()).toEqual(['disability', 'health', 'offending']);
    const yesterday = await call(
      api.baseUrl,
      'GET',
      `/programmes/${world.programmeId}/special-category-reads?to=2020-01-01`,
      { token: world.people.commissionerAdmin.token },
    );
    expect(yesterday.body.reads).toEqual([]);
    const page = await call(
      api.baseUrl,
      'GET',
      `/programmes/${world.programmeId}/special-category-reads?limit=1`,
      { token: world.people.commissionerAdmin.token },
    );
    expect(page.body.reads).toHaveLength(1);

    const csv = await fetch(
      `${api.baseUrl}/programmes/${world.programmeId}/special-category-reads/csv`,
      { headers: { authorization: `Bearer ${world.people.commissionerAdmin.token}` } },
    );
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const text = await csv.text();
    expect(text.split('\n')[0]).toBe(
      'occurred_at,reader,reader_user_id,reader_organisation,participant_reference,participant_id,referral_id,purpose,fields',
    );
    expect(text).toContain(subject.reference);

    expect(
      (
        await call(api.baseUrl, 'GET', `/programmes/${world.programmeId}/records-of-processing`, {
          token: world.people.primeAdmin.token,
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await call(api.baseUrl, 'GET', `/programmes/${world.programmeId}/special-category-reads`, {
          token: world.people.outsiderAdmin.token,
        })
      ).status,
    ).toBe(404);
    const badPeriod = await call(
      api.baseUrl,
      'GET',
      `/programmes/${world.programmeId}/special-category-reads?from=2026-02-01&to=2026-01-01`,
      { token: world.people.commissionerAdmin.token },
    );
    expect(badPeriod.status).toBe(400);
    expect(badPeriod.body.errors[0].field).toBe('query.to');
  });
});
