// Test world for the claim areas: a programme with a payment model, a prime
// contract, a subcontract and people in every role, written straight to the
// test database; referrals and journey facts by SQL (the referral and journey
// areas are not needed to test claims). Unique names, so files run in parallel.
import { randomUUID } from 'node:crypto';
import { addDays, type PaymentModelDefinition } from '@waymark/domain';
import { hmacNiNumber } from '../common/pii/ni-number';
import { anOrganisation, aUser, insertRow } from '@waymark/db/test-support';
import { call } from '../test-support/http';
import { aSignedInUser, type SignedInUser } from '../test-support/signed-in-user';
import { type TestApp } from '../test-support/test-app';

export const today = (): string => new Date().toISOString().slice(0, 10);

export type Person = SignedInUser;

export const TARIFF_PENCE = { ATTACHMENT: 40_000, JOB_OUTCOME: 120_000 } as const;

/** A programme (needs-group B), its payment model from 2020, one prime contract and one subcontract. */
export async function aClaimsWorld(
  api: TestApp,
  options: {
    evidenceRequired?: Partial<Record<'ATTACHMENT' | 'JOB_START' | 'JOB_OUTCOME', string[]>>;
  } = {},
) {
  const evidence = (code: 'ATTACHMENT' | 'JOB_START' | 'JOB_OUTCOME') =>
    options.evidenceRequired?.[code] ?? [];
  const pool = api.db.pool;
  const commissioner = await anOrganisation(pool, { kind: 'COMMISSIONER' });
  const prime = await anOrganisation(pool, { kind: 'PRIME' });
  const subcontractor = await anOrganisation(pool, { kind: 'SUBCONTRACTOR' });
  const partner = await anOrganisation(pool, { kind: 'REFERRAL_PARTNER' });
  const programmeId = await insertRow(pool, 'programme', {
    commissioner_id: commissioner.id,
    name: `Programme ${randomUUID().slice(0, 8)}`,
    starts_on: '2020-01-01',
  });
  const areaId = await insertRow(pool, 'contract_area', {
    programme_id: programmeId,
    name: 'Area',
  });
  const paymentModelId = await insertRow(pool, 'payment_model', {
    programme_id: programmeId,
    name: 'Model',
  });
  const groupId = await insertRow(pool, 'payment_group', {
    programme_id: programmeId,
    code: 'B',
    name: 'Moderate needs',
  });
  const types = {
    ATTACHMENT: await insertRow(pool, 'milestone_type', {
      programme_id: programmeId,
      code: 'ATTACHMENT',
      name: 'Attachment',
    }),
    JOB_START: await insertRow(pool, 'milestone_type', {
      programme_id: programmeId,
      code: 'JOB_START',
      name: 'Job start',
    }),
    JOB_OUTCOME: await insertRow(pool, 'milestone_type', {
      programme_id: programmeId,
      code: 'JOB_OUTCOME',
      name: 'Job outcome',
    }),
  };
  const definition: PaymentModelDefinition = {
    paymentGroups: [{ code: 'B', name: 'Moderate needs' }],
    grouping: { rules: [], fallback: { id: 'ALL_B', description: 'everyone', paymentGroup: 'B' } },
    milestones: [
      {
        code: 'ATTACHMENT',
        name: 'Attachment',
        prerequisites: [],
        trigger: { kind: 'RECORDED' },
        maxOccurrences: 1,
        claimWithinDays: 3650,
        evidenceRequired: evidence('ATTACHMENT'),
      },
      {
        code: 'JOB_START',
        name: 'Job start',
        prerequisites: ['ATTACHMENT'],
        trigger: { kind: 'RECORDED' },
        maxOccurrences: 1,
        claimWithinDays: 3650,
        evidenceRequired: evidence('JOB_START'),
      },
      {
        code: 'JOB_OUTCOME',
        name: 'Job outcome',
        prerequisites: ['JOB_START'],
        trigger: { kind: 'WEEKS_IN_WORK', weeks: 13 },
        maxOccurrences: 1,
        claimWithinDays: 365,
        evidenceRequired: evidence('JOB_OUTCOME'),
      },
    ],
    tariffs: [
      {
        paymentGroup: 'B',
        milestone: 'ATTACHMENT',
        amountsPence: [String(TARIFF_PENCE.ATTACHMENT)],
      },
      {
        paymentGroup: 'B',
        milestone: 'JOB_OUTCOME',
        amountsPence: [String(TARIFF_PENCE.JOB_OUTCOME)],
      },
    ],
    tapers: [],
    caps: {},
  };
  // Tariff rows are written while the version is a draft, then it is published (as the API does).
  const versionId = await insertRow(pool, 'payment_model_version', {
    payment_model_id: paymentModelId,
    version: 1,
    effective_from: '2020-01-01',
    definition: JSON.stringify(definition),
  });
  await insertRow(pool, 'tariff', {
    payment_model_version_id: versionId,
    payment_group_id: groupId,
    milestone_type_id: types.ATTACHMENT,
    amount_pence: TARIFF_PENCE.ATTACHMENT,
  });
  await insertRow(pool, 'tariff', {
    payment_model_version_id: versionId,
    payment_group_id: groupId,
    milestone_type_id: types.JOB_OUTCOME,
    amount_pence: TARIFF_PENCE.JOB_OUTCOME,
  });
  await pool.query(
    `UPDATE payment_model_version SET status = 'PUBLISHED', published_at = now() WHERE id = $1`,
    [versionId],
  );
  const primeContractId = await insertRow(pool, 'prime_contract', {
    programme_id: programmeId,
    contract_area_id: areaId,
    prime_id: prime.id,
    payment_model_id: paymentModelId,
    reference: `PC-${randomUUID().slice(0, 8)}`,
    value_cap_pence: 1_000_000_000,
    starts_on: '2020-01-01',
    ends_on: '2035-12-31',
  });
  const subcontractId = await insertRow(pool, 'subcontract', {
    programme_id: programmeId,
    prime_contract_id: primeContractId,
    subcontractor_id: subcontractor.id,
    tier: 'END_TO_END',
    terms_kind: 'PBR_SHARE',
    terms: { shareBasisPoints: 8000 },
    payment_sla_days: 30,
    starts_on: '2020-01-01',
  });
  const people = {
    subCaseworker: await aSignedInUser(api.baseUrl, api.db.pool, {
      organisationId: subcontractor.id,
      roles: ['CASEWORKER'],
    }),
    subFinance: await aSignedInUser(api.baseUrl, api.db.pool, {
      organisationId: subcontractor.id,
      roles: ['FINANCE'],
    }),
    primeCaseworker: await aSignedInUser(api.baseUrl, api.db.pool, {
      organisationId: prime.id,
      roles: ['CASEWORKER'],
    }),
    primeFinance: await aSignedInUser(api.baseUrl, api.db.pool, {
      organisationId: prime.id,
      roles: ['FINANCE'],
    }),
    primeFinance2: await aSignedInUser(api.baseUrl, api.db.pool, {
      organisationId: prime.id,
      roles: ['FINANCE'],
    }),
    commissionerFinance: await aSignedInUser(api.baseUrl, api.db.pool, {
      organisationId: commissioner.id,
      roles: ['FINANCE'],
    }),
  };
  const assessorId = (await aUser(pool, { organisationId: subcontractor.id })).id;

  /** A participant referred, attached `attachedDaysAgo` ago, assessed into group B; optionally in work from `jobStartedDaysAgo`. */
  async function aReferral(
    options: {
      niNumber?: string;
      attachedDaysAgo?: number;
      jobStartedDaysAgo?: number;
      deliveredByPrime?: boolean;
    } = {},
  ) {
    const niNumber =
      options.niNumber ?? `AB${String(Math.floor(Math.random() * 1_000_000)).padStart(6, '0')}C`;
    const participantId = await insertRow(pool, 'participant', {
      programme_id: programmeId,
      prime_contract_id: primeContractId,
      reference: `P-${randomUUID().slice(0, 8)}`,
      ni_number_hmac: hmacNiNumber(niNumber, api.config.piiHmacKey),
      ni_number_ciphertext: Buffer.alloc(48),
    });
    await insertRow(pool, 'needs_assessment', {
      programme_id: programmeId,
      prime_contract_id: primeContractId,
      participant_id: participantId,
      barriers: JSON.stringify([{ barrier: 'HOUSING', severity: 2 }]),
      payment_group_id: groupId,
      rule_id: 'B',
      explanation: 'one MEDIUM barrier',
      assessed_by_user_id: assessorId,
    });
    const attachedOn = addDays(today(), -(options.attachedDaysAgo ?? 200));
    // A participant the prime delivers itself has no subcontract, and the schema lets only allocated referrals be ATTACHED.
    const referralId = await insertRow(pool, 'referral', {
      programme_id: programmeId,
      prime_contract_id: primeContractId,
      referral_partner_id: partner.id,
      participant_id: participantId,
      status: options.deliveredByPrime ? 'ACCEPTED' : 'ATTACHED',
      subcontract_id: options.deliveredByPrime ? null : subcontractId,
      received_at: `${addDays(attachedOn, -7)}T09:00:00Z`,
      attached_on: attachedOn,
    });
    if (options.jobStartedDaysAgo !== undefined) {
      const startedOn = addDays(today(), -options.jobStartedDaysAgo);
      await insertRow(pool, 'job_spell', {
        programme_id: programmeId,
        prime_contract_id: primeContractId,
        referral_id: referralId,
        employer: 'Employer Ltd',
        started_on: startedOn,
        recorded_by_user_id: assessorId,
      });
      await insertRow(pool, 'journey_event', {
        programme_id: programmeId,
        prime_contract_id: primeContractId,
        referral_id: referralId,
        milestone_code: 'JOB_START',
        achieved_on: startedOn,
        recorded_by_user_id: assessorId,
      });
    }
    return { referralId, participantId, niNumber, attachedOn };
  }

  return {
    programmeId,
    primeContractId,
    subcontractId,
    paymentModelId,
    groupId,
    types,
    commissioner,
    prime,
    subcontractor,
    people,
    aReferral,
  };
}

export type ClaimsWorld = Awaited<ReturnType<typeof aClaimsWorld>>;

/** Drives a claim through the API as the world's people; returns its final body. */
export async function moveClaim(
  api: TestApp,
  person: Person,
  claimId: string,
  to: string,
  reason?: string,
) {
  const current = await call(api.baseUrl, 'GET', `/claims/${claimId}`, { token: person.token });
  return call(api.baseUrl, 'POST', `/claims/${claimId}/transitions`, {
    token: person.token,
    headers: { 'if-match': current.headers.get('etag') ?? '' },
    body: { to, ...(reason ? { reason } : {}) },
  });
}

/** A claim drafted by the subcontractor caseworker and taken through the workflow to `until`. */
export async function aClaimAt(
  api: TestApp,
  world: ClaimsWorld,
  until: 'DRAFT' | 'SUBMITTED' | 'PRIME_APPROVED' | 'SUBMITTED_TO_COMMISSIONER' | 'APPROVED',
  referralOptions: Parameters<ClaimsWorld['aReferral']>[0] = {},
) {
  const { referralId, participantId, niNumber } = await world.aReferral(referralOptions);
  const drafted = await call(api.baseUrl, 'POST', '/claims', {
    token: world.people.subCaseworker.token,
    body: {
      referralId,
      milestoneCode: referralOptions.jobStartedDaysAgo !== undefined ? 'JOB_OUTCOME' : 'ATTACHMENT',
    },
  });
  if (drafted.status !== 201) throw new Error(`draft failed: ${JSON.stringify(drafted.body)}`);
  const id = (drafted.body as { claim: { id: string } }).claim.id;
  const steps: [Person, string][] = [
    [world.people.subFinance, 'SUBMITTED'],
    [world.people.primeFinance, 'PRIME_APPROVED'],
  ];
  const order = ['DRAFT', 'SUBMITTED', 'PRIME_APPROVED', 'SUBMITTED_TO_COMMISSIONER', 'APPROVED'];
  for (const [person, to] of steps) {
    if (order.indexOf(to) > order.indexOf(until)) break;
    const moved = await moveClaim(api, person, id, to);
    if (moved.status !== 200) throw new Error(`${to} failed: ${JSON.stringify(moved.body)}`);
  }
  if (order.indexOf(until) >= order.indexOf('SUBMITTED_TO_COMMISSIONER')) {
    const claim = await call(api.baseUrl, 'GET', `/claims/${id}`, {
      token: world.people.primeFinance.token,
    });
    const submitted = await call(api.baseUrl, 'POST', '/claim-submissions', {
      token: world.people.primeFinance.token,
      body: {
        primeContractId: world.primeContractId,
        claims: [{ id, version: (claim.body as { claim: { version: number } }).claim.version }],
      },
    });
    if (submitted.status !== 201)
      throw new Error(`submission failed: ${JSON.stringify(submitted.body)}`);
  }
  if (until === 'APPROVED') {
    const moved = await moveClaim(api, world.people.commissionerFinance, id, 'APPROVED');
    if (moved.status !== 200) throw new Error(`APPROVED failed: ${JSON.stringify(moved.body)}`);
  }
  return { id, referralId, participantId, niNumber };
}
