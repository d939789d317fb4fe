// Test-only: a needs-based programme with one prime contract and a supply
// chain, and a signed-in user for every party. Unique names per call so test
// files and tests run in parallel on their own data.
import { randomUUID } from 'node:crypto';
import { NEEDS_BASED_TEMPLATE } from '@waymark/domain';
import { type Pool } from 'pg';
import { anOrganisation, insertRow } from '@waymark/db/test-support';
import { call } from '../test-support/http';
import { aSignedInUser, type SignedInUser } from '../test-support/signed-in-user';

/** A party's signed-in user. */
export type Member = SignedInUser;

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
  const programmeId = await insertRow(pool, 'programme', {
    commissioner_id: commissionerOrg,
    name: `Programme ${tag}`,
    starts_on: '2026-04-01',
    eligibility: options.eligibility ?? { minAge: 16, maxAge: 66 },
  });
  const areaId = await insertRow(pool, 'contract_area', {
    programme_id: programmeId,
    name: `Area ${tag}`,
  });
  const groupIds: Record<string, string> = {};
  for (const code of ['A', 'B', 'C', 'D']) {
    groupIds[code] = await insertRow(pool, 'payment_group', {
      programme_id: programmeId,
      code,
      name: `Group ${code}`,
    });
  }
  const paymentModelId = await insertRow(pool, 'payment_model', {
    programme_id: programmeId,
    name: 'Needs-based milestone model',
  });
  // The rules are the stored definition (here the needs-based template), never the model's name.
  await insertRow(pool, 'payment_model_version', {
    payment_model_id: paymentModelId,
    version: 1,
    effective_from: '2020-01-01',
    definition: JSON.stringify(NEEDS_BASED_TEMPLATE),
    status: 'PUBLISHED',
    published_at: new Date(),
  });
  const primeContractId = await insertRow(pool, 'prime_contract', {
    programme_id: programmeId,
    contract_area_id: areaId,
    prime_id: primeOrg,
    payment_model_id: paymentModelId,
    reference: `PC-${tag}`,
    value_cap_pence: 500_000_000,
    starts_on: '2026-04-01',
    ends_on: '2031-03-31',
  });
  const specs = options.subcontracts ?? [
    { capacity: 10, bidShareBp: 6000 },
    { capacity: 10, bidShareBp: 4000 },
  ];
  const subcontracts: { id: string; organisationId: string }[] = [];
  for (const [index, spec] of specs.entries()) {
    const organisationId = (await anOrganisation(pool, { kind: 'SUBCONTRACTOR' })).id;
    // created_at a second apart: allocation breaks ties by the order subcontracts were signed.
    const id = await insertRow(pool, 'subcontract', {
      programme_id: programmeId,
      prime_contract_id: primeContractId,
      subcontractor_id: organisationId,
      tier: 'SPECIALIST',
      specialisms: spec.specialisms ?? [],
      terms_kind: 'PBR_SHARE',
      terms: { shareBp: 8000 },
      payment_sla_days: 30,
      capacity: spec.capacity === undefined ? 10 : spec.capacity,
      starts_on: '2026-04-01',
      created_at: new Date(Date.now() + index * 1000),
    });
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
    commissioner: await aSignedInUser(baseUrl, pool, {
      organisationId: commissionerOrg,
      roles: ['ADMIN'],
    }),
    prime: await aSignedInUser(baseUrl, pool, {
      organisationId: primeOrg,
      roles: ['ADMIN', 'CASEWORKER'],
    }),
    partner: await aSignedInUser(baseUrl, pool, {
      organisationId: partnerOrg,
      roles: ['CASEWORKER'],
    }),
    subcontractors: await Promise.all(
      subcontracts.map((s) =>
        aSignedInUser(baseUrl, pool, { organisationId: s.organisationId, roles: ['CASEWORKER'] }),
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
