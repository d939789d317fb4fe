// Test-only: a needs-based programme with one prime contract and a supply
// chain, and a signed-in user for every party. Unique names per call so test
// files and tests run in parallel on their own data.
import { randomUUID } from 'node:crypto';
import { NEEDS_BASED_TEMPLATE, type OrganisationKind, type Role } from '@waymark/domain';
import { type Pool } from 'pg';
import { anOrganisation, aUser, TEST_PASSWORD } from '../test-support/factories';
import { call, signIn } from '../test-support/http';

export interface Member {
  organisationId: string;
  userId: string;
  token: string;
}

export async function aSignedInMember(
  baseUrl: string,
  pool: Pool,
  options: { organisationId?: string; kind?: OrganisationKind; roles?: Role[] },
): Promise<Member> {
  const organisationId =
    options.organisationId ?? (await anOrganisation(pool, { kind: options.kind })).id;
  const user = await aUser(pool, { organisationId, roles: options.roles ?? ['CASEWORKER'] });
  const { accessToken } = await signIn(baseUrl, user.email, TEST_PASSWORD);
  return { organisationId, userId: user.id, token: accessToken };
}

async function insert(pool: Pool, sql: string, values: unknown[]): Promise<string> {
  const { rows } = await pool.query<{ id: string }>(`${sql} RETURNING id`, values);
  return rows[0]!.id;
}

export interface SubcontractSpec {
  capacity?: number | null;
  bidShareBp?: number;
  groups?: string[];
  specialisms?: string[];
}

export async function aSupplyChain(
  baseUrl: string,
  pool: Pool,
  options: { subcontracts?: SubcontractSpec[]; eligibility?: Record<string, unknown> } = {},
) {
  const tag = randomUUID().slice(0, 8);
  const commissionerOrg = (await anOrganisation(pool, { kind: 'COMMISSIONER' })).id;
  const primeOrg = (await anOrganisation(pool, { kind: 'PRIME' })).id;
  const programmeId = await insert(
    pool,
    `INSERT INTO programme (commissioner_id, name, starts_on, eligibility) VALUES ($1, $2, '2026-04-01', $3)`,
    [commissionerOrg, `Programme ${tag}`, options.eligibility ?? { minAge: 16, maxAge: 66 }],
  );
  const areaId = await insert(
    pool,
    'INSERT INTO contract_area (programme_id, name) VALUES ($1, $2)',
    [programmeId, `Area ${tag}`],
  );
  const groupIds: Record<string, string> = {};
  for (const code of ['A', 'B', 'C', 'D']) {
    groupIds[code] = await insert(
      pool,
      'INSERT INTO payment_group (programme_id, code, name) VALUES ($1, $2, $3)',
      [programmeId, code, `Group ${code}`],
    );
  }
  const paymentModelId = await insert(
    pool,
    'INSERT INTO payment_model (programme_id, name) VALUES ($1, $2)',
    [programmeId, 'Needs-based milestone model'],
  );
  // The rules are the stored definition (here the needs-based template), never the model's name.
  await insert(
    pool,
    `INSERT INTO payment_model_version (payment_model_id, version, effective_from, definition, status, published_at) VALUES ($1, 1, '2020-01-01', $2, 'PUBLISHED', now())`,
    [paymentModelId, JSON.stringify(NEEDS_BASED_TEMPLATE)],
  );
  const primeContractId = await insert(
    pool,
    `INSERT INTO prime_contract (programme_id, contract_area_id, prime_id, payment_model_id, reference, value_cap_pence, starts_on, ends_on)
     VALUES ($1, $2, $3, $4, $5, 500000000, '2026-04-01', '2031-03-31')`,
    [programmeId, areaId, primeOrg, paymentModelId, `PC-${tag}`],
  );
  const specs = options.subcontracts ?? [
    { capacity: 10, bidShareBp: 6000 },
    { capacity: 10, bidShareBp: 4000 },
  ];
  const subcontracts: { id: string; organisationId: string }[] = [];
  for (const [index, spec] of specs.entries()) {
    const organisationId = (await anOrganisation(pool, { kind: 'SUBCONTRACTOR' })).id;
    const id = await insert(
      pool,
      `INSERT INTO subcontract (programme_id, prime_contract_id, subcontractor_id, tier, specialisms, terms_kind, terms, payment_sla_days, capacity, starts_on, created_at)
       VALUES ($1, $2, $3, 'SPECIALIST', $4, 'PBR_SHARE', '{"shareBp": 8000}', 30, $5, '2026-04-01', now() + make_interval(secs => $6))`,
      [
        programmeId,
        primeContractId,
        organisationId,
        spec.specialisms ?? [],
        spec.capacity === undefined ? 10 : spec.capacity,
        index,
      ],
    );
    for (const code of spec.groups ?? [])
      await pool.query(
        'INSERT INTO subcontract_payment_group (subcontract_id, payment_group_id) VALUES ($1, $2)',
        [id, groupIds[code]],
      );
    await pool.query(
      'INSERT INTO bid_commitment (prime_contract_id, subcontractor_id, planned_spend_share_bp, planned_referral_share_bp) VALUES ($1, $2, $3, $3)',
      [primeContractId, organisationId, spec.bidShareBp ?? 0],
    );
    subcontracts.push({ id, organisationId });
  }
  const partnerOrg = (await anOrganisation(pool, { kind: 'REFERRAL_PARTNER' })).id;
  return {
    programmeId,
    primeContractId,
    groupIds,
    subcontracts,
    commissioner: await aSignedInMember(baseUrl, pool, {
      organisationId: commissionerOrg,
      roles: ['ADMIN'],
    }),
    prime: await aSignedInMember(baseUrl, pool, {
      organisationId: primeOrg,
      roles: ['ADMIN', 'CASEWORKER'],
    }),
    partner: await aSignedInMember(baseUrl, pool, {
      organisationId: partnerOrg,
      roles: ['CASEWORKER'],
    }),
    subcontractors: await Promise.all(
      subcontracts.map((s) =>
        aSignedInMember(baseUrl, pool, { organisationId: s.organisationId, roles: ['CASEWORKER'] }),
      ),
    ),
  };
}
export type SupplyChainWorld = Awaited<ReturnType<typeof aSupplyChain>>;

/** A valid, unique NI number (prefix AB, suffix A). */
export function aNiNumber(): string {
  return `AB${String(Math.floor(Math.random() * 1_000_000)).padStart(6, '0')}A`;
}

export async function aReferralVia(
  baseUrl: string,
  world: SupplyChainWorld,
  overrides: {
    niNumber?: string;
    dateOfBirth?: string;
    specialCategory?: Record<string, string>;
    externalReference?: string;
  } = {},
) {
  const result = await call<{
    referral: { id: string; version: number; participant: { reference: string } };
  }>(baseUrl, 'POST', '/referrals', {
    token: world.partner.token,
    body: {
      primeContractId: world.primeContractId,
      ...(overrides.externalReference ? { externalReference: overrides.externalReference } : {}),
      participant: {
        niNumber: overrides.niNumber ?? aNiNumber(),
        dateOfBirth: overrides.dateOfBirth ?? '1990-05-17',
        benefitType: 'UC',
        ...(overrides.specialCategory ? { specialCategory: overrides.specialCategory } : {}),
      },
    },
  });
  if (result.status !== 201)
    throw new Error(`referral not created: ${result.status} ${JSON.stringify(result.body)}`);
  return result.body.referral;
}

/** Moves a referral along with the right party at each step; returns the latest version. */
export async function step(
  baseUrl: string,
  token: string,
  id: string,
  action: string,
  version: number,
  body: Record<string, unknown> = {},
) {
  const result = await call<{
    referral: {
      id: string;
      version: number;
      status: string;
      subcontractId: string | null;
      allocationRule: string | null;
      allocationReason: string | null;
    };
  }>(baseUrl, 'POST', `/referrals/${id}/${action}`, {
    token,
    body,
    headers: { 'if-match': `"${version}"` },
  });
  if (result.status !== 200)
    throw new Error(`${action} failed: ${result.status} ${JSON.stringify(result.body)}`);
  return result.body.referral;
}

/** Received → accepted → assessed → allocated (by hand to the given subcontract, or by policy). */
export async function anAllocatedReferral(
  baseUrl: string,
  world: SupplyChainWorld,
  options: { subcontractIndex?: number; specialCategory?: Record<string, string> } = {},
) {
  const created = await aReferralVia(baseUrl, world, { specialCategory: options.specialCategory });
  const accepted = await step(baseUrl, world.prime.token, created.id, 'accept', created.version);
  const subcontractId = world.subcontracts[options.subcontractIndex ?? 0]!.id;
  const allocated = await step(
    baseUrl,
    world.prime.token,
    created.id,
    'allocate',
    accepted.version,
    { subcontractId, reason: 'specialist ESOL provision' },
  );
  return { ...allocated, participantReference: created.participant.reference };
}
