// Test fixtures for the money areas: a programme with a commissioner, a prime
// contract, subcontracts on given terms and APPROVED claims written straight
// to the database (the claims workflow is another area's), plus signed-in
// finance users of each party.
import { randomBytes, randomUUID } from 'node:crypto';
import { type Pool } from 'pg';
import { insertRow, unique } from '@waymark/db/test-support';
import { call } from '../test-support/http';
import { aSignedInUser, type SignedInUser } from '../test-support/signed-in-user';

/** A party's signed-in user (finance, unless a test says otherwise). */
export type Party = SignedInUser;

export interface MoneyWorld {
  programmeId: string;
  primeContractId: string;
  commissioner: Party;
  prime: Party;
  /** A second prime finance user: approves the payments `prime` runs (maker-checker). */
  primeChecker: Party;
  milestoneTypeIds: Record<'ATTACHMENT' | 'JOB_OUTCOME', string>;
  tariffIds: Record<'ATTACHMENT' | 'JOB_OUTCOME', string>;
  paymentGroupId: string;
  baseUrl: string;
  pool: Pool;
}

export async function aMoneyWorld(baseUrl: string, pool: Pool): Promise<MoneyWorld> {
  const commissionerId = await insertRow(pool, 'organisation', {
    name: unique('Commissioner'),
    kind: 'COMMISSIONER',
  });
  const primeId = await insertRow(pool, 'organisation', { name: unique('Prime'), kind: 'PRIME' });
  const programmeId = await insertRow(pool, 'programme', {
    commissioner_id: commissionerId,
    name: unique('Programme'),
    starts_on: '2024-01-01',
  });
  const areaId = await insertRow(pool, 'contract_area', {
    programme_id: programmeId,
    name: unique('Area'),
  });
  const modelId = await insertRow(pool, 'payment_model', {
    programme_id: programmeId,
    name: unique('Model'),
  });
  const versionId = await insertRow(pool, 'payment_model_version', {
    payment_model_id: modelId,
    version: 1,
    effective_from: '2024-01-01',
    definition: {},
  });
  const paymentGroupId = await insertRow(pool, 'payment_group', {
    programme_id: programmeId,
    code: 'A',
    name: 'Group A',
  });
  const attachment = await insertRow(pool, 'milestone_type', {
    programme_id: programmeId,
    code: 'ATTACHMENT',
    name: 'Attachment',
  });
  const jobOutcome = await insertRow(pool, 'milestone_type', {
    programme_id: programmeId,
    code: 'JOB_OUTCOME',
    name: 'Job outcome',
  });
  const tariff = (milestoneTypeId: string, amount: number) =>
    insertRow(pool, 'tariff', {
      payment_model_version_id: versionId,
      payment_group_id: paymentGroupId,
      milestone_type_id: milestoneTypeId,
      amount_pence: amount,
    });
  const primeContractId = await insertRow(pool, 'prime_contract', {
    programme_id: programmeId,
    contract_area_id: areaId,
    prime_id: primeId,
    payment_model_id: modelId,
    reference: unique('PC'),
    value_cap_pence: 100_000_000_00,
    starts_on: '2024-01-01',
    ends_on: '2030-12-31',
  });
  return {
    programmeId,
    primeContractId,
    ...(await financePeople(baseUrl, pool, commissionerId, primeId)),
    milestoneTypeIds: { ATTACHMENT: attachment, JOB_OUTCOME: jobOutcome },
    tariffIds: {
      ATTACHMENT: await tariff(attachment, 400_00),
      JOB_OUTCOME: await tariff(jobOutcome, 1_200_00),
    },
    paymentGroupId,
    baseUrl,
    pool,
  };
}

export interface SubcontractFixture {
  id: string;
  subcontractor: Party;
}

export async function aSubcontract(
  world: MoneyWorld,
  options: {
    termsKind: string;
    terms: Record<string, unknown>;
    managementFeeBp?: number;
    paymentSlaDays?: number;
    startsOn?: string;
  },
): Promise<SubcontractFixture> {
  const subcontractorId = await insertRow(world.pool, 'organisation', {
    name: unique('Charity'),
    kind: 'SUBCONTRACTOR',
  });
  const managementFeeBp = options.managementFeeBp ?? 1000;
  const paymentSlaDays = options.paymentSlaDays ?? 30;
  const id = await insertRow(world.pool, 'subcontract', {
    programme_id: world.programmeId,
    prime_contract_id: world.primeContractId,
    subcontractor_id: subcontractorId,
    tier: 'SPECIALIST',
    terms_kind: options.termsKind,
    terms: JSON.stringify({
      kind: options.termsKind,
      managementFeeBasisPoints: managementFeeBp,
      paymentSlaDays,
      ...options.terms,
    }),
    management_fee_bp: managementFeeBp,
    payment_sla_days: paymentSlaDays,
    starts_on: options.startsOn ?? '2024-01-01',
  });
  return {
    id,
    subcontractor: await aSignedInUser(world.baseUrl, world.pool, {
      organisationId: subcontractorId,
      roles: ['FINANCE'],
    }),
  };
}

/** An APPROVED claim on a fresh referral allocated to the subcontract. */
export async function anApprovedClaim(
  world: MoneyWorld,
  options: {
    subcontractId: string | null;
    milestone?: 'ATTACHMENT' | 'JOB_OUTCOME';
    amountPence?: number;
    decidedOn?: string;
    status?: string;
  },
): Promise<string> {
  const milestone = options.milestone ?? 'JOB_OUTCOME';
  const participantId = await insertRow(world.pool, 'participant', {
    programme_id: world.programmeId,
    prime_contract_id: world.primeContractId,
    reference: unique('P'),
    ni_number_hmac: randomBytes(32),
    ni_number_ciphertext: randomBytes(48),
  });
  const partnerId = await insertRow(world.pool, 'organisation', {
    name: unique('Jobcentre'),
    kind: 'REFERRAL_PARTNER',
  });
  const referralId = await insertRow(world.pool, 'referral', {
    programme_id: world.programmeId,
    prime_contract_id: world.primeContractId,
    referral_partner_id: partnerId,
    participant_id: participantId,
    status: options.subcontractId ? 'ALLOCATED' : 'ACCEPTED',
    subcontract_id: options.subcontractId,
  });
  const decidedOn = options.decidedOn ?? '2024-03-10';
  return insertRow(world.pool, 'claim', {
    programme_id: world.programmeId,
    prime_contract_id: world.primeContractId,
    referral_id: referralId,
    subcontract_id: options.subcontractId,
    milestone_type_id: world.milestoneTypeIds[milestone],
    occurrence: 1,
    milestone_on: decidedOn,
    tariff_id: world.tariffIds[milestone],
    amount_pence: options.amountPence ?? (milestone === 'JOB_OUTCOME' ? 1_200_00 : 400_00),
    status: options.status ?? 'APPROVED',
    created_by_user_id: world.prime.id,
    decided_at: `${decidedOn}T12:00:00Z`,
  });
}

export const idempotencyKey = () => ({ 'idempotency-key': randomUUID() });

/** The period most tests remit: March 2024 (the claims' default decision day is 10 March), paid to the prime on 5 April. */
export const MARCH_REMITTANCE = {
  periodStart: '2024-03-01',
  periodEnd: '2024-03-31',
  paidOn: '2024-04-05',
} as const;

/** The prime runs subcontractor payments (POST /subcontractor-payments) with a fresh idempotency key; the answer as it came. */
export function runPayments(
  world: MoneyWorld,
  body: {
    subcontractId?: string;
    primeContractId?: string;
    periodStart: string;
    periodEnd: string;
  },
  token = world.prime.token,
) {
  return call(world.baseUrl, 'POST', '/subcontractor-payments', {
    token,
    headers: idempotencyKey(),
    body,
  });
}

/** Commissioner runs and pays a remittance for the period; returns its id. */
export async function remitAndPay(
  world: MoneyWorld,
  options: { periodStart: string; periodEnd: string; paidOn: string; reference?: string },
): Promise<string> {
  const run = await call<{ remittance: { id: string } }>(world.baseUrl, 'POST', '/remittances', {
    token: world.commissioner.token,
    headers: idempotencyKey(),
    body: {
      primeContractId: world.primeContractId,
      periodStart: options.periodStart,
      periodEnd: options.periodEnd,
    },
  });
  if (run.status !== 201)
    throw new Error(`remittance run failed: ${run.status} ${JSON.stringify(run.body)}`);
  const paid = await call(world.baseUrl, 'POST', `/remittances/${run.body.remittance.id}/paid`, {
    token: world.commissioner.token,
    headers: idempotencyKey(),
    body: { paidReference: options.reference ?? unique('REM'), paidOn: options.paidOn },
  });
  if (paid.status !== 200)
    throw new Error(`remittance paid failed: ${paid.status} ${JSON.stringify(paid.body)}`);
  return run.body.remittance.id;
}

/** Prime runs, approves and pays a payment for one subcontract; returns the payment. */
export async function passDownAndPay(
  world: MoneyWorld,
  subcontractId: string,
  options: { periodStart: string; periodEnd: string; paidOn: string; reference?: string },
) {
  const run = await call<{ payments: { id: string }[] }>(
    world.baseUrl,
    'POST',
    '/subcontractor-payments',
    {
      token: world.prime.token,
      headers: idempotencyKey(),
      body: { subcontractId, periodStart: options.periodStart, periodEnd: options.periodEnd },
    },
  );
  if (run.status !== 201)
    throw new Error(`payment run failed: ${run.status} ${JSON.stringify(run.body)}`);
  const id = run.body.payments[0]!.id;
  await call(world.baseUrl, 'POST', `/subcontractor-payments/${id}/approve`, {
    token: world.primeChecker.token,
    headers: idempotencyKey(),
    body: {},
  });
  const paid = await call<{
    payment: {
      id: string;
      amountPence: string;
      dueOn: string;
      isLate: boolean;
      paidReference: string;
    };
  }>(world.baseUrl, 'POST', `/subcontractor-payments/${id}/paid`, {
    token: world.prime.token,
    headers: idempotencyKey(),
    body: { paidReference: options.reference ?? unique('PAY'), paidOn: options.paidOn },
  });
  if (paid.status !== 200)
    throw new Error(`payment paid failed: ${paid.status} ${JSON.stringify(paid.body)}`);
  return paid.body.payment;
}

/** A request that must succeed; the answer's body. */
/** The money world's signed-in finance people: the commissioner's, and the prime's maker and checker. */
async function financePeople(baseUrl: string, pool: Pool, commissionerId: string, primeId: string) {
  return {
    commissioner: await aSignedInUser(baseUrl, pool, {
      organisationId: commissionerId,
      roles: ['FINANCE'],
    }),
    prime: await aSignedInUser(baseUrl, pool, { organisationId: primeId, roles: ['FINANCE'] }),
    primeChecker: await aSignedInUser(baseUrl, pool, {
      organisationId: primeId,
      roles: ['FINANCE'],
    }),
  };
}

async function ok<T>(
  baseUrl: string,
  method: string,
  path: string,
  token: string,
  body: unknown = {},
): Promise<T> {
  const result = await call<T>(baseUrl, method, path, { token, body });
  if (result.status >= 300)
    throw new Error(`${method} ${path} → ${result.status} ${JSON.stringify(result.body)}`);
  return result.body;
}

/**
 * The money world built through the API, as a commissioner and a prime would: a programme, a payment
 * model (one group, ATTACHMENT £400.00 and JOB_OUTCOME £1,200.00) published by maker and checker, and a
 * prime contract. Only the organisations and their signed-in users are written directly (no route makes
 * them); the milestone and tariff ids the published model created are read back for the claims.
 */
export async function anApiBuiltMoneyWorld(baseUrl: string, pool: Pool): Promise<MoneyWorld> {
  const commissionerId = await insertRow(pool, 'organisation', {
    name: unique('Commissioner'),
    kind: 'COMMISSIONER',
  });
  const primeId = await insertRow(pool, 'organisation', { name: unique('Prime'), kind: 'PRIME' });
  const admin = async (organisationId: string) =>
    (await aSignedInUser(baseUrl, pool, { organisationId, roles: ['ADMIN'] })).token;
  const [maker, checker] = [await admin(commissionerId), await admin(commissionerId)];
  const { programme } = await ok<{ programme: { id: string; contractAreas: { id: string }[] } }>(
    baseUrl,
    'POST',
    '/programmes',
    maker,
    {
      name: unique('Programme'),
      startsOn: '2024-01-01',
      supportPeriodWeeks: 104,
      contractAreas: [{ name: 'North' }],
    },
  );
  const { paymentModel } = await ok<{
    paymentModel: { id: string; versions: { id: string }[] };
  }>(baseUrl, 'POST', `/programmes/${programme.id}/payment-models`, maker, {
    name: 'Outcome payments',
    effectiveFrom: '2024-01-01',
    definition: {
      paymentGroups: [{ code: 'A', name: 'Group A' }],
      grouping: {
        rules: [],
        fallback: { id: 'EVERYONE', description: 'everyone', paymentGroup: 'A' },
      },
      milestones: [
        {
          code: 'ATTACHMENT',
          name: 'Attachment',
          trigger: { kind: 'RECORDED' },
          maxOccurrences: 1,
          claimWithinDays: 90,
        },
        {
          code: 'JOB_OUTCOME',
          name: 'Job outcome',
          prerequisites: ['ATTACHMENT'],
          trigger: { kind: 'RECORDED' },
          maxOccurrences: 1,
          claimWithinDays: 90,
        },
      ],
      tariffs: [
        { paymentGroup: 'A', milestone: 'ATTACHMENT', amountsPence: ['40000'] },
        { paymentGroup: 'A', milestone: 'JOB_OUTCOME', amountsPence: ['120000'] },
      ],
    },
  });
  const versionId = paymentModel.versions[0]!.id;
  await ok(baseUrl, 'POST', `/payment-model-versions/${versionId}/submit`, maker);
  await ok(baseUrl, 'POST', `/payment-model-versions/${versionId}/publish`, checker);
  const { primeContract } = await ok<{ primeContract: { id: string } }>(
    baseUrl,
    'POST',
    `/programmes/${programme.id}/prime-contracts`,
    maker,
    {
      primeOrganisationId: primeId,
      contractAreaId: programme.contractAreas[0]!.id,
      paymentModelId: paymentModel.id,
      reference: unique('PC'),
      valueCapPence: '10000000000',
      startsOn: '2024-01-01',
      endsOn: '2030-12-31',
    },
  );
  const { rows } = await pool.query<{
    code: 'ATTACHMENT' | 'JOB_OUTCOME';
    mt: string;
    t: string;
    g: string;
  }>(
    `SELECT mt.code::text AS code, mt.id AS mt, t.id AS t, t.payment_group_id AS g
     FROM tariff t JOIN milestone_type mt ON mt.id = t.milestone_type_id WHERE t.payment_model_version_id = $1`,
    [versionId],
  );
  const byCode = (field: 'mt' | 't') =>
    Object.fromEntries(rows.map((row) => [row.code, row[field]])) as Record<
      'ATTACHMENT' | 'JOB_OUTCOME',
      string
    >;
  return {
    programmeId: programme.id,
    primeContractId: primeContract.id,
    ...(await financePeople(baseUrl, pool, commissionerId, primeId)),
    milestoneTypeIds: byCode('mt'),
    tariffIds: byCode('t'),
    paymentGroupId: rows[0]!.g,
    baseUrl,
    pool,
  };
}

/** A subcontract made through the API: drafted by the prime's admin on these terms, offered, accepted by the charity's admin. */
export async function anApiSubcontract(
  world: MoneyWorld,
  terms: Record<string, unknown>,
): Promise<SubcontractFixture & { primeAdmin: string; subcontractorAdmin: string }> {
  const subcontractorId = await insertRow(world.pool, 'organisation', {
    name: unique('Charity'),
    kind: 'SUBCONTRACTOR',
  });
  const primeAdmin = (
    await aSignedInUser(world.baseUrl, world.pool, {
      organisationId: world.prime.organisationId,
      roles: ['ADMIN'],
    })
  ).token;
  const subcontractorAdmin = (
    await aSignedInUser(world.baseUrl, world.pool, {
      organisationId: subcontractorId,
      roles: ['ADMIN'],
    })
  ).token;
  const { subcontract } = await ok<{ subcontract: { id: string } }>(
    world.baseUrl,
    'POST',
    '/subcontracts',
    primeAdmin,
    {
      primeContractId: world.primeContractId,
      subcontractorId,
      tier: 'SPECIALIST',
      startsOn: '2024-01-01',
      terms,
    },
  );
  await ok(world.baseUrl, 'POST', `/subcontracts/${subcontract.id}/offer`, primeAdmin);
  await ok(world.baseUrl, 'POST', `/subcontracts/${subcontract.id}/accept`, subcontractorAdmin);
  return {
    id: subcontract.id,
    primeAdmin,
    subcontractorAdmin,
    subcontractor: await aSignedInUser(world.baseUrl, world.pool, {
      organisationId: subcontractorId,
      roles: ['FINANCE'],
    }),
  };
}
