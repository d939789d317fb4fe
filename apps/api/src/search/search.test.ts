import { randomBytes, randomUUID } from 'node:crypto';
import { withPartyScope } from '../common/db/party-scope';
import { aClaimAt, aClaimsWorld, type ClaimsWorld, type Person } from '../claims/claims.test-world';
import { anOrganisation } from '@waymark/db/test-support';
import { call } from '../test-support/http';
import { createTestApp, type TestApp } from '../test-support/test-app';
import { type SearchResult } from './search.dto';
import { readSearchTerms } from './search-terms';
import { searchStatements } from './search.repository';
import { aSignedInUser } from '../test-support/signed-in-user';

/** Tables an EXPLAIN (ANALYZE, FORMAT JSON) plan read by sequential scan, in nodes that ran at least once. */
function seqScansRun(plan: unknown, found: string[] = []): string[] {
  if (Array.isArray(plan)) plan.forEach((child) => seqScansRun(child, found));
  else if (plan && typeof plan === 'object') {
    const node = plan as Record<string, unknown>;
    if (node['Node Type'] === 'Seq Scan' && Number(node['Actual Loops']) > 0)
      found.push(String(node['Relation Name']));
    Object.values(node).forEach((child) => seqScansRun(child, found));
  }
  return found;
}

interface SearchAnswer {
  results: SearchResult[];
  truncatedKinds: string[];
}

let api: TestApp;
beforeAll(async () => {
  api = await createTestApp();
});
afterAll(async () => {
  await api.close();
});

async function search(person: Person, q: string): Promise<SearchAnswer> {
  const answer = await call<SearchAnswer>(api.baseUrl, 'POST', '/search', {
    token: person.token,
    body: { q },
  });
  expect(answer.status).toBe(200);
  return answer.body;
}

const found = (answer: SearchAnswer, kind: string) =>
  answer.results.filter((result) => result.kind === kind);

/** A claims world with a second subcontractor in the same prime contract, and a distinctive name for each subcontractor. */
async function aWorldOfTwoSubcontractors() {
  const world = await aClaimsWorld(api);
  const tag = randomUUID().slice(0, 8);
  const other = await anOrganisation(api.db.pool, {
    kind: 'SUBCONTRACTOR',
    name: `Harbour Lights Training ${tag}`,
  });
  await api.db.pool.query('UPDATE organisation SET name = $2 WHERE id = $1', [
    world.subcontractor.id,
    `Canal Side Employment ${tag}`,
  ]);
  const { rows } = await api.db.pool.query<{ id: string }>(
    `INSERT INTO subcontract (programme_id, prime_contract_id, subcontractor_id, tier, terms_kind, terms, payment_sla_days, starts_on)
     VALUES ($1, $2, $3, 'SPECIALIST', 'PBR_SHARE', '{"shareBasisPoints": 8000}', 30, '2020-01-01') RETURNING id`,
    [world.programmeId, world.primeContractId, other.id],
  );
  const otherSubcontractId = rows[0]!.id;
  return {
    world,
    tag,
    other: {
      ...other,
      subcontractId: otherSubcontractId,
      caseworker: await aSignedInUser(api.baseUrl, api.db.pool, {
        organisationId: other.id,
        roles: ['CASEWORKER'],
      }),
    },
  };
}

/** A participant referred to the world and delivered by the given subcontract; their reference and NI number. */
async function aParticipantDeliveredBy(world: ClaimsWorld, subcontractId: string) {
  const referral = await world.aReferral();
  await api.db.pool.query('UPDATE referral SET subcontract_id = $2 WHERE id = $1', [
    referral.referralId,
    subcontractId,
  ]);
  // As the API writes them: P- and ten capitals or digits.
  const reference = `P-${randomBytes(5).toString('hex').toUpperCase()}`;
  await api.db.pool.query('UPDATE participant SET reference = $2 WHERE id = $1', [
    referral.participantId,
    reference,
  ]);
  return { ...referral, reference };
}

async function aPaidSubcontractorPayment(
  world: ClaimsWorld,
  subcontractId: string,
  paidReference: string,
) {
  const { rows } = await api.db.pool.query<{ id: string }>(
    `INSERT INTO subcontractor_payment (programme_id, prime_contract_id, subcontract_id, period_start, period_end, due_on, status, paid_reference, paid_on)
     VALUES ($1, $2, $3, '2026-04-01', '2026-04-30', '2026-05-30', 'PAID', $4, '2026-05-20') RETURNING id`,
    [world.programmeId, world.primeContractId, subcontractId, paidReference],
  );
  await api.db.pool.query(
    `INSERT INTO subcontractor_payment_line (programme_id, prime_contract_id, subcontractor_payment_id, description, gross_pence, management_fee_pence, amount_pence)
     VALUES ($1, $2, $3, 'Attachment', 40000, 8000, 32000), ($1, $2, $3, 'Job outcome', 120000, 24000, 96000)`,
    [world.programmeId, world.primeContractId, rows[0]!.id],
  );
  return rows[0]!.id;
}

describe('global search', () => {
  it('finds a participant by reference whatever its case, and by NI number through the stored keyed hash', async () => {
    const { world } = await aWorldOfTwoSubcontractors();
    const participant = await aParticipantDeliveredBy(world, world.subcontractId);
    const prime = world.people.primeCaseworker;

    const byReference = found(
      await search(prime, participant.reference.toLowerCase()),
      'PARTICIPANT',
    );
    expect(byReference).toEqual([
      expect.objectContaining({
        id: participant.participantId,
        matchedOn: 'REFERENCE',
        title: participant.reference,
        status: 'ATTACHED',
        referralId: participant.referralId,
        deliveredByName: expect.stringMatching(/^Canal Side Employment /),
        primeName: expect.any(String),
        programmeName: expect.stringMatching(/^Programme /),
      }),
    ]);

    // Spaced and lower case, as people type it; the API hashes it with the PII key and compares hashes.
    const spaced = participant.niNumber
      .toLowerCase()
      .replace(/^(..)(..)(..)(..)(.)$/, '$1 $2 $3 $4 $5');
    const byNiNumber = found(await search(prime, spaced), 'PARTICIPANT');
    expect(byNiNumber).toEqual([
      expect.objectContaining({ id: participant.participantId, matchedOn: 'NI_NUMBER' }),
    ]);

    // Only the hash is compared: with the stored hash replaced, the same number finds nobody.
    await api.db.pool.query('UPDATE participant SET ni_number_hmac = $2 WHERE id = $1', [
      participant.participantId,
      randomBytes(32),
    ]);
    expect(found(await search(prime, participant.niNumber), 'PARTICIPANT')).toEqual([]);
  });

  it('audits a search by NI number — who, when, whom it found — without the number itself', async () => {
    const { world } = await aWorldOfTwoSubcontractors();
    const participant = await aParticipantDeliveredBy(world, world.subcontractId);
    const prime = world.people.primeCaseworker;
    const niSearches = async () =>
      (
        await api.db.pool.query<{
          actor_organisation_id: string;
          entity_type: string;
          entity_id: string;
          data: { participantIds: string[] };
          occurred_at: Date;
          row: string;
        }>(
          `SELECT actor_organisation_id, entity_type, entity_id, data, occurred_at, to_jsonb(e)::text AS row
           FROM audit_event e WHERE action = 'search.ni-number' AND actor_user_id = $1 ORDER BY seq`,
          [prime.id],
        )
      ).rows;

    await search(prime, participant.reference);
    expect(await niSearches()).toEqual([]);

    const before = new Date();
    const spaced = participant.niNumber.replace(/^(..)(..)(..)(..)(.)$/, '$1 $2 $3 $4 $5');
    expect(found(await search(prime, spaced), 'PARTICIPANT')).toHaveLength(1);
    const [event, ...more] = await niSearches();
    expect(more).toEqual([]);
    expect(event).toMatchObject({
      actor_organisation_id: prime.organisationId,
      entity_type: 'organisation',
      entity_id: prime.organisationId,
      data: { participantIds: [participant.participantId] },
    });
    expect(event!.occurred_at.getTime()).toBeGreaterThanOrEqual(before.getTime() - 1000);
    for (const form of [participant.niNumber, spaced, participant.niNumber.toLowerCase()])
      expect(event!.row).not.toContain(form);
  });

  it('finds a referral by the partner’s reference, claims by submission and participant reference, payments by bank reference, organisations by part of the name', async () => {
    const { world, tag } = await aWorldOfTwoSubcontractors();
    const TAG = tag.toUpperCase();
    const prime = world.people.primeFinance;
    const claim = await aClaimAt(api, world, 'SUBMITTED_TO_COMMISSIONER');
    const externalReference = `JCP-${TAG}`;
    await api.db.pool.query('UPDATE referral SET external_reference = $2 WHERE id = $1', [
      claim.referralId,
      externalReference,
    ]);
    const submissionReference = (
      await api.db.pool.query<{ reference: string }>(
        'SELECT cs.reference FROM claim_submission cs JOIN claim c ON c.submission_id = cs.id WHERE c.id = $1',
        [claim.id],
      )
    ).rows[0]!.reference;
    const participantReference = (
      await api.db.pool.query<{ reference: string }>(
        'SELECT reference FROM participant WHERE id = $1',
        [claim.participantId],
      )
    ).rows[0]!.reference;
    const remittanceId = (
      await api.db.pool.query<{ id: string }>(
        `INSERT INTO remittance (programme_id, prime_contract_id, period_start, period_end, status, paid_reference, paid_on)
         VALUES ($1, $2, '2026-04-01', '2026-04-30', 'PAID', $3, '2026-05-15') RETURNING id`,
        [world.programmeId, world.primeContractId, `BACS-R-${TAG}`],
      )
    ).rows[0]!.id;
    const paymentId = await aPaidSubcontractorPayment(world, world.subcontractId, `BACS-S-${TAG}`);

    expect(found(await search(prime, externalReference.toLowerCase()), 'REFERRAL')).toEqual([
      expect.objectContaining({
        id: claim.referralId,
        matchedOn: 'EXTERNAL_REFERENCE',
        title: externalReference,
        participantReference,
        referralId: claim.referralId,
      }),
    ]);
    expect(found(await search(prime, submissionReference), 'CLAIM')).toEqual([
      expect.objectContaining({
        id: claim.id,
        matchedOn: 'SUBMISSION_REFERENCE',
        participantReference,
        milestoneName: 'Attachment',
        amountPence: '40000',
        status: 'SUBMITTED_TO_COMMISSIONER',
      }),
    ]);
    expect(found(await search(prime, participantReference), 'CLAIM')).toEqual([
      expect.objectContaining({
        id: claim.id,
        matchedOn: 'PARTICIPANT_REFERENCE',
        referralId: claim.referralId,
      }),
    ]);
    expect(found(await search(prime, `bacs-r-${tag}`), 'REMITTANCE')).toEqual([
      expect.objectContaining({
        id: remittanceId,
        matchedOn: 'PAID_REFERENCE',
        status: 'PAID',
        paidOn: '2026-05-15',
        periodStart: '2026-04-01',
      }),
    ]);
    expect(
      found(await search(prime, `BACS-S-${TAG}`.toLowerCase()), 'SUBCONTRACTOR_PAYMENT'),
    ).toEqual([
      expect.objectContaining({
        id: paymentId,
        matchedOn: 'PAID_REFERENCE',
        periodEnd: '2026-04-30',
        deliveredByName: `Canal Side Employment ${tag}`,
        dueOn: '2026-05-30',
      }),
    ]);
    expect(
      found(await search(prime, `side employment ${tag}`.toUpperCase()), 'ORGANISATION'),
    ).toEqual([
      expect.objectContaining({
        id: world.subcontractor.id,
        matchedOn: 'NAME',
        title: `Canal Side Employment ${tag}`,
        organisationKind: 'SUBCONTRACTOR',
        subcontractId: world.subcontractId,
      }),
    ]);
    // A record's id finds it too (support staff paste them).
    expect(found(await search(prime, claim.id.toUpperCase()), 'CLAIM')).toEqual([
      expect.objectContaining({ id: claim.id, matchedOn: 'ID' }),
    ]);
  });

  it('keeps to the caller’s slice: a subcontractor never finds another subcontractor’s participant, payment or organisation, nor a stranger anything', async () => {
    const { world, tag, other } = await aWorldOfTwoSubcontractors();
    const theirs = await aParticipantDeliveredBy(world, other.subcontractId);
    const ours = await aParticipantDeliveredBy(world, world.subcontractId);
    await aPaidSubcontractorPayment(world, other.subcontractId, `BACS-O-${tag}`);
    const stranger = (await aWorldOfTwoSubcontractors()).world.people.primeCaseworker;
    const subcontractor = world.people.subCaseworker;

    // Positive controls first: the records exist and are found by those who may see them.
    for (const person of [
      other.caseworker,
      world.people.primeCaseworker,
      world.people.commissionerFinance,
    ]) {
      expect(found(await search(person, theirs.reference), 'PARTICIPANT').map((r) => r.id)).toEqual(
        [theirs.participantId],
      );
    }
    expect(
      found(await search(subcontractor, ours.reference), 'PARTICIPANT').map((r) => r.id),
    ).toEqual([ours.participantId]);
    expect(
      found(await search(subcontractor, ours.niNumber), 'PARTICIPANT').map((r) => r.id),
    ).toEqual([ours.participantId]);
    expect(
      found(await search(other.caseworker, `BACS-O-${tag}`), 'SUBCONTRACTOR_PAYMENT'),
    ).toHaveLength(1);
    expect(
      found(
        await search(world.people.primeCaseworker, `Harbour Lights Training ${tag}`),
        'ORGANISATION',
      ),
    ).toHaveLength(1);

    for (const q of [
      theirs.reference,
      theirs.niNumber,
      theirs.participantId,
      `BACS-O-${tag}`,
      `Harbour Lights Training ${tag}`,
    ]) {
      expect((await search(subcontractor, q)).results).toEqual([]);
    }
    for (const q of [
      theirs.reference,
      theirs.niNumber,
      `BACS-O-${tag}`,
      `Canal Side Employment ${tag}`,
    ]) {
      expect((await search(stranger, q)).results).toEqual([]);
    }
  });

  it('refuses hostile input with a problem naming the field, and takes LIKE wildcards literally', async () => {
    const { world } = await aWorldOfTwoSubcontractors();
    const person = world.people.primeCaseworker;
    const post = (body: unknown) =>
      call(api.baseUrl, 'POST', '/search', { token: person.token, body });
    for (const body of [
      { q: 'P-\u0000' },
      { q: 'line\nbreak' },
      { q: 'x'.repeat(101) },
      { q: 'x'.repeat(500_000) },
      { q: '   ' },
      {},
      { q: 42 },
    ]) {
      const answer = await post(body);
      expect(answer.status).toBe(400);
      expect(answer.headers.get('content-type')).toMatch(/application\/problem\+json/);
      expect(answer.body.errors.map((error: { field: string }) => error.field)).toEqual(['body.q']);
    }
    expect(
      (await post({ q: 'P-1', limit: 26 })).body.errors.map(
        (error: { field: string }) => error.field,
      ),
    ).toEqual(['body.limit']);
    expect((await post({ q: 'P-1', sort: 'name' })).status).toBe(400);
    expect((await call(api.baseUrl, 'POST', '/search', { body: { q: 'P-1' } })).status).toBe(401);
    // '%%' and '__' would match every name as patterns; taken literally they match none.
    for (const q of ['%%', '__', '\\%'])
      expect(found(await search(person, q), 'ORGANISATION')).toEqual([]);
  });

  it('reaches every kind through an index: no statement scans a large table when the planner may avoid it', async () => {
    const { world } = await aWorldOfTwoSubcontractors();
    const participant = await aParticipantDeliveredBy(world, world.subcontractId);
    const large = [
      'participant',
      'referral',
      'claim',
      'claim_submission',
      'remittance',
      'subcontractor_payment',
      'subcontractor_payment_line',
      'organisation',
      'subcontract',
      'prime_contract',
    ];
    const inputs = [
      participant.reference.toLowerCase(),
      participant.niNumber,
      randomUUID(),
      'Canal Side',
    ];
    const callers = [world.prime.id, world.subcontractor.id];
    for (const organisationId of callers) {
      for (const input of inputs) {
        const terms = readSearchTerms(input, 10, api.config.piiHmacKey);
        for (const statement of searchStatements(terms, { organisationId, isPlatform: false })) {
          const plan = await withPartyScope(api.db.pool, { organisationId }, async (client) => {
            // A tiny test database makes sequential scans cheapest; forbidding them asks whether an index can serve each branch at all.
            await client.query('SET LOCAL enable_seqscan = off');
            const { rows } = await client.query<{ 'QUERY PLAN': unknown }>(
              `EXPLAIN (ANALYZE, FORMAT JSON) ${statement.text}`,
              statement.values,
            );
            return rows[0]!['QUERY PLAN'];
          });
          // Only scans that ran: a branch whose value is absent (no NI number, not an id) is planned but never executed.
          expect({
            kind: statement.kind,
            input,
            scanned: seqScansRun(plan).filter((table) => large.includes(table)),
          }).toEqual({ kind: statement.kind, input, scanned: [] });
        }
      }
    }
  });
});
