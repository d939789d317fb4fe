// Test factories for the constraint tests: raw SQL inserts that create every
// parent row a table needs, with unique names so files can run in parallel.
// Each takes overrides for the columns a test cares about.
import { randomBytes, randomUUID } from 'node:crypto';
import { DatabaseError, type QueryResult, type QueryResultRow } from 'pg';

/** A pg Pool or a checked-out client. */
export interface Sql {
  query<R extends QueryResultRow>(text: string, values?: unknown[]): Promise<QueryResult<R>>;
}

const unique = (label: string): string => `${label} ${randomUUID().slice(0, 8)}`;

async function insert(db: Sql, table: string, values: Record<string, unknown>): Promise<string> {
  const columns = Object.keys(values);
  const placeholders = columns.map((_, i) => `$${i + 1}`);
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${placeholders.join(', ')}) RETURNING id`,
    Object.values(values),
  );
  return rows[0]!.id;
}

export async function anOrganisation(
  db: Sql,
  overrides: Record<string, unknown> = {},
): Promise<string> {
  return insert(db, 'organisation', {
    name: unique('Organisation'),
    kind: 'SUBCONTRACTOR',
    ...overrides,
  });
}

export async function aUser(db: Sql, overrides: Record<string, unknown> = {}): Promise<string> {
  const organisationId = overrides.organisation_id ?? (await anOrganisation(db));
  return insert(db, 'app_user', {
    organisation_id: organisationId,
    email: `${randomUUID()}@example.org`,
    display_name: unique('User'),
    password_hash: 'not-a-real-hash',
    roles: ['CASEWORKER'],
    ...overrides,
  });
}

export interface PrimeContractWorld {
  programmeId: string;
  primeContractId: string;
  primeId: string;
  paymentModelId: string;
  paymentModelVersionId: string;
  paymentGroupId: string;
  milestoneTypeId: string;
}

/** A programme with one prime contract, payment model version, payment group and milestone type. */
export async function aPrimeContract(
  db: Sql,
  overrides: Record<string, unknown> = {},
): Promise<PrimeContractWorld> {
  const commissionerId = await anOrganisation(db, { kind: 'COMMISSIONER' });
  const primeId = await anOrganisation(db, { kind: 'PRIME' });
  const programmeId = await insert(db, 'programme', {
    commissioner_id: commissionerId,
    name: unique('Programme'),
    starts_on: '2026-04-01',
  });
  const contractAreaId = await insert(db, 'contract_area', {
    programme_id: programmeId,
    name: unique('Area'),
  });
  const paymentModelId = await insert(db, 'payment_model', {
    programme_id: programmeId,
    name: unique('Model'),
  });
  const paymentModelVersionId = await aPaymentModelVersion(db, {
    payment_model_id: paymentModelId,
  });
  const paymentGroupId = await insert(db, 'payment_group', {
    programme_id: programmeId,
    code: unique('GROUP'),
    name: 'Group',
  });
  const milestoneTypeId = await insert(db, 'milestone_type', {
    programme_id: programmeId,
    code: 'JOB_START',
    name: 'Job start',
  });
  const primeContractId = await insert(db, 'prime_contract', {
    programme_id: programmeId,
    contract_area_id: contractAreaId,
    prime_id: primeId,
    payment_model_id: paymentModelId,
    reference: unique('PC'),
    value_cap_pence: 100_000_000,
    starts_on: '2026-04-01',
    ends_on: '2031-03-31',
    ...overrides,
  });
  return {
    programmeId,
    primeContractId,
    primeId,
    paymentModelId,
    paymentModelVersionId,
    paymentGroupId,
    milestoneTypeId,
  };
}

export async function aPaymentModelVersion(
  db: Sql,
  overrides: Record<string, unknown> & { payment_model_id: unknown },
): Promise<string> {
  // A draft with an empty definition: enough for rows that point at a version; the API reads only published ones.
  return insert(db, 'payment_model_version', {
    version: 1,
    effective_from: '2026-04-01',
    definition: {},
    ...overrides,
  });
}

export async function aTariff(
  db: Sql,
  world: PrimeContractWorld,
  overrides: Record<string, unknown> = {},
): Promise<string> {
  return insert(db, 'tariff', {
    payment_model_version_id: world.paymentModelVersionId,
    payment_group_id: world.paymentGroupId,
    milestone_type_id: world.milestoneTypeId,
    amount_pence: 120_000,
    ...overrides,
  });
}

export async function aSubcontract(
  db: Sql,
  world: PrimeContractWorld,
  overrides: Record<string, unknown> = {},
): Promise<string> {
  return insert(db, 'subcontract', {
    programme_id: world.programmeId,
    prime_contract_id: world.primeContractId,
    subcontractor_id: await anOrganisation(db),
    tier: 'SPECIALIST',
    terms_kind: 'PBR_SHARE',
    terms: { shareBp: 8000 },
    payment_sla_days: 30,
    starts_on: '2026-04-01',
    ...overrides,
  });
}

export async function aReferral(
  db: Sql,
  world: PrimeContractWorld,
  overrides: Record<string, unknown> = {},
): Promise<string> {
  const participantId = await insert(db, 'participant', {
    programme_id: world.programmeId,
    prime_contract_id: world.primeContractId,
    reference: unique('P'),
    ni_number_hmac: randomBytes(32),
    ni_number_ciphertext: randomBytes(48),
  });
  return insert(db, 'referral', {
    programme_id: world.programmeId,
    prime_contract_id: world.primeContractId,
    referral_partner_id: await anOrganisation(db, { kind: 'REFERRAL_PARTNER' }),
    participant_id: participantId,
    ...overrides,
  });
}

export interface ClaimWorld extends PrimeContractWorld {
  referralId: string;
  tariffId: string;
  userId: string;
}

export async function aClaimWorld(db: Sql): Promise<ClaimWorld> {
  const world = await aPrimeContract(db);
  return {
    ...world,
    referralId: await aReferral(db, world),
    tariffId: await aTariff(db, world),
    userId: await aUser(db, { organisation_id: world.primeId }),
  };
}

export async function aClaim(
  db: Sql,
  world: ClaimWorld,
  overrides: Record<string, unknown> = {},
): Promise<string> {
  return insert(db, 'claim', {
    programme_id: world.programmeId,
    prime_contract_id: world.primeContractId,
    referral_id: world.referralId,
    milestone_type_id: world.milestoneTypeId,
    occurrence: 1,
    milestone_on: '2026-06-01',
    tariff_id: world.tariffId,
    amount_pence: 120_000,
    status: 'SUBMITTED',
    created_by_user_id: world.userId,
    ...overrides,
  });
}

export async function aLedgerAccount(
  db: Sql,
  world: PrimeContractWorld,
  code = unique('ACCOUNT'),
): Promise<string> {
  return insert(db, 'ledger_account', {
    organisation_id: world.primeId,
    programme_id: world.programmeId,
    code,
    name: code,
  });
}

export async function aLedgerTransaction(db: Sql, world: PrimeContractWorld): Promise<string> {
  return insert(db, 'ledger_transaction', {
    programme_id: world.programmeId,
    prime_contract_id: world.primeContractId,
    description: unique('Transfer'),
  });
}

export async function aLedgerEntry(
  db: Sql,
  world: PrimeContractWorld,
  entry: { transactionId: string; accountId: string; amountPence: number },
): Promise<string> {
  return insert(db, 'ledger_entry', {
    programme_id: world.programmeId,
    prime_contract_id: world.primeContractId,
    transaction_id: entry.transactionId,
    account_id: entry.accountId,
    amount_pence: entry.amountPence,
  });
}

/** The database error a statement fails with; fails the test if it succeeds. */
export async function databaseErrorOf(statement: Promise<unknown>): Promise<DatabaseError> {
  try {
    await statement;
  } catch (error) {
    if (error instanceof DatabaseError) return error;
    throw error;
  }
  throw new Error('Expected the statement to be rejected by the database, but it succeeded');
}
